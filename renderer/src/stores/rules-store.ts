import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { RoutingDraft, RulesState } from '../../../shared/contract';
import type { ProviderSummary } from '../../../shared/dashboard';
import type { RequestRecord } from '../../../shared/records';
import type { RouteDryRun } from '../../../shared/routing';
import { api, errorMessage, type ApiClient } from '../lib/api';
import {
  dryRunInput,
  EMPTY_DRY_RUN,
  prefillFromRecord,
  type DryRunErrors,
  type DryRunForm,
} from '../pages/rules/dry-run-form';
import {
  aliasNames,
  blankDraft,
  draftFromRule,
  draftToRule,
  errorCount,
  moveItem,
  problemsByRule,
  sameRules,
  validateDrafts,
  type RuleContext,
  type RuleDraft,
} from '../pages/rules/rule-draft';

export const RECENT_FOR_DRY_RUN = 20;

export interface SaveMessage {
  kind: 'ok' | 'error';
  text: string;
}

export interface RulesStoreState {
  loading: boolean;
  error: string | null;
  drafts: RuleDraft[];
  /** The drafts as last loaded or saved (for "unsaved changes"). */
  saved: RuleDraft[];
  /** The stored aliases, sent back unchanged with every save. */
  aliasesRaw: unknown;
  aliases: string[];
  inForce: RulesState['inForce'] | null;
  /** Problems of the stored rule set (rules:get). */
  storedProblems: string[];
  providers: ProviderSummary[];
  providersError: string | null;
  budgetIds: string[];
  /** The core's verdict on the current drafts (rules:validate or a refused save), by draft index. */
  serverProblems: { byIndex: string[][]; general: string[] };
  validating: boolean;
  saving: boolean;
  saveMessage: SaveMessage | null;

  dryForm: DryRunForm;
  dryErrors: DryRunErrors;
  dryResult: RouteDryRun | null;
  dryRunning: boolean;
  dryError: string | null;
  recent: RequestRecord[];

  load(): Promise<void>;
  update(key: string, patch: Partial<RuleDraft>): void;
  add(): string;
  remove(key: string): void;
  move(key: string, delta: number): void;
  revert(): void;
  validate(): Promise<void>;
  save(): Promise<boolean>;
  setDryForm(patch: Partial<DryRunForm>): void;
  runDryRun(): Promise<void>;
  loadRecent(): Promise<void>;
  prefill(id: string): void;
}

export interface RulesStoreOptions {
  /** Quiet time after an edit before the core checks the drafts. */
  validateDebounceMs?: number;
}

