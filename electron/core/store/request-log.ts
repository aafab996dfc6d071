import type { Db } from './open-database';
import { entryToRow, rowToRecord, type RequestEntry, type RequestRow } from './request-entry';
import type { RequestRecord } from '../../../shared/records';

const COLUMNS = [
  'id',
  'started_at',
  'finished_at',
  'ttfb_ms',
  'duration_ms',
  'tool',
  'session_id',
  'dialect',
  'endpoint',
  'provider',
  'requested_model',
  'served_model',
  'stream',
  'status',
  'outcome',
  'error_message',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_usd',
  'price_source',
  'price_ref',
  'request_bytes',
  'response_bytes',
] as const;

const HOUR_MS = 3_600_000;
const RETRY_MS = 2_000;

/**
 * Writes the request log. Starts are batched off the hot path (they only matter after a crash, to show the
 * request as interrupted); a finish is committed synchronously, before the proxy ends the client's response,
 * so a response that completed to the client is always in the database. A failed write (disk full, locked)
 * keeps the entry in memory and retries; nothing is dropped while the process lives.
 */
export class RequestLog {
  private readonly upsert;
  private readonly insertStart;
  private readonly addToRollup;
  private readonly pendingStarts = new Map<string, RequestEntry>();
  private readonly unwritten = new Map<string, RequestEntry>();
  private startFlushScheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(record: RequestRecord) => void>();

  constructor(
    private readonly db: Db,
    private readonly onWriteError: (error: Error) => void = () => {},
  ) {
    const names = COLUMNS.join(', ');
    const params = COLUMNS.map((c) => `@${c}`).join(', ');
    const updates = COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    this.upsert = db.prepare<RequestRow>(
      `INSERT INTO requests (${names}) VALUES (${params}) ON CONFLICT(id) DO UPDATE SET ${updates}`,
    );
    this.insertStart = db.prepare<RequestRow>(`INSERT OR IGNORE INTO requests (${names}) VALUES (${params})`);
    this.addToRollup = db.prepare(`
      INSERT INTO rollup_hourly (hour_start, provider, model, tool, requests, errors, unpriced_requests,
        input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd)
      VALUES (@hour, @provider, @model, @tool, 1, @error, @unpriced, @input, @cacheRead, @cacheWrite, @output,
        @reasoning, @cost)
      ON CONFLICT (hour_start, provider, model, tool) DO UPDATE SET
        requests = requests + 1, errors = errors + excluded.errors,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_usd = cost_usd + excluded.cost_usd`);
  }

  /** Marks rows left in flight by a crash or kill as interrupted, and counts them in the rollups. */
  recoverInterrupted(now = Date.now()): number {
    const rows = this.db.prepare<[], RequestRow>(`SELECT * FROM requests WHERE outcome = 'in_flight'`).all();
    if (rows.length === 0) return 0;
    const finish = this.db.transaction(() => {
      for (const row of rows) {
        row.outcome = 'interrupted';
        row.error_message = 'Farebox stopped before this request finished';
        row.finished_at = row.finished_at ?? now;
        this.upsert.run(row);
        this.rollup(row);
      }
    });
    finish();
    return rows.length;
  }

  /** Queues the in-flight row; written in a batch after the current I/O turn. */
  begin(entry: RequestEntry): void {
    this.pendingStarts.set(entry.id, entry);
    if (!this.startFlushScheduled) {
      this.startFlushScheduled = true;
      setImmediate(() => this.flushStarts());
    }
  }

  /** Commits the finished request (row and rollup) before returning. Never throws. */
  finish(entry: RequestEntry): void {
    this.pendingStarts.delete(entry.id);
    try {
      this.writeFinished([entry]);
    } catch (error) {
      this.unwritten.set(entry.id, entry);
      this.onWriteError(error as Error);
      this.scheduleRetry();
      return;
    }
    this.emit(entry);
  }

  flushStarts(): void {
    this.startFlushScheduled = false;
    if (this.pendingStarts.size === 0) return;
    const batch = [...this.pendingStarts.values()];
    this.pendingStarts.clear();
    try {
      this.db.transaction(() => {
        for (const entry of batch) this.insertStart.run(entryToRow(entry));
      })();
    } catch (error) {
      // Losing an in-flight marker only loses the "interrupted" label after a crash; keep serving.
      this.onWriteError(error as Error);
    }
  }

  /** Writes everything still queued; called on shutdown. Returns how many entries could not be written. */
  flush(): number {
    this.flushStarts();
    this.retryUnwritten();
    return this.unwritten.size;
  }

  onRecorded(listener: (record: RequestRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private writeFinished(entries: RequestEntry[]): void {
    this.db.transaction(() => {
      for (const entry of entries) {
        const row = entryToRow(entry);
        this.upsert.run(row);
        this.rollup(row);
      }
    })();
  }

  private rollup(row: RequestRow): void {
    this.addToRollup.run({
      hour: Math.floor(row.started_at / HOUR_MS) * HOUR_MS,
      provider: row.provider,
      model: row.served_model ?? row.requested_model ?? '',
      tool: row.tool,
      error: row.outcome === 'ok' ? 0 : 1,
      unpriced: row.cost_usd === null ? 1 : 0,
      input: row.input_tokens,
      cacheRead: row.cache_read_tokens,
      cacheWrite: row.cache_write_5m_tokens + row.cache_write_1h_tokens,
      output: row.output_tokens,
      reasoning: row.reasoning_tokens,
      cost: row.cost_usd ?? 0,
    });
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
    for (const entry of batch) this.emit(entry);
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryUnwritten();
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  private emit(entry: RequestEntry): void {
    if (this.listeners.size === 0) return;
    const record = rowToRecord(entryToRow(entry));
    for (const listener of this.listeners) listener(record);
  }
}
