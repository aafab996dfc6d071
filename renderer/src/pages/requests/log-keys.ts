/** What a key press means in the request log. */
export type LogKeyAction = 'next' | 'previous' | 'first' | 'last' | 'open' | 'close' | null;

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The element the key was pressed in. */
  target: { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  /** True when the press happened inside the log grid itself (arrow keys and Home/End only count there). */
  inGrid: boolean;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function isTypingTarget(target: KeyInput['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  return target.tagName !== undefined && TYPING.has(target.tagName.toUpperCase());
}

/**
 * j / k (anywhere on the page but in a text field), ↓ / ↑ / Home / End (in the grid), Enter opens the active
 * row (in the grid), Esc closes the drawer (everywhere, also from a text field).
 */
export function logKeyAction(input: KeyInput): LogKeyAction {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (input.key === 'Escape') return 'close';
  if (isTypingTarget(input.target)) return null;
  const onControl = input.target?.tagName?.toUpperCase() === 'BUTTON' || input.target?.tagName === 'A';
  switch (input.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'ArrowDown':
      return input.inGrid ? 'next' : null;
    case 'ArrowUp':
      return input.inGrid ? 'previous' : null;
    case 'Home':
      return input.inGrid ? 'first' : null;
    case 'End':
      return input.inGrid ? 'last' : null;
    case 'Enter':
      return (input.inGrid && !onControl) || input.target?.tagName?.toUpperCase() === 'BODY' ? 'open' : null;
    default:
      return null;
  }
}
