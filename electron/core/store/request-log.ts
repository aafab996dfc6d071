import type { Db } from './open-database';
import type { RequestJournal } from './request-journal';
import { COLUMNS, entryToRow, rowToRecord, type RequestEntry, type RequestRow } from './request-entry';
import type { RequestRecord } from '../../../shared/records';

const HOUR_MS = 3_600_000;
const RETRY_MS = 2_000;
/** Requests still running after this long get an in-flight row, so a crash shows them as interrupted. */
const IN_FLIGHT_MARK_AFTER_MS = 1_000;
/** Journaled rows wait this long for company before their SQLite batch. */
const BATCH_DELAY_MS = 10;
const BATCH_MAX_ROWS = 512;

interface PendingFinish {
  row: RequestRow;
  /** Still to be called once the row is committed (null once the journal made it durable). */
  onDurable: (() => void) | null;
}

/**
 * Writes the request log without getting in the way of forwarding:
 * - finish() appends the finished row to the journal (one small write), then lets the proxy end the
 *   response at once: a response that completed to the client is always on disk. Rows reach SQLite in batches
 *   a few milliseconds later (one transaction for the rows and their hourly rollups), after which the journal
 *   is emptied; rows left in it by a crash are replayed at the next start. Without a journal (or if
 *   appending fails), the response waits for the SQLite commit instead.
 * - begin() keeps the request in memory; only requests still running after a second get an in-flight row
 *   (they matter only after a crash, to show up as interrupted), so short requests cost one write.
 * - a failed write (disk full, locked) keeps the entries in memory and retries; nothing is dropped while the
 *   process lives, and the client is never held hostage to the disk.
 */
export class RequestLog {
  private readonly upsert;
  private readonly insertStart;
  private readonly addToRollup;
  private readonly started = new Map<string, RequestEntry>();
  private finishing: PendingFinish[] = [];
  private journalQueue: PendingFinish[] = [];
  private journalScheduled = false;
  /** The pending batch commit: whether it waits (a timer) or runs next turn, and how to cancel it. */
  private finishScheduled: { delayed: boolean; cancel: () => void } | null = null;
  private readonly unwritten = new Map<string, RequestRow>();
  private retryTimer: NodeJS.Timeout | null = null;
  private markTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(record: RequestRecord) => void>();

  constructor(
    private readonly db: Db,
    private readonly onWriteError: (error: Error) => void = () => {},
    private readonly journal: RequestJournal | null = null,
  ) {
    const names = COLUMNS.join(', ');
    const params = COLUMNS.map((c) => `@${c}`).join(', ');
    const updates = COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    this.upsert = db.prepare<RequestRow>(
      // A stored final row is never overwritten (a replayed journal line must not be counted twice); only an
      // in-flight marker is.
      `INSERT INTO requests (${names}) VALUES (${params})
       ON CONFLICT(id) DO UPDATE SET ${updates} WHERE requests.outcome = 'in_flight'`,
    );
    this.insertStart = db.prepare<RequestRow>(`INSERT OR IGNORE INTO requests (${names}) VALUES (${params})`);
    this.addToRollup = db.prepare<RollupRow>(`
      INSERT INTO rollup_hourly (hour_start, provider, model, requested_model, tool, rule_id, billing, requests,
        errors, unpriced_requests, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
        reasoning_tokens, cost_usd, baseline_cost_usd, compared_cost_usd, compared_requests,
        unpriced_baseline_requests)
      VALUES (@hour, @provider, @model, @requestedModel, @tool, @ruleId, @billing, @requests, @errors, @unpriced,
        @input, @cacheRead, @cacheWrite, @output, @reasoning, @cost, @baseline, @compared, @comparedRequests,
        @unpricedBaseline)
      ON CONFLICT (hour_start, provider, model, requested_model, tool, rule_id, billing) DO UPDATE SET
        requests = requests + excluded.requests, errors = errors + excluded.errors,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_usd = cost_usd + excluded.cost_usd,
        baseline_cost_usd = baseline_cost_usd + excluded.baseline_cost_usd,
        compared_cost_usd = compared_cost_usd + excluded.compared_cost_usd,
        compared_requests = compared_requests + excluded.compared_requests,
        unpriced_baseline_requests = unpriced_baseline_requests + excluded.unpriced_baseline_requests`);
  }

