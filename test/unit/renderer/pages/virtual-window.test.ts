import { describe, expect, it } from 'vitest';
import {
  clampIndex,
  nearEnd,
  scrollToReveal,
  virtualWindow,
} from '../../../../renderer/src/pages/requests/virtual-window';
import { logKeyAction } from '../../../../renderer/src/pages/requests/log-keys';

describe('virtualWindow', () => {
  it('renders only the rows in view plus the overscan', () => {
    const view = virtualWindow(3600, 360, 36, 10_000, 5);
    expect(view).toEqual({ start: 95, end: 116, offsetTop: 95 * 36, totalHeight: 360_000 });
  });

  it('stays inside the list at both ends', () => {
    expect(virtualWindow(0, 360, 36, 4)).toMatchObject({ start: 0, end: 4 });
    expect(virtualWindow(1e9, 360, 36, 100).end).toBe(100);
    expect(virtualWindow(0, 360, 36, 0)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('asks for the next page near the loaded end only when there is one', () => {
    expect(nearEnd({ end: 170 }, 200, true)).toBe(true);
    expect(nearEnd({ end: 100 }, 200, true)).toBe(false);
    expect(nearEnd({ end: 200 }, 200, false)).toBe(false);
  });

  it('scrolls just enough to reveal the active row', () => {
    expect(scrollToReveal(0, 100, 360, 36)).toBe(0);
    expect(scrollToReveal(5, 0, 360, 36)).toBeNull();
    expect(scrollToReveal(10, 0, 360, 36)).toBe(11 * 36 - 360);
  });

  it('clamps the cursor', () => {
    expect(clampIndex(5, 0)).toBe(-1);
    expect(clampIndex(-3, 10)).toBe(0);
    expect(clampIndex(12, 10)).toBe(9);
  });
});

describe('log keys', () => {
  const grid = { tagName: 'DIV' };
  it('moves with j/k anywhere but in a text field', () => {
    expect(logKeyAction({ key: 'j', target: { tagName: 'BODY' }, inGrid: false })).toBe('next');
    expect(logKeyAction({ key: 'k', target: grid, inGrid: true })).toBe('previous');
    expect(logKeyAction({ key: 'j', target: { tagName: 'INPUT' }, inGrid: false })).toBeNull();
    expect(
      logKeyAction({ key: 'j', target: { tagName: 'DIV', isContentEditable: true }, inGrid: false }),
    ).toBeNull();
    expect(logKeyAction({ key: 'j', ctrlKey: true, target: grid, inGrid: true })).toBeNull();
  });

  it('uses arrows, Home, End and Enter only in the grid', () => {
    expect(logKeyAction({ key: 'ArrowDown', target: grid, inGrid: true })).toBe('next');
    expect(logKeyAction({ key: 'ArrowDown', target: grid, inGrid: false })).toBeNull();
    expect(logKeyAction({ key: 'End', target: grid, inGrid: true })).toBe('last');
    expect(logKeyAction({ key: 'Enter', target: grid, inGrid: true })).toBe('open');
    expect(logKeyAction({ key: 'Enter', target: { tagName: 'BUTTON' }, inGrid: true })).toBeNull();
    expect(logKeyAction({ key: 'Enter', target: { tagName: 'BODY' }, inGrid: false })).toBe('open');
  });

  it('closes with Esc even from a text field', () => {
    expect(logKeyAction({ key: 'Escape', target: { tagName: 'INPUT' }, inGrid: false })).toBe('close');
  });
});