export function createRulesStore(
  client: ApiClient,
  options: RulesStoreOptions = {},
): StoreApi<RulesStoreState> {
  const debounceMs = options.validateDebounceMs ?? 400;
  let validateSeq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  return createStore<RulesStoreState>()((set, get) => {
    const scheduleValidate = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void get().validate(), debounceMs);
    };
    const edit = (drafts: RuleDraft[]) => {
      set({ drafts, saveMessage: null });
      scheduleValidate();
    };
    const draftSet = (): RoutingDraft => ({
      aliases: get().aliasesRaw,
      rules: get().drafts.map(draftToRule),
    });

    return {
      loading: true,
      error: null,
      drafts: [],
      saved: [],
      aliasesRaw: undefined,
      aliases: [],
      inForce: null,
      storedProblems: [],
      providers: [],
      providersError: null,
      budgetIds: [],
      serverProblems: { byIndex: [], general: [] },
      validating: false,
      saving: false,
      saveMessage: null,

      dryForm: EMPTY_DRY_RUN,
      dryErrors: {},
      dryResult: null,
      dryRunning: false,
      dryError: null,
      recent: [],

      async load() {
        set({ loading: true, error: null });
        const [rules, providers, budgets] = await Promise.allSettled([
          client.call('rules:get'),
          client.call('providers:list'),
          client.call('budgets:status'),
        ]);
        if (providers.status === 'fulfilled') set({ providers: providers.value, providersError: null });
        else set({ providersError: errorMessage(providers.reason) });
        if (budgets.status === 'fulfilled') set({ budgetIds: budgets.value.map((b) => b.id) });
        if (rules.status === 'rejected') {
          set({ loading: false, error: errorMessage(rules.reason) });
          return;
        }
        const state = rules.value;
        const raw = Array.isArray(state.rules) ? state.rules : [];
        const drafts = raw.map((rule) => draftFromRule(rule));
        set({
          loading: false,
          drafts,
          saved: drafts,
          aliasesRaw: state.aliases,
          aliases: aliasNames(state.aliases, state.inForce.aliases),
          inForce: state.inForce,
          storedProblems: state.problems,
          serverProblems: problemsByRule(state.problems, drafts.length),
          saveMessage: null,
        });
      },

      update(key, patch) {
        edit(get().drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));
      },

      add() {
        const drafts = get().drafts;
        const draft = blankDraft(drafts.map((d) => d.id.trim()));
        edit([...drafts, draft]);
        return draft.key;
      },

      remove(key) {
        edit(get().drafts.filter((d) => d.key !== key));
      },

      move(key, delta) {
        const drafts = get().drafts;
        const from = drafts.findIndex((d) => d.key === key);
        edit(moveItem(drafts, from, from + delta));
      },

      revert() {
        clearTimeout(timer);
        validateSeq++;
        const saved = get().saved;
        set({
          drafts: saved,
          serverProblems: problemsByRule(get().storedProblems, saved.length),
          saveMessage: null,
          validating: false,
        });
      },

      async validate() {
        clearTimeout(timer);
        const seq = ++validateSeq;
        const count = get().drafts.length;
        set({ validating: true });
        try {
          const problems = await client.call('rules:validate', draftSet());
          if (seq !== validateSeq) return;
          set({ validating: false, serverProblems: problemsByRule(problems, count) });
        } catch (error) {
          if (seq !== validateSeq) return;
          set({
            validating: false,
            saveMessage: { kind: 'error', text: `Could not check the rules: ${errorMessage(error)}` },
          });
        }
      },

      async save() {
        const state = get();
        const errors = validateDrafts(state.drafts, selectRuleContext(state));
        const count = errorCount(errors);
        if (count > 0) {
          set({
            saveMessage: {
              kind: 'error',
              text: `Not saved: fix the ${count} problem${count === 1 ? '' : 's'} marked below first.`,
            },
          });
          return false;
        }
        clearTimeout(timer);
        validateSeq++;
        const drafts = state.drafts;
        set({ saving: true, saveMessage: null, validating: false });
        try {
          const result = await client.call('rules:set', draftSet());
          if (!result.saved || result.problems.length > 0) {
            set({
              saving: false,
              serverProblems: problemsByRule(result.problems, drafts.length),
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
            serverProblems: { byIndex: drafts.map(() => []), general: [] },
            saveMessage: { kind: 'ok', text: 'Saved. The next request is routed by these rules.' },
          });
          // Refresh what is in force (the dry run uses it) without touching the drafts being edited.
          try {
            const fresh = await client.call('rules:get');
            set({ inForce: fresh.inForce, storedProblems: fresh.problems, aliasesRaw: fresh.aliases });
          } catch {
            // The save itself worked; the next load picks the state up.
          }
          return true;
        } catch (error) {
          set({ saving: false, saveMessage: { kind: 'error', text: `Not saved: ${errorMessage(error)}` } });
          return false;
        }
      },

      setDryForm(patch) {
        const dryForm = { ...get().dryForm, ...patch };
        // Errors clear as the user fixes them; new ones appear on the next run.
        const errors = dryRunInput(dryForm).errors;
        const dryErrors = Object.fromEntries(
          Object.entries(get().dryErrors).filter(([key]) => key in errors),
        ) as DryRunErrors;
        set({ dryForm, dryErrors });
      },

      async runDryRun() {
        const { errors, input } = dryRunInput(get().dryForm);
        set({ dryErrors: errors });
        if (!input) return;
        set({ dryRunning: true, dryError: null });
        try {
          const dryResult = await client.call('rules:dry-run', input);
          set({ dryRunning: false, dryResult });
        } catch (error) {
          set({ dryRunning: false, dryError: errorMessage(error), dryResult: null });
        }
      },

      async loadRecent() {
        try {
          const page = await client.call('requests:query', { limit: RECENT_FOR_DRY_RUN });
          set({ recent: page.rows });
        } catch {
          set({ recent: [] });
        }
      },

      prefill(id) {
        const record = get().recent.find((r) => r.id === id);
        if (!record) return;
        set({ dryForm: prefillFromRecord(record), dryErrors: {}, dryResult: null, dryError: null });
      },
    };
  });
}

export const rulesStore = createRulesStore(api);

export function useRules<T>(selector: (state: RulesStoreState) => T): T {
  return useStore(rulesStore, selector);
}

/** Builds a new context object: call it in useMemo (or outside React), never as a store selector. */
export function selectRuleContext(state: Pick<RulesStoreState, 'providers' | 'aliases'>): RuleContext {
  return {
    // Until the providers are known (or when they could not be listed) the core alone checks provider ids.
    providers: state.providers.length > 0 ? new Map(state.providers.map((p) => [p.id, p.dialect])) : null,
    aliases: new Set(state.aliases),
  };
}

export function selectDirty(state: Pick<RulesStoreState, 'drafts' | 'saved'>): boolean {
  return state.drafts.length !== state.saved.length || !sameRules(state.drafts, state.saved);
}
