import { readSetting, writeSetting } from '../store/settings-table';
import { createHash } from 'node:crypto';
import type { FareboxConfig } from '../config/load-config';
import type { Db } from '../store/open-database';
import type { RoutingConfig } from '../../../shared/routing';
import type { BudgetConfig } from './budget-schema';
import { validateBudgets } from './validate-budgets';

const BUDGETS_KEY = 'budgets';
const SOURCE_HASH_KEY = 'budgets.config-hash';

/**
 * Keeps the budgets in SQLite so the dashboard can edit them, and the config file's budgets in charge whenever
 * the file changes (as RoutingStore does for rules): on start, a `budgets` section that differs from the one
 * last imported replaces the stored budgets; otherwise the stored budgets, as last edited, apply.
 *
 * Budgets are checked against the current routing aliases on every read (a downgrade may name an alias, and
 * the rules editor can change the aliases at any time); the result is cached per aliases object.
 */
export class BudgetStore {
  private readonly providers: ReadonlyMap<string, string>;
  private stored: unknown;
  private checked: { aliases: RoutingConfig['aliases']; budgets: BudgetConfig[]; problems: string[] } | null =
    null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    config: FareboxConfig,
    private readonly aliases: () => RoutingConfig['aliases'],
  ) {
    this.providers = new Map(config.providers.map((p) => [p.id, p.dialect]));
    const fromFile = config.budgets;
    const fileHasBudgets = fromFile !== undefined;
    const fileHash = createHash('sha256')
      .update(JSON.stringify(fromFile ?? null))
      .digest('hex');
    const stored = readSetting(this.db, BUDGETS_KEY);
    if (stored === null || (fileHasBudgets && readSetting(this.db, SOURCE_HASH_KEY) !== fileHash)) {
      this.stored = fromFile;
      if (fileHasBudgets) {
        writeSetting(this.db, BUDGETS_KEY, JSON.stringify(fromFile));
        writeSetting(this.db, SOURCE_HASH_KEY, fileHash);
      }
    } else {
      this.stored = parseStored(stored);
    }
  }

  /** The budgets in force: the stored ones that pass validation. */
  budgets(): BudgetConfig[] {
    return this.check().budgets;
  }

  /** Why some stored budgets are not in force (empty when all are valid). */
  problems(): string[] {
    return this.check().problems;
  }

  /** The budgets as stored (invalid ones included, so the editor can show and fix them). */
  raw(): unknown[] {
    return Array.isArray(this.stored) ? structuredClone(this.stored) : [];
  }

  /** Validates and stores a new budget list; nothing is stored when any budget is invalid. */
  replace(next: unknown[]): { ok: true } | { ok: false; problems: string[] } {
    const aliases = this.aliases();
    const checked = validateBudgets(next, this.providers, aliases);
    if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
    writeSetting(this.db, BUDGETS_KEY, JSON.stringify(checked.budgets));
    this.stored = structuredClone(checked.budgets);
    this.checked = { aliases, budgets: checked.budgets, problems: [] };
    for (const listener of this.listeners) listener();
    return { ok: true };
  }

  /** Checks a budget list without storing it (the editor's live validation). */
  validate(next: unknown): string[] {
    return validateBudgets(next, this.providers, this.aliases()).problems;
  }

  /** Called after every successful replace() (e.g. to rebuild the budget ledger); returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private check(): { budgets: BudgetConfig[]; problems: string[] } {
    const aliases = this.aliases();
    if (this.checked?.aliases !== aliases) {
      this.checked = { aliases, ...validateBudgets(this.stored, this.providers, aliases) };
    }
    return this.checked;
  }
}

/** A stored value that is not JSON (hand-edited database) reads as "no budgets" rather than failing start. */
function parseStored(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return [];
  }
}
