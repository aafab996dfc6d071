import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestPage, RequestQuery } from '../../../../shared/dashboard';
import { EMPTY_FILTERS } from '../../../../renderer/src/pages/requests/request-filters';
import {
  createRequestsStore,
  seenValues,
  selectActiveRow,
} from '../../../../renderer/src/stores/requests-store';
import { deferred, fakeClient, record } from './fixtures';

function at(second: number) {
  return `2025-11-20T10:00:${String(second).padStart(2, '0')}.000Z`;
}

const newest = record({ id: 'n', startedAt: at(50) });
const middle = record({
  id: 'm',
  startedAt: at(40),
  tool: 'codex',
  requestedModel: 'gpt-5',
  servedModel: 'gpt-5',
});
const oldest = record({ id: 'o', startedAt: at(30) });

function pages(query: RequestQuery): RequestPage {
  if (query.before) return { rows: [oldest], total: 3, next: null };
  return { rows: [newest, middle], total: 3, next: { startedAt: middle.startedAt, id: middle.id } };
}

describe('requests store', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the first page, then the next one from the cursor', async () => {
    const { client, calls } = fakeClient({ 'requests:query': pages });
    const store = createRequestsStore(client, { pageSize: 2 });
    await store.getState().reload();
    expect(store.getState()).toMatchObject({ total: 3, loading: false, activeIndex: 0 });
    expect(store.getState().rows.map((r) => r.id)).toEqual(['n', 'm']);
    await store.getState().loadMore();
    expect(store.getState().rows.map((r) => r.id)).toEqual(['n', 'm', 'o']);
    expect(store.getState().next).toBeNull();
    expect(calls('requests:query')[1]).toEqual([
      { before: { startedAt: middle.startedAt, id: 'm' }, limit: 2 },
    ]);
    await store.getState().loadMore();
    expect(calls('requests:query')).toHaveLength(2);
  });

  it('sends the filters and drops answers to filters that changed meanwhile', async () => {
    const slow = deferred<RequestPage>();
    let first = true;
    const { client, calls } = fakeClient({
      'requests:query': () => {
        if (first) {
          first = false;
          return slow.promise;
        }
        return { rows: [middle], total: 1, next: null };
      },
    });
    const store = createRequestsStore(client);
    const stale = store.getState().reload();
    await store.getState().applyFilters({ ...EMPTY_FILTERS, tool: 'codex' });
    slow.resolve({ rows: [newest, middle, oldest], total: 3, next: null });
    await stale;
    expect(store.getState().rows.map((r) => r.id)).toEqual(['m']);
    expect(calls('requests:query')[1]?.[0]).toMatchObject({ tool: 'codex' });
  });

  it('puts live rows that match the filters on top and keeps the cursor on its row', async () => {
    const { client, emit } = fakeClient({ 'requests:query': pages });
    const store = createRequestsStore(client);
    const stop = store.getState().start();
    await vi.waitFor(() => expect(store.getState().loading).toBe(false));
    store.getState().setActive(1);
    emit('requests:recorded', record({ id: 'live', startedAt: at(55) }));
    expect(store.getState().rows.map((r) => r.id)).toEqual(['live', 'n', 'm']);
    expect(store.getState()).toMatchObject({ total: 4, liveCount: 1, activeIndex: 2 });
    expect(selectActiveRow(store.getState())?.id).toBe('m');
    stop();
  });

  it('ignores live rows the filters exclude', async () => {
    const { client } = fakeClient({ 'requests:query': { rows: [middle], total: 1, next: null } });
    const store = createRequestsStore(client);
    await store.getState().applyFilters({ ...EMPTY_FILTERS, tool: 'codex' });
    store.getState().recorded(record({ id: 'cc', startedAt: at(59), tool: 'claude-code' }));
    expect(store.getState().rows.map((r) => r.id)).toEqual(['m']);
    expect(store.getState().total).toBe(1);
  });

  it('polls the newest page when the transport pushes nothing', async () => {
    vi.useFakeTimers();
    let rows = [newest];
    const { client } = fakeClient(
      { 'requests:query': () => ({ rows, total: rows.length, next: null }) },
      false,
    );
    const store = createRequestsStore(client, { pollMs: 1_000 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    rows = [record({ id: 'later', startedAt: at(58) }), newest];
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.getState().rows.map((r) => r.id)).toEqual(['later', 'n']);
    expect(store.getState().liveCount).toBe(1);
    stop();
  });

  it('moves the cursor, opens the detail of the active row and closes it', async () => {
    const detail = { record: middle, breakdown: null, prices: null };
    const { client, calls } = fakeClient({ 'requests:query': pages, 'requests:get': () => detail });
    const store = createRequestsStore(client);
    await store.getState().reload();
    store.getState().moveActive(1);
    store.getState().moveActive(5);
    expect(store.getState().activeIndex).toBe(1);
    await store.getState().open();
    expect(calls('requests:get')[0]).toEqual(['m']);
    expect(store.getState()).toMatchObject({ openId: 'm', detail, detailLoading: false });
    store.getState().close();
    expect(store.getState()).toMatchObject({ openId: null, detail: null });
  });

  it('says when a request is gone and drops a detail answer that arrives after closing', async () => {
    const slow = deferred<null>();
    const { client } = fakeClient({ 'requests:query': pages, 'requests:get': () => slow.promise });
    const store = createRequestsStore(client);
    await store.getState().reload();
    const opening = store.getState().open('n');
    store.getState().close();
    slow.resolve(null);
    await opening;
    expect(store.getState().detailError).toBeNull();
    const again = deferred<null>();
    const second = fakeClient({ 'requests:query': pages, 'requests:get': () => again.promise });
    const other = createRequestsStore(second.client);
    await other.getState().reload();
    const open = other.getState().open('n');
    again.resolve(null);
    await open;
    expect(other.getState().detailError).toMatch(/no longer in the log/);
  });

  it('reports a failed load', async () => {
    const { client } = fakeClient({ 'requests:query': () => Promise.reject(new Error('core down')) });
    const store = createRequestsStore(client);
    await store.getState().reload();
    expect(store.getState()).toMatchObject({ loading: false, error: 'core down' });
  });

  it('lists the values seen for the filter suggestions', () => {
    expect(seenValues([newest, middle], 'model')).toEqual(['claude-sonnet-4-5', 'gpt-5']);
    expect(seenValues([newest, middle], 'tool')).toEqual(['claude-code', 'codex']);
  });
});
