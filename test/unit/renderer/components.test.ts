import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../renderer/src/components/csv';
import { nextSort, sortRows, type Column } from '../../../renderer/src/components/data-table';
import {
  parseLocalDate,
  rangeProblem,
  resolveRange,
  toLocalDate,
} from '../../../renderer/src/components/range';
import { moveIndex, scrollToReveal, visibleRange } from '../../../renderer/src/components/virtual-list';

interface Row {
  name: string;
  cost: number | null;
}

const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', cell: (r) => r.name, sortValue: (r) => r.name },
  { id: 'cost', header: 'Cost', numeric: true, cell: (r) => String(r.cost), sortValue: (r) => r.cost },
  { id: 'plain', header: 'Plain', cell: () => '' },
];

describe('DataTable sorting', () => {
  const rows: Row[] = [
    { name: 'b', cost: 2 },
    { name: 'a', cost: null },
    { name: 'c', cost: 5 },
    { name: 'd', cost: 2 },
  ];

  it('sorts by a column either way, nulls last, ties in their original order', () => {
    expect(sortRows(rows, columns, { column: 'cost', direction: 'desc' }).map((r) => r.name)).toEqual([
      'c',
      'b',
      'd',
      'a',
    ]);
    expect(sortRows(rows, columns, { column: 'cost', direction: 'asc' }).map((r) => r.name)).toEqual([
      'b',
      'd',
      'c',
      'a',
    ]);
    expect(sortRows(rows, columns, { column: 'name', direction: 'asc' }).map((r) => r.name)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('leaves rows alone without a sort or for an unsortable column, and never mutates', () => {
    expect(sortRows(rows, columns, null)).toEqual(rows);
    expect(sortRows(rows, columns, { column: 'plain', direction: 'asc' })).toEqual(rows);
    expect(rows[0]?.name).toBe('b');
  });

  it('starts numbers high-to-low and text A–Z, and flips on a second click', () => {
    expect(nextSort(null, columns[1]!)).toEqual({ column: 'cost', direction: 'desc' });
    expect(nextSort(null, columns[0]!)).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort({ column: 'cost', direction: 'desc' }, columns[1]!)).toEqual({
      column: 'cost',
      direction: 'asc',
    });
  });
});

describe('VirtualList windowing', () => {
  it('renders only the rows in view plus the overscan', () => {
    expect(visibleRange(0, 400, 40, 1_000_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(40_000, 400, 40, 1_000_000, 5)).toEqual({ start: 995, end: 1016 });
    expect(visibleRange(10_000_000, 400, 40, 100, 5)).toEqual({ start: 99, end: 100 });
    expect(visibleRange(0, 400, 40, 0)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(0, 400, 400, 40)).toBe(0);
    expect(scrollToReveal(20, 0, 400, 40)).toBe(440);
    expect(scrollToReveal(12, 400, 400, 40)).toBe(400);
  });

  it('moves with j/k, arrows, Home/End and pages, within bounds', () => {
    expect(moveIndex('j', -1, 10, 5)).toBe(0);
    expect(moveIndex('j', 9, 10, 5)).toBe(9);
    expect(moveIndex('k', 0, 10, 5)).toBe(0);
    expect(moveIndex('ArrowUp', 4, 10, 5)).toBe(3);
    expect(moveIndex('End', 0, 10, 5)).toBe(9);
    expect(moveIndex('Home', 7, 10, 5)).toBe(0);
    expect(moveIndex('PageDown', 7, 10, 5)).toBe(9);
    expect(moveIndex('x', 1, 10, 5)).toBeNull();
    expect(moveIndex('j', 0, 0, 5)).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    const csv = toCsv(
      ['key', 'cost'],
      [
        ['plain', 1.5],
        ['with, comma', null],
        ['say "hi"', 0.000123],
        ['=HYPERLINK("x")', -1],
        ['multi\nline', Number.NaN],
      ],
    );
    expect(csv).toBe(
      'key,cost\r\nplain,1.5\r\n"with, comma",\r\n"say ""hi""",0.000123\r\n"\'=HYPERLINK(""x"")",-1\r\n"multi\nline",\r\n',
    );
  });
});

describe('ranges', () => {
  const now = new Date(2025, 10, 20, 14, 35).getTime();

  it('resolves presets to query bounds and buckets', () => {
    const day = resolveRange({ preset: '24h' }, now);
    expect(day.bucket).toBe('hour');
    expect(Date.parse(day.until)).toBe(now);
    expect(Date.parse(day.from)).toBe(new Date(2025, 10, 19, 15, 0).getTime());
    expect(resolveRange({ preset: '7d' }, now).bucket).toBe('hour');
    const month = resolveRange({ preset: '30d' }, now);
    expect(month.bucket).toBe('day');
    expect(Date.parse(month.from)).toBe(new Date(2025, 9, 22).getTime());
    expect(month.followsNow).toBe(true);
  });

  it('uses whole local days for a custom range, by hour when short', () => {
    const short = resolveRange({ preset: 'custom', fromDate: '2025-11-01', toDate: '2025-11-02' }, now);
    expect(Date.parse(short.from)).toBe(new Date(2025, 10, 1).getTime());
    expect(Date.parse(short.until)).toBe(new Date(2025, 10, 3).getTime());
    expect(short.bucket).toBe('hour');
    expect(short.followsNow).toBe(false);
    const long = resolveRange({ preset: 'custom', fromDate: '2025-10-01', toDate: '2025-11-20' }, now);
    expect(long.bucket).toBe('day');
    expect(Date.parse(long.until)).toBe(now);
    expect(long.followsNow).toBe(true);
  });

  it('says what is wrong with a custom range', () => {
    expect(rangeProblem({ preset: '7d' })).toBeNull();
    expect(rangeProblem({ preset: 'custom', toDate: '2025-11-02' })).toMatch(/start/);
    expect(rangeProblem({ preset: 'custom', fromDate: '2025-11-02' })).toMatch(/end date/);
    expect(rangeProblem({ preset: 'custom', fromDate: '2025-11-02', toDate: '2025-11-01' })).toMatch(
      /before/,
    );
    expect(resolveRange({ preset: 'custom', fromDate: 'x' }, now).bucket).toBe('hour');
    expect(parseLocalDate('2025-13-45')).toBeNull();
    expect(parseLocalDate('2025-02-29')).toBeNull();
    expect(parseLocalDate('2024-02-29')).toBe(new Date(2024, 1, 29).getTime());
    expect(toLocalDate(new Date(2025, 0, 5).getTime())).toBe('2025-01-05');
  });
});
