import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BudgetThresholdCrossed } from '../../../shared/contract';
import type { BudgetStatus } from '../../../shared/budgets';
import type { ProviderSummary } from '../../../shared/dashboard';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';
import {
  blankBudget,
  draftFromBudget,
  draftToBudget,
  problemsByBudget,
  sameBudgets,
  validateBudgetDrafts,
  type BudgetDraft,
} from '../pages/budgets/budget-draft';
import { aliasNames, type RuleContext } from '../pages/rules/rule-draft';
import type { SaveMessage } from './rules-store';

export interface BudgetsState {
  loading: boolean;
  error: string | null;
  status: BudgetStatus[];
  statusError: string | null;
  /** The last threshold crossing pushed by the core this session. */
  lastCrossing: BudgetThresholdCrossed | null;
  drafts: BudgetDraft[];
  saved: BudgetDraft[];
  /** Why stored budgets are not in force (budgets:get), then the core's answer to a save, by draft index. */
  problems: { byIndex: string[][]; general: string[] };
  providers: ProviderSummary[];
  aliases: string[];
  saving: boolean;
  saveMessage: SaveMessage | null;

  load(): Promise<void>;
  refreshStatus(): Promise<void>;
  update(key: string, patch: Partial<BudgetDraft>): void;
  add(): string;
  remove(key: string): void;
  revert(): void;
  save(): Promise<boolean>;
  start(): () => void;
}

export interface BudgetsStoreOptions {
  pollMs?: number;
  debounceMs?: number;
}

export function createBudgetsStore(
  client: ApiClient,
  options: BudgetsStoreOptions = {},
): StoreApi<BudgetsState> {
  return createStore<BudgetsState>()((set, get) => {
    const refreshStatus = serialized(async () => {
      try {
        const status = await client.call('budgets:status');
        set({ status, statusError: null });
      } catch (error) {
        set({ statusError: errorMessage(error) });
      }
    });
    const edit = (drafts: BudgetDraft[]) => set({ drafts, saveMessage: null });

    return {
      loading: true,
      error: null,
      status: [],
      statusError: null,
      lastCrossing: null,
      drafts: [],
      saved: [],
      problems: { byIndex: [], general: [] },
      providers: [],
      aliases: [],
      saving: false,
      saveMessage: null,

      async load() {
        set({ loading: true, error: null });
        const [stored, status, providers, rules] = await Promise.allSettled([
          client.call('budgets:get'),
          client.call('budgets:status'),
          client.call('providers:list'),
          client.call('rules:get'),
        ]);
        if (status.status === 'fulfilled') set({ status: status.value, statusError: null });
        else set({ statusError: errorMessage(status.reason) });
        if (providers.status === 'fulfilled') set({ providers: providers.value });
        if (rules.status === 'fulfilled') {
          set({ aliases: aliasNames(rules.value.aliases, rules.value.inForce.aliases) });
        }
        if (stored.status === 'rejected') {
          set({ loading: false, error: errorMessage(stored.reason) });
          return;
        }
        const drafts = stored.value.budgets.map((b) => draftFromBudget(b));
        set({
          loading: false,
          drafts,
          saved: drafts,
          problems: problemsByBudget(stored.value.problems, drafts.length),
          saveMessage: null,
        });
      },

      refreshStatus,

      update(key, patch) {
        edit(get().drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));
      },

      add() {
        const drafts = get().drafts;
        const draft = blankBudget(drafts.map((d) => d.id.trim()));
        edit([...drafts, draft]);
        return draft.key;
      },

      remove(key) {
        edit(get().drafts.filter((d) => d.key !== key));
      },

      revert() {
        set({ drafts: get().saved, saveMessage: null });
      },

      async save() {
        const state = get();
        const errors = validateBudgetDrafts(state.drafts, selectBudgetContext(state));
        const count = errors.reduce((sum, e) => sum + Object.keys(e).length, 0);
        if (count > 0) {
          set({
            saveMessage: {
              kind: 'error',
              text: `Not saved: fix the ${count} problem${count === 1 ? '' : 's'} marked below first.`,
            },
          });
          return false;
        }
        const drafts = state.drafts;
        set({ saving: true, saveMessage: null });
        try {
          const result = await client.call('budgets:set', drafts.map(draftToBudget));
          if (!result.saved || result.problems.length > 0) {
            set({
              saving: false,
              problems: problemsByBudget(result.problems, drafts.length),
              saveMessage: {
                kind: 'error',
                text: `Not saved: the core found ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}.`,
              },
            });
            return false;
          }
          set({
            saving: false,
            saved: drafts,
            problems: { byIndex: drafts.map(() => []), general: [] },
            saveMessage: { kind: 'ok', text: 'Saved. The budgets apply from the next request.' },
          });
          await get().refreshStatus();
          return true;
        } catch (error) {
          set({ saving: false, saveMessage: { kind: 'error', text: `Not saved: ${errorMessage(error)}` } });
          return false;
        }
      },

      start() {
        const current = get();
        // Unsaved edits survive leaving the page; a clean editor reloads.
        if (current.loading || !selectBudgetsDirty(current)) void current.load();
        else void current.refreshStatus();
        return watch(
          client,
          ['requests:recorded', 'budget:threshold-crossed'],
          () => void get().refreshStatus(),
          {
            pollMs: options.pollMs,
            debounceMs: options.debounceMs,
            onEvent: (event, payload) => {
              if (event === 'budget:threshold-crossed')
                set({ lastCrossing: payload as BudgetThresholdCrossed });
            },
          },
        );
      },
    };
  });
}

export const budgetsStore = createBudgetsStore(api);

export function useBudgets<T>(selector: (state: BudgetsState) => T): T {
  return useStore(budgetsStore, selector);
}

/** A new object: call it in useMemo, never as a store selector. */
export function selectBudgetContext(state: Pick<BudgetsState, 'providers' | 'aliases'>): RuleContext {
  return {
    providers: state.providers.length > 0 ? new Map(state.providers.map((p) => [p.id, p.dialect])) : null,
    aliases: new Set(state.aliases),
  };
}

export function selectBudgetsDirty(state: Pick<BudgetsState, 'drafts' | 'saved'>): boolean {
  return state.drafts.length !== state.saved.length || !sameBudgets(state.drafts, state.saved);
}

/** The status of a draft's budget, when it is in force. */
export function statusFor(status: readonly BudgetStatus[], id: string): BudgetStatus | undefined {
  return status.find((s) => s.id === id.trim());
}
