/** What copying needs from the browser, so tests can pass fakes. */
export interface ClipboardEnv {
  clipboard?: { writeText(text: string): Promise<void> } | null;
  document?: Pick<Document, 'createElement' | 'execCommand' | 'body'> | null;
}

function defaultEnv(): ClipboardEnv {
  return {
    clipboard: typeof navigator !== 'undefined' ? navigator.clipboard : null,
    document: typeof document !== 'undefined' ? document : null,
  };
}

/**
 * Copies text: the async Clipboard API first, and where it is missing or refused (an http:// page served by
 * `farebox serve` is not a secure context unless it is localhost) a hidden textarea and execCommand('copy').
 * Resolves to whether the text was copied.
 */
export async function copyText(text: string, env: ClipboardEnv = defaultEnv()): Promise<boolean> {
  if (env.clipboard) {
    try {
      await env.clipboard.writeText(text);
      return true;
    } catch {
      // Fall through to the textarea.
    }
  }
  const doc = env.document;
  if (!doc?.body) return false;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  try {
    area.select();
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
