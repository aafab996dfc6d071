import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  filtersToQuery,
  localDayStart,
  matchesQuery,
  mergeRows,
  validateFilters,
} from '../../../../renderer/src/pages/requests/request-filters';
import { record } from './fixtures';

describe('request filters', () => {
  it('turns filled fields into a query and leaves empty ones out', () => {
    expect(filtersToQuery(EMPTY_FILTERS)).toEqual({});
    expect(
      filtersToQuery(
        {
          ...EMPTY_FILTERS,
          tool: ' codex ',
          model: 'gpt-*',
          provider: 'openai',
          outcome: 'ok',
          search: ' boom ',
        },
        200,
      ),
    ).toEqual({
      tool: 'codex',
      model: 'gpt-*',
      provider: 'openai',
      outcome: 'ok',
      search: 'boom',
      limit: 200,
    });
  });

  it('makes dates local day bounds, the last day included in full', () => {
    const query = filtersToQuery({ ...EMPTY_FILTERS, from: '2025-11-03', until: '2025-11-05' });
    expect(query.from).toBe(new Date(2025, 10, 3).toISOString());
    expect(query.until).toBe(new Date(2025, 10, 6).toISOString());
  });

  it('rejects dates that are not calendar days and ranges that end before they start', () => {
    expect(localDayStart('2025-02-30')).toBeNull();
    expect(localDayStart('yesterday')).toBeNull();
    expect(validateFilters({ ...EMPTY_FILTERS, from: '2025-13-01' })).toEqual({ from: expect.any(String) });
    expect(validateFilters({ ...EMPTY_FILTERS, from: '2025-11-05', until: '2025-11-01' })).toEqual({
      until: 'The end date is before the start date',
    });
    expect(validateFilters({ ...EMPTY_FILTERS, from: '2025-11-05', until: '2025-11-05' })).toEqual({});
    expect(validateFilters({ ...EMPTY_FILTERS, outcome: 'nope' })).toHaveProperty('outcome');
    expect(validateFilters({ ...EMPTY_FILTERS, search: 'x'.repeat(201) })).toHaveProperty('search');
  });

  it('counts the active filters', () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, tool: 'codex', search: '  ' })).toBe(1);
  });

  it('matches live records the way the core filters', () => {
    const r = record({
      requestedModel: 'claude-sonnet-4-5',
      servedModel: 'gpt-4.1-mini',
      errorMessage: 'Upstream Boom',
    });
    expect(matchesQuery(r, {})).toBe(true);
    expect(matchesQuery(r, { model: 'GPT-*' })).toBe(true);
    expect(matchesQuery(r, { model: 'claude-*' })).toBe(true);
    expect(matchesQuery(r, { model: 'gemini-*' })).toBe(false);
    expect(matchesQuery(r, { tool: 'codex' })).toBe(false);
    expect(matchesQuery(r, { provider: 'anthropic', outcome: 'ok' })).toBe(true);
    expect(matchesQuery(r, { outcome: 'upstream_error' })).toBe(false);
    expect(matchesQuery(r, { search: 'boom' })).toBe(true);
    expect(matchesQuery(r, { search: 'r1' })).toBe(true);
    expect(matchesQuery(r, { search: 'nothing' })).toBe(false);
    expect(matchesQuery(r, { from: '2025-11-20T10:00:00.000Z', until: '2025-11-20T10:00:00.001Z' })).toBe(
      true,
    );
    expect(matchesQuery(r, { until: '2025-11-20T10:00:00.000Z' })).toBe(false);
    expect(matchesQuery(r, { from: '2025-11-21T00:00:00.000Z' })).toBe(false);
  });
});

describe('mergeRows', () => {
  const a = record({ id: 'a', startedAt: '2025-11-20T10:00:03.000Z' });
  const b = record({ id: 'b', startedAt: '2025-11-20T10:00:02.000Z' });
  const c = record({ id: 'c', startedAt: '2025-11-20T10:00:01.000Z' });

  it('puts new rows where they sort, newest first', () => {
    const result = mergeRows([a, c], [b], false);
    expect(result.rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(result.added).toBe(1);
  });

  it('replaces a known row in place and adds nothing', () => {
    const updated = { ...b, outcome: 'upstream_error' as const };
    const result = mergeRows([a, b, c], [updated], false);
    expect(result.rows[1]).toBe(updated);
    expect(result.added).toBe(0);
  });

  it('leaves rows older than the loaded ones to paging while more pages exist', () => {
    const old = record({ id: 'old', startedAt: '2025-11-19T00:00:00.000Z' });
    expect(mergeRows([a, b], [old], true).added).toBe(0);
    expect(mergeRows([a, b], [old], false).rows.map((r) => r.id)).toEqual(['a', 'b', 'old']);
  });

  it('breaks ties in start time by id, as the keyset cursor does', () => {
    const x = record({ id: 'x', startedAt: a.startedAt });
    expect(mergeRows([a], [x], false).rows.map((r) => r.id)).toEqual(['x', 'a']);
  });
});
