import { describe, expect, it, vi } from 'vitest';
import {
  createShortcutMatcher,
  isEditableTarget,
  type Shortcut,
} from '../../../renderer/src/components/keyboard';

function shortcuts() {
  const ran: string[] = [];
  const make = (keys: string): Shortcut => ({ keys, description: keys, run: () => ran.push(keys) });
  return { list: [make('g o'), make('g s'), make('/'), make('?'), make('j')], ran };
}

const input = (type = 'text') => ({
  tagName: 'INPUT',
  getAttribute: (n: string) => (n === 'type' ? type : null),
});

describe('shortcut matcher', () => {
  it('matches two-key sequences and single keys', () => {
    const { list } = shortcuts();
    const m = createShortcutMatcher(list);
    expect(m.handle({ key: 'g' }, 0)).toBeNull();
    expect(m.pending).toBe(true);
    expect(m.handle({ key: 's' }, 100)?.keys).toBe('g s');
    expect(m.pending).toBe(false);
    expect(m.handle({ key: '/' }, 200)?.keys).toBe('/');
    expect(m.handle({ key: '?' }, 300)?.keys).toBe('?');
  });

  it('forgets a half-typed sequence after a pause, on Escape, and starts over on a miss', () => {
    const { list } = shortcuts();
    const m = createShortcutMatcher(list, { timeoutMs: 1_000 });
    m.handle({ key: 'g' }, 0);
    expect(m.handle({ key: 'o' }, 2_000)).toBeNull();
    m.handle({ key: 'g' }, 3_000);
    m.handle({ key: 'Escape' }, 3_001);
    expect(m.handle({ key: 'o' }, 3_002)).toBeNull();
    m.handle({ key: 'g' }, 4_000);
    expect(m.handle({ key: 'j' }, 4_001)?.keys).toBe('j');
  });

  it('ignores keys typed into fields and keys with modifiers', () => {
    const { list } = shortcuts();
    const m = createShortcutMatcher(list);
    expect(m.handle({ key: '/', target: input() })).toBeNull();
    expect(m.handle({ key: '/', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(m.handle({ key: '/', target: input('checkbox') })?.keys).toBe('/');
    expect(m.handle({ key: 'g', ctrlKey: true })).toBeNull();
    expect(m.pending).toBe(false);
    expect(m.handle({ key: 'j', metaKey: true })).toBeNull();
  });

  it('ignores Shift on its own (so "?" typed as Shift+/ works)', () => {
    const { list } = shortcuts();
    const m = createShortcutMatcher(list);
    expect(m.handle({ key: 'Shift' })).toBeNull();
    expect(m.handle({ key: '?' })?.keys).toBe('?');
  });
});

describe('isEditableTarget', () => {
  it('knows fields from buttons', () => {
    expect(isEditableTarget(input('search'))).toBe(true);
    expect(isEditableTarget(input('radio'))).toBe(false);
    expect(isEditableTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isEditableTarget({ tagName: 'BUTTON', getAttribute: vi.fn(() => null) })).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});