  /** Marks rows left in flight by a crash or kill as interrupted, and counts them in the rollups. */
  recoverInterrupted(now = Date.now()): number {
    const rows = this.db.prepare<[], RequestRow>(`SELECT * FROM requests WHERE outcome = 'in_flight'`).all();
    if (rows.length === 0) return 0;
    this.db.transaction(() => {
      for (const row of rows) {
        row.outcome = 'interrupted';
        row.error_message = 'Farebox stopped before this request finished';
        row.finished_at = row.finished_at ?? now;
        this.upsert.run(row);
      }
      this.addRollups(rows);
    })();
    return rows.length;
  }

  /** Remembers a request that started; it is written only if it is still running a second from now. */
  begin(entry: RequestEntry): void {
    this.started.set(entry.id, entry);
    if (!this.markTimer) {
      this.markTimer = setInterval(() => this.markLongRunning(), IN_FLIGHT_MARK_AFTER_MS / 2);
      this.markTimer.unref();
    }
  }

  /**
   * Records a finished request and calls `onDurable` once it is safe on disk: once its journal line is
   * written (within this turn), else after the SQLite commit (or, should that fail too, once it is queued
   * for retry). `alone` says no other request is in flight, so there is no batch to wait for.
   * Never throws.
   */
  finish(entry: RequestEntry, onDurable?: () => void, options: { alone?: boolean } = {}): void {
    this.started.delete(entry.id);
    if (this.journal) {
      // Requests finishing in the same turn share one journal write; a lone request is written at once.
      this.journalQueue.push({ row: entryToRow(entry), onDurable: onDurable ?? null });
      if (options.alone) this.writeJournal();
      else if (!this.journalScheduled) {
        this.journalScheduled = true;
        setImmediate(() => this.writeJournal());
      }
      return;
    }
    this.finishing.push({ row: entryToRow(entry), onDurable: onDurable ?? null });
    // Nothing else in flight could join the batch: commit now rather than a loop turn later.
    if (options.alone && !this.finishScheduled) {
      this.commitFinished();
      return;
    }
    this.scheduleCommit(0);
  }

  private writeJournal(): void {
    this.journalScheduled = false;
    if (this.journalQueue.length === 0) return;
    const batch = this.journalQueue;
    this.journalQueue = [];
    if (this.journal?.append(batch.map((pending) => pending.row))) {
      for (const pending of batch) this.finishing.push({ ...pending, onDurable: null });
      for (const pending of batch) pending.onDurable?.();
      this.scheduleCommit(this.finishing.length >= BATCH_MAX_ROWS ? 0 : BATCH_DELAY_MS);
      return;
    }
    // The journal could not be written (disk full?): the responses wait for SQLite instead.
    this.finishing.push(...batch);
    this.scheduleCommit(0);
  }

  /** Commits every queued finish now (also run by the scheduled batch). */
  commitFinished(): void {
    this.writeJournal();
    this.finishScheduled?.cancel();
    this.finishScheduled = null;
    if (this.finishing.length === 0) return;
    const batch = this.finishing;
    this.finishing = [];
    const rows = batch.map((pending) => pending.row);
    let written = true;
    try {
      this.writeFinished(rows);
    } catch (error) {
      written = false;
      for (const row of rows) this.unwritten.set(row.id, row);
      this.onWriteError(error as Error);
      this.scheduleRetry();
    }
    if (written && this.unwritten.size === 0) this.journal?.clear();
    for (const pending of batch) pending.onDurable?.();
    if (written) for (const row of rows) this.emit(row);
  }

  /**
   * Puts rows from a journal left by an earlier run into SQLite; rows already stored are skipped, so this is
   * safe to run again, or from another process while the proxy runs. Returns how many rows were new.
   */
  replayJournal(rows: readonly RequestRow[]): number {
    return rows.length === 0 ? 0 : this.writeFinished(rows);
  }

  /**
   * Stores finished requests read from the tools' own logs (source `import:*`) with their rollups, in one
   * transaction; rows whose id is already stored are skipped, so a re-import adds nothing. Listeners are not
   * called (an import can hold many thousands of rows). Returns how many rows were new.
   */
  storeImported(entries: readonly RequestEntry[]): number {
    return entries.length === 0 ? 0 : this.writeFinished(entries.map(entryToRow));
  }

  /** Writes everything still queued; called on shutdown. Returns how many entries could not be written. */
  flush(): number {
    this.commitFinished();
    this.retryUnwritten();
    return this.unwritten.size;
  }

  /** Nothing waits to be written. */
  isIdle(): boolean {
    return this.finishing.length === 0 && this.journalQueue.length === 0 && this.unwritten.size === 0;
  }

  onRecorded(listener: (record: RequestRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.journal?.close();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.markTimer) clearInterval(this.markTimer);
    this.retryTimer = null;
    this.markTimer = null;
  }

