import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts: single keys ("/", "?", "j") and two-key sequences ("g o"), ignored while typing in a
 * field and whenever Ctrl, Alt or Meta is held (those belong to the browser and the OS).
 */
export interface Shortcut {
  /** Space-separated key sequence, e.g. "g o" or "/". */
  keys: string;
  description: string;
  run: () => void;
  /** Shown in the help list; default true. */
  listed?: boolean;
}

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  target?: unknown;
}

interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
}

/** True when the key goes to a text field, a select or an editable element rather than to shortcuts. */
export function isEditableTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const element = target as ElementLike;
  if (element.isContentEditable) return true;
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (element.getAttribute?.('type') ?? 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return element.getAttribute?.('role') === 'textbox';
}

export interface ShortcutMatcher {
  /** Feeds one key press; returns the shortcut it completes, if any. */
  handle(event: KeyLike, now?: number): Shortcut | null;
  /** A sequence is half typed (e.g. "g" was pressed). */
  readonly pending: boolean;
}

export function createShortcutMatcher(
  shortcuts: readonly Shortcut[],
  options: { timeoutMs?: number } = {},
): ShortcutMatcher {
  const timeoutMs = options.timeoutMs ?? 1_500;
  const parsed = shortcuts.map((shortcut) => ({ shortcut, keys: shortcut.keys.split(' ').filter(Boolean) }));
  let typed: string[] = [];
  let lastAt = 0;
  return {
    get pending() {
      return typed.length > 0;
    },
    handle(event, now = Date.now()) {
      if (event.ctrlKey || event.altKey || event.metaKey) {
        typed = [];
        return null;
      }
      if (isEditableTarget(event.target)) return null;
      if (event.key === 'Shift' || event.key === 'Escape') {
        if (event.key === 'Escape') typed = [];
        return null;
      }
      if (typed.length > 0 && now - lastAt > timeoutMs) typed = [];
      lastAt = now;
      const attempt = [...typed, event.key];
      const matches = (prefix: string[]) =>
        parsed.filter((p) => prefix.every((key, i) => p.keys[i] === key) && p.keys.length >= prefix.length);
      let candidates = matches(attempt);
      if (candidates.length === 0 && typed.length > 0) {
        // A fresh start: "g x" failed, but "x" alone may be a shortcut.
        typed = [];
        candidates = matches([event.key]);
        if (candidates.length === 0) return null;
        attempt.splice(0, attempt.length, event.key);
      }
      if (candidates.length === 0) {
        typed = [];
        return null;
      }
      const complete = candidates.find((c) => c.keys.length === attempt.length);
      if (complete) {
        typed = [];
        return complete.shortcut;
      }
      typed = attempt;
      return null;
    },
  };
}

/** Binds shortcuts to the window while the component is mounted. */
export function useShortcuts(shortcuts: readonly Shortcut[], enabled = true): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  const keys = shortcuts.map((s) => s.keys).join('\n');
  useEffect(() => {
    if (!enabled) return;
    const bound = latest.current.map((s) => ({
      ...s,
      run: () => latest.current.find((l) => l.keys === s.keys)?.run(),
    }));
    const matcher = createShortcutMatcher(bound);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const shortcut = matcher.handle(event);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [keys, enabled]);
}

/**
 * j/k (and Enter) for a list anywhere on the page, not only while it has focus: moves `active` and opens it.
 * VirtualList handles the same keys itself when focused.
 */
export function useListKeys(options: {
  count: number;
  active: number;
  onMove: (index: number) => void;
  onOpen?: (index: number) => void;
  enabled?: boolean;
}): void {
  const { count, active, onMove, onOpen, enabled = true } = options;
  useShortcuts(
    [
      {
        keys: 'j',
        description: 'Next row',
        run: () => onMove(Math.min(count - 1, active + 1)),
        listed: false,
      },
      { keys: 'k', description: 'Previous row', run: () => onMove(Math.max(0, active - 1)), listed: false },
      ...(onOpen
        ? [{ keys: 'o', description: 'Open row', run: () => active >= 0 && onOpen(active), listed: false }]
        : []),
    ],
    enabled && count > 0,
  );
}

/** "/" focuses the page's search field: the first input[type=search] or [data-shortcut-search]. */
export function focusSearch(root: ParentNode = document): boolean {
  const field = root.querySelector<HTMLElement>('[data-shortcut-search], input[type="search"]');
  if (!field) return false;
  field.focus();
  if (field instanceof HTMLInputElement) field.select();
  return true;
}
