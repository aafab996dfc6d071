import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { TaskReport } from '../../../shared/outcomes';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';
import {
  taskRange,
  validateOutcome,
  withOutcome,
  type OutcomeForm,
  type StatusFilter,
  type TaskRangePreset,
} from '../pages/tasks/task-view';

export interface MarkState {
  saving: boolean;
  error: string | null;
}

export interface TasksState {
  range: TaskRangePreset;
  report: TaskReport | null;
  loading: boolean;
  error: string | null;
  status: StatusFilter;
  search: string;
  /** Per task id: a mark being saved or one that failed. */
  marks: Record<string, MarkState>;

  setRange(range: TaskRangePreset): void;
  setStatus(status: StatusFilter): void;
  setSearch(search: string): void;
  refresh(): Promise<void>;
  mark(taskId: string, form: OutcomeForm): Promise<boolean>;
  start(): () => void;
}

export interface TasksStoreOptions {
  now?: () => number;
  pollMs?: number;
  debounceMs?: number;
}

export function createTasksStore(client: ApiClient, options: TasksStoreOptions = {}): StoreApi<TasksState> {
  const now = options.now ?? Date.now;
  let version = 0;

  return createStore<TasksState>()((set, get) => {
    const load = async () => {
      const asked = version;
      try {
        const range = taskRange(get().range, now());
        const report = range ? await client.call('tasks:list', range) : await client.call('tasks:list');
        if (asked !== version) return;
        set({ report, loading: false, error: null });
      } catch (error) {
        if (asked !== version) return;
        set({ loading: false, error: errorMessage(error) });
      }
    };
    const refresh = serialized(load);

    return {
      range: '30d',
      report: null,
      loading: true,
      error: null,
      status: 'all',
      search: '',
      marks: {},

      setRange(range) {
        if (range === get().range) return;
        version++;
        set({ range, loading: true });
        void refresh();
      },
      setStatus(status) {
        set({ status });
      },
      setSearch(search) {
        set({ search });
      },
      refresh,

      async mark(taskId, form) {
        const errors = validateOutcome(form);
        if (Object.keys(errors).length > 0) {
          set({
            marks: { ...get().marks, [taskId]: { saving: false, error: Object.values(errors).join(' ') } },
          });
          return false;
        }
        const previous = get().report;
        const note = form.note.trim() || null;
        set({ marks: { ...get().marks, [taskId]: { saving: true, error: null } } });
        if (previous)
          set({ report: withOutcome(previous, taskId, form.outcome, note, new Date(now()).toISOString()) });
        try {
          const record =
            note === null
              ? await client.call('tasks:outcome', taskId, form.outcome)
              : await client.call('tasks:outcome', taskId, form.outcome, note);
          const report = get().report;
          if (report && record)
            set({ report: withOutcome(report, taskId, record.outcome, record.note, record.markedAt) });
          const { [taskId]: _done, ...rest } = get().marks;
          set({ marks: rest });
          // The summary and the per-tool figures depend on the marks: let the core recompute them.
          void refresh();
          return true;
        } catch (error) {
          const report = get().report;
          const before = previous?.tasks.find((t) => t.taskId === taskId);
          if (report && before)
            set({ report: withOutcome(report, taskId, before.outcome, before.note, before.markedAt) });
          set({ marks: { ...get().marks, [taskId]: { saving: false, error: errorMessage(error) } } });
          return false;
        }
      },

      start() {
        void refresh();
        return watch(client, ['requests:recorded'], () => void refresh(), {
          pollMs: options.pollMs ?? 10_000,
          debounceMs: options.debounceMs ?? 2_000,
        });
      },
    };
  });
}

export const tasksStore = createTasksStore(api);

export function useTasks<T>(selector: (state: TasksState) => T): T {
  return useStore(tasksStore, selector);
}

export function selectMark(state: Pick<TasksState, 'marks'>, taskId: string): MarkState | undefined {
  return state.marks[taskId];
}