  private markLongRunning(now = Date.now()): void {
    const due: RequestEntry[] = [];
    for (const entry of this.started.values()) {
      if (now - entry.startedAt >= IN_FLIGHT_MARK_AFTER_MS) due.push(entry);
    }
    if (due.length === 0) {
      if (this.started.size === 0 && this.markTimer) {
        clearInterval(this.markTimer);
        this.markTimer = null;
      }
      return;
    }
    try {
      this.db.transaction(() => {
        for (const entry of due) this.insertStart.run(entryToRow({ ...entry, outcome: 'in_flight' }));
      })();
      for (const entry of due) this.started.delete(entry.id);
    } catch (error) {
      // Losing an in-flight marker only loses the "interrupted" label after a crash; keep serving.
      this.onWriteError(error as Error);
    }
  }

  private scheduleCommit(delayMs: number): void {
    if (this.finishScheduled && (delayMs > 0 || !this.finishScheduled.delayed)) return;
    this.finishScheduled?.cancel();
    if (delayMs > 0) {
      const timer = setTimeout(() => this.commitFinished(), delayMs);
      this.finishScheduled = { delayed: true, cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(() => this.commitFinished());
      this.finishScheduled = { delayed: false, cancel: () => clearImmediate(immediate) };
    }
  }

  /** Stores rows and their rollups in one transaction; returns how many were new (stored rows are skipped). */
  private writeFinished(rows: readonly RequestRow[]): number {
    return this.db.transaction(() => {
      const fresh = rows.filter((row) => this.upsert.run(row).changes > 0);
      this.addRollups(fresh);
      return fresh.length;
    })();
  }

  /** One rollup upsert per (hour, provider, model, requested model, tool, rule) in the batch, not one per request. */
  private addRollups(rows: RequestRow[]): void {
    const groups = new Map<string, RollupRow>();
    for (const row of rows) {
      const hour = Math.floor(row.started_at / HOUR_MS) * HOUR_MS;
      const model = row.served_model ?? row.requested_model ?? '';
      const requestedModel = row.requested_model ?? '';
      const ruleId = row.rule_id ?? '';
      const billing = row.billing ?? 'on_demand';
      const key = `${hour}\u0000${row.provider}\u0000${model}\u0000${requestedModel}\u0000${row.tool}\u0000${ruleId}\u0000${billing}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          hour,
          provider: row.provider,
          model,
          requestedModel,
          tool: row.tool,
          ruleId,
          billing,
          requests: 0,
          errors: 0,
          unpriced: 0,
          input: 0,
          cacheRead: 0,
          cacheWrite: 0,
          output: 0,
          reasoning: 0,
          cost: 0,
          baseline: 0,
          compared: 0,
          comparedRequests: 0,
          unpricedBaseline: 0,
        };
        groups.set(key, group);
      }
      group.requests += 1;
      group.errors += row.outcome === 'ok' ? 0 : 1;
      group.unpriced += row.cost_usd === null ? 1 : 0;
      group.input += row.input_tokens;
      group.cacheRead += row.cache_read_tokens;
      group.cacheWrite += row.cache_write_5m_tokens + row.cache_write_1h_tokens;
      group.output += row.output_tokens;
      group.reasoning += row.reasoning_tokens;
      group.cost += row.cost_usd ?? 0;
      if (row.cost_usd !== null && row.baseline_cost_usd !== null) {
        group.baseline += row.baseline_cost_usd;
        group.compared += row.cost_usd;
        group.comparedRequests += 1;
      }
      if (row.baseline_cost_usd === null && row.outcome !== 'rejected') group.unpricedBaseline += 1;
    }
    for (const group of groups.values()) this.addToRollup.run(group);
  }

  private retryUnwritten(): void {
    if (this.unwritten.size === 0) return;
    const batch = [...this.unwritten.values()];
    try {
      this.writeFinished(batch);
    } catch (error) {
      this.onWriteError(error as Error);
      this.scheduleRetry();
      return;
    }
    this.unwritten.clear();
    if (this.finishing.length === 0) this.journal?.clear();
    for (const row of batch) this.emit(row);
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryUnwritten();
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  private emit(row: RequestRow): void {
    if (this.listeners.size === 0) return;
    const record = rowToRecord(row);
    for (const listener of this.listeners) listener(record);
  }
}

interface RollupRow {
  hour: number;
  provider: string;
  model: string;
  requestedModel: string;
  tool: string;
  ruleId: string;
  billing: string;
  requests: number;
  errors: number;
  unpriced: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  cost: number;
  baseline: number;
  compared: number;
  comparedRequests: number;
  unpricedBaseline: number;
}
