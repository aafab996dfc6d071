import { useEffect, useRef } from 'react';
import type { Shortcut } from './keyboard';

function KeyCaps({ keys }: { keys: string }) {
  return (
    <>
      {keys.split(' ').map((key, i) => (
        <span key={i}>
          {i > 0 && ' then '}
          <kbd>{key}</kbd>
        </span>
      ))}
    </>
  );
}

/** The list of keyboard shortcuts ("?"), as a modal dialog. */
export function ShortcutsDialog({
  open,
  onClose,
  shortcuts,
}: {
  open: boolean;
  onClose: () => void;
  shortcuts: readonly Shortcut[];
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="data-table compact">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <tbody>
          {shortcuts
            .filter((s) => s.listed !== false)
            .map((shortcut) => (
              <tr key={shortcut.keys}>
                <th scope="row">
                  <KeyCaps keys={shortcut.keys} />
                </th>
                <td>{shortcut.description}</td>
              </tr>
            ))}
          <tr>
            <th scope="row">
              <KeyCaps keys="j" /> / <KeyCaps keys="k" />
            </th>
            <td>Next / previous row in a list</td>
          </tr>
        </tbody>
      </table>
      <p className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={onClose}>
          Close
        </button>
      </p>
    </dialog>
  );
}
