import type { RequestDetail } from '../../../../shared/dashboard';
import type { RequestRecord } from '../../../../shared/records';
import type { AttemptRecord } from '../../../../shared/routing';

export interface TokenBucket {
  label: string;
  tokens: number;
  /** The part of the cost breakdown for this bucket; undefined where the breakdown has no own line. */
  costUsd?: number | null;
  note?: string;
}

/** Tokens by price bucket, with each bucket's cost when the request is priced. */
export function tokenBuckets(detail: Pick<RequestDetail, 'record' | 'breakdown'>): TokenBucket[] {
  const { record, breakdown } = detail;
  const cost = (value: number | undefined): number | null => (breakdown ? (value ?? null) : null);
  const buckets: TokenBucket[] = [
    { label: 'Input (uncached)', tokens: record.inputTokens, costUsd: cost(breakdown?.inputUsd) },
    { label: 'Cache read', tokens: record.cacheReadTokens, costUsd: cost(breakdown?.cacheReadUsd) },
    {
      label: 'Cache write',
      tokens: record.cacheWriteTokens,
      costUsd: cost(breakdown?.cacheWriteUsd),
      note:
        record.cacheWrite1hTokens > 0
          ? `${record.cacheWrite5mTokens} for 5 minutes, ${record.cacheWrite1hTokens} for 1 hour`
          : undefined,
    },
    {
      label: 'Output',
      tokens: record.outputTokens,
      costUsd: cost(breakdown?.outputUsd),
      note: record.reasoningTokens > 0 ? `${record.reasoningTokens} of them reasoning` : undefined,
    },
  ];
  return buckets;
}

export function totalTokens(
  record: Pick<RequestRecord, 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'outputTokens'>,
) {
  return record.inputTokens + record.cacheReadTokens + record.cacheWriteTokens + record.outputTokens;
}

export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A per-million-token price, e.g. "$3.00 / M"; "—" where the entry has no such rate. */
export function formatPerMillion(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  const digits = usd !== 0 && usd < 0.1 ? 4 : 2;
  return `$${usd.toFixed(digits)} / M`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const ATTEMPT_RESULTS: Record<AttemptRecord['result'], string> = {
  ok: 'OK',
  connection: 'Connection failed',
  timeout: 'Timed out',
  status: 'Error status',
  stream_cut: 'Stream cut off',
  error: 'Error',
};

export function attemptResultLabel(result: AttemptRecord['result']): string {
  return ATTEMPT_RESULTS[result] ?? result;
}

/** Whether the request went to another model than it asked for. */
export function wasRouted(record: Pick<RequestRecord, 'ruleId' | 'requestedModel' | 'servedModel'>): boolean {
  return (
    record.ruleId !== null ||
    (record.requestedModel !== null &&
      record.servedModel !== null &&
      record.requestedModel !== record.servedModel)
  );
}
