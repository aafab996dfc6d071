import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskReport, TaskRow } from '../../../../shared/outcomes';
import {
  filterTasks,
  resolvedShare,
  taskRange,
  validateOutcome,
  withOutcome,
} from '../../../../renderer/src/pages/tasks/task-view';
import { createTasksStore } from '../../../../renderer/src/stores/tasks-store';
import { deferred, fakeClient } from './fixtures';

const tokens = { input: 1, cacheRead: 0, cacheWrite: 0, output: 1, total: 2 };

function task(overrides: Partial<TaskRow> = {}): TaskRow {
  return {
    taskId: 't1',
    tools: ['claude-code'],
    models: ['claude-sonnet-4-5'],
    firstRequestAt: '2025-11-20T10:00:00.000Z',
    lastRequestAt: '2025-11-20T11:00:00.000Z',
    requests: 3,
    tokens,
    costUsd: 0.5,
    onDemandCostUsd: 0.5,
    unpricedRequests: 0,
    outcome: 'open',
    markedAt: null,
    note: null,
    ...overrides,
  };
}

function report(tasks: TaskRow[]): TaskReport {
  return {
    since: null,
    until: null,
    tasks,
    summary: {
      tasks: tasks.length,
      resolved: tasks.filter((t) => t.outcome === 'resolved').length,
      failed: 0,
      abandoned: 0,
      open: tasks.filter((t) => t.outcome === 'open').length,
      requests: 3,
      tokens,
      costUsd: 1,
      onDemandCostUsd: 1,
      unpricedRequests: 0,
      resolvedCostUsd: 0,
      costPerTaskUsd: 0.5,
      costPerResolvedTaskUsd: null,
      meanResolvedTaskCostUsd: null,
    },
    byTool: [],
    byModel: [],
    untasked: { requests: 0, costUsd: 0, onDemandCostUsd: 0, unpricedRequests: 0 },
  };
}

describe('task view helpers', () => {
  it('turns a preset into a range from local midnight', () => {
    const now = new Date(2025, 10, 20, 15, 30).getTime();
    expect(taskRange('7d', now)).toEqual({ since: new Date(2025, 10, 14).toISOString() });
    expect(taskRange('all', now)).toBeUndefined();
  });

  it('filters by outcome and searches ids, tools, models and notes', () => {
    const tasks = [
      task(),
      task({ taskId: 'fix-login', outcome: 'resolved', note: 'merged' }),
      task({ taskId: 'x', tools: ['codex'] }),
    ];
    expect(filterTasks(tasks, 'resolved', '').map((t) => t.taskId)).toEqual(['fix-login']);
    expect(filterTasks(tasks, 'all', 'CODEX').map((t) => t.taskId)).toEqual(['x']);
    expect(filterTasks(tasks, 'all', 'merged').map((t) => t.taskId)).toEqual(['fix-login']);
  });

  it('validates an outcome mark', () => {
    expect(validateOutcome({ outcome: 'resolved', note: 'ok' })).toEqual({});
    expect(validateOutcome({ outcome: 'resolved', note: 'x'.repeat(501) })).toHaveProperty('note');
    expect(validateOutcome({ outcome: 'open', note: 'why' })).toHaveProperty('note');
    expect(validateOutcome({ outcome: 'maybe' as never, note: '' })).toHaveProperty('outcome');
  });

  it('applies a mark to one task and clears it for open', () => {
    const marked = withOutcome(
      report([task(), task({ taskId: 't2' })]),
      't1',
      'failed',
      'flaky',
      '2025-11-21T00:00:00.000Z',
    );
    expect(marked.tasks[0]).toMatchObject({
      outcome: 'failed',
      note: 'flaky',
      markedAt: '2025-11-21T00:00:00.000Z',
    });
    expect(marked.tasks[1]?.outcome).toBe('open');
    expect(withOutcome(marked, 't1', 'open', 'x', 'y').tasks[0]).toMatchObject({
      outcome: 'open',
      note: null,
      markedAt: null,
    });
    expect(resolvedShare({ ...marked.summary, tasks: 4, resolved: 1, open: 2 })).toBe(
      '1 of 4 resolved (50 % of those marked)',
    );
  });
});

describe('tasks store', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the report for the range and reloads when it changes', async () => {
    const { client, calls } = fakeClient({ 'tasks:list': report([task()]) });
    const store = createTasksStore(client, { now: () => new Date(2025, 10, 20, 12).getTime() });
    await store.getState().refresh();
    expect(store.getState().report?.tasks).toHaveLength(1);
    expect(calls('tasks:list')[0]).toEqual([{ since: new Date(2025, 9, 22).toISOString() }]);
    store.getState().setRange('all');
    await vi.waitFor(() => expect(calls('tasks:list')).toHaveLength(2));
    expect(calls('tasks:list')[1]).toEqual([]);
  });

  it('marks an outcome at once, then takes the core’s record and recomputed summary', async () => {
    const answer = deferred<{ taskId: string; outcome: 'resolved'; markedAt: string; note: string | null }>();
    const { client, calls } = fakeClient({
      'tasks:list': report([task()]),
      'tasks:outcome': () => answer.promise,
    });
    const store = createTasksStore(client);
    await store.getState().refresh();
    const marking = store.getState().mark('t1', { outcome: 'resolved', note: ' shipped ' });
    expect(store.getState().report?.tasks[0]?.outcome).toBe('resolved');
    expect(store.getState().marks.t1).toEqual({ saving: true, error: null });
    answer.resolve({
      taskId: 't1',
      outcome: 'resolved',
      markedAt: '2025-11-21T00:00:00.000Z',
      note: 'shipped',
    });
    expect(await marking).toBe(true);
    expect(calls('tasks:outcome')[0]).toEqual(['t1', 'resolved', 'shipped']);
    expect(store.getState().marks.t1).toBeUndefined();
    await vi.waitFor(() => expect(calls('tasks:list')).toHaveLength(2));
  });

  it('puts the old mark back when saving fails, and never sends an invalid one', async () => {
    const { client, calls } = fakeClient({
      'tasks:list': report([task({ outcome: 'failed', note: 'old' })]),
      'tasks:outcome': () => Promise.reject(new Error('disk full')),
    });
    const store = createTasksStore(client);
    await store.getState().refresh();
    expect(await store.getState().mark('t1', { outcome: 'open', note: 'nope' })).toBe(false);
    expect(calls('tasks:outcome')).toHaveLength(0);
    expect(await store.getState().mark('t1', { outcome: 'resolved', note: '' })).toBe(false);
    expect(calls('tasks:outcome')[0]).toEqual(['t1', 'resolved']);
    expect(store.getState().report?.tasks[0]).toMatchObject({ outcome: 'failed', note: 'old' });
    expect(store.getState().marks.t1?.error).toBe('disk full');
  });
});
