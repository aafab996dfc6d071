import { describe, expect, it, vi } from 'vitest';
import {
  hashWithoutToken,
  hrefFor,
  navigate,
  parseHash,
  ROUTES,
  stripTokenFromUrl,
} from '../../../renderer/src/router';

describe('routes', () => {
  it('has every page of the control center, each with its module name and a unique shortcut', () => {
    expect(ROUTES.map((r) => r.id)).toEqual([
      'overview',
      'spend',
      'substitution',
      'capacity',
      'requests',
      'tasks',
      'rules',
      'budgets',
      'providers',
      'connect',
      'settings',
    ]);
    for (const route of ROUTES) {
      const name = route.id[0]!.toUpperCase() + route.id.slice(1);
      expect(route.exportName).toBe(`${name}Page`);
    }
    expect(new Set(ROUTES.map((r) => r.key)).size).toBe(ROUTES.length);
  });
});

describe('parseHash', () => {
  it('reads the page, the rest of the path and the query', () => {
    const location = parseHash('#/requests/abc%20d?tool=codex');
    expect(location.page).toBe('requests');
    expect(location.rest).toEqual(['abc d']);
    expect(location.params.get('tool')).toBe('codex');
  });

  it('opens the overview for an empty hash and for #token=… (farebox serve)', () => {
    expect(parseHash('').page).toBe('overview');
    expect(parseHash('#').page).toBe('overview');
    expect(parseHash('#/').page).toBe('overview');
    const served = parseHash('#token=secret');
    expect(served.page).toBe('overview');
    expect(served.params.has('token')).toBe(false);
  });

  it('knows aliases and unknown pages', () => {
    expect(parseHash('#/pools').page).toBe('capacity');
    expect(parseHash('#/nope').page).toBeNull();
    expect(parseHash('#/nope').path).toBe('/nope');
  });
});

describe('hrefFor', () => {
  it('builds hash links and drops empty params', () => {
    expect(hrefFor('spend')).toBe('#/spend');
    expect(hrefFor('spend', { group: 'tool', range: '30d', from: undefined, to: '' })).toBe(
      '#/spend?group=tool&range=30d',
    );
    expect(hrefFor('requests', undefined, ['a/b'])).toBe('#/requests/a%2Fb');
  });
});

describe('the token in the URL', () => {
  it('is removed once read, keeping the route', () => {
    expect(hashWithoutToken('#token=abc')).toBe('#/overview');
    expect(hashWithoutToken('#/spend?token=abc&group=tool')).toBe('#/spend?group=tool');
    expect(hashWithoutToken('#/spend?group=tool')).toBeNull();
  });

  it('is replaced in history, not pushed', () => {
    const replaceState = vi.fn();
    const win = {
      location: { hash: '#token=abc' },
      history: { state: null, replaceState },
    } as unknown as Window;
    stripTokenFromUrl(win);
    expect(replaceState).toHaveBeenCalledWith(null, '', '#/overview');
  });
});

describe('navigate', () => {
  it('sets the hash, or replaces it without a history entry', () => {
    const replaceState = vi.fn();
    const win = {
      location: { hash: '#/overview' },
      history: { state: null, replaceState },
    } as unknown as Window;
    navigate('spend', { group: 'tool' }, {}, win);
    expect(win.location.hash).toBe('#/spend?group=tool');
    navigate('spend', { group: 'model' }, { replace: true }, win);
    expect(replaceState).toHaveBeenCalledWith(null, '', '#/spend?group=model');
  });
});
