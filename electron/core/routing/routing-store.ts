import { readSetting, writeSetting } from '../store/settings-table';
import { createHash } from 'node:crypto';
import type { RoutingConfig } from '../../../shared/routing';
import type { FareboxConfig } from '../config/load-config';
import type { RoutingState } from '../proxy/proxy-context';
import type { Db } from '../store/open-database';
import { Router } from './rule-match';
import { validateRouting } from './validate-rules';

const ROUTING_KEY = 'routing';
const SOURCE_HASH_KEY = 'routing.config-hash';

/**
 * Keeps the rules in SQLite so the rules editor can change them, and the config file's rules in charge
 * whenever the file changes: on start, a routing section that differs from the one last imported replaces
 * the stored rules (the newest edit wins); otherwise the stored rules, as last edited, apply.
 */
export class RoutingStore {
  readonly state: RoutingState;
  private readonly providers: ReadonlyMap<string, string>;

  constructor(
    private readonly db: Db,
    config: FareboxConfig,
  ) {
    this.providers = new Map(config.providers.map((p) => [p.id, p.dialect]));
    this.state = { router: new Router({ aliases: {}, rules: [] }), problems: [] };
    const fromFile = config.routing;
    const fileHash = createHash('sha256').update(JSON.stringify(fromFile)).digest('hex');
    const stored = readSetting(this.db, ROUTING_KEY);
    const fileHasRouting = fromFile.rules !== undefined || fromFile.aliases !== undefined;
    if (stored === null || (fileHasRouting && readSetting(this.db, SOURCE_HASH_KEY) !== fileHash)) {
      this.apply(fromFile);
      if (fileHasRouting) {
        writeSetting(this.db, ROUTING_KEY, JSON.stringify(fromFile));
        writeSetting(this.db, SOURCE_HASH_KEY, fileHash);
      }
    } else {
      this.apply(parseStored(stored));
    }
  }

  /** The rules and aliases as stored (invalid rules included, so the editor can show and fix them). */
  raw(): { aliases?: unknown; rules?: unknown } {
    const stored = readSetting(this.db, ROUTING_KEY);
    return stored === null ? { aliases: {}, rules: [] } : parseStored(stored);
  }

  /** The rules in force. */
  routing(): RoutingConfig {
    return this.state.router.routing;
  }

  /** Validates and stores a new rule set; nothing changes when any rule is invalid. */
  replace(next: { aliases?: unknown; rules?: unknown }): { ok: true } | { ok: false; problems: string[] } {
    const checked = validateRouting(next, this.providers);
    if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
    writeSetting(this.db, ROUTING_KEY, JSON.stringify(checked.routing));
    this.state.router = new Router(checked.routing);
    this.state.problems = [];
    return { ok: true };
  }

  /** Checks a rule set without storing it (the editor's live validation). */
  validate(next: { aliases?: unknown; rules?: unknown }): string[] {
    return validateRouting(next, this.providers).problems;
  }

  private apply(raw: { aliases?: unknown; rules?: unknown }): void {
    const checked = validateRouting(raw, this.providers);
    this.state.router = new Router(checked.routing);
    this.state.problems = checked.problems;
  }
}

function parseStored(text: string): { aliases?: unknown; rules?: unknown } {
  try {
    const value = JSON.parse(text) as { aliases?: unknown; rules?: unknown };
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
