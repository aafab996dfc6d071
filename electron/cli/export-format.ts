import type { RequestRecord } from '../../shared/records';

/** The export's fields, in order (the contract; add new ones at the end). */
export const EXPORT_FIELDS = [
  'id',
  'startedAt',
  'tool',
  'sessionId',
  'dialect',
  'provider',
  'requestedModel',
  'servedModel',
  'stream',
  'status',
  'outcome',
  'inputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
  'costUsd',
  'priceSource',
  'ttfbMs',
  'durationMs',
  'endpoint',
  'finishedAt',
  'cacheWrite5mTokens',
  'cacheWrite1hTokens',
  'priceRef',
  'errorMessage',
  'requestBytes',
  'responseBytes',
  // The savings ledger (routing).
  'ruleId',
  'baselineCostUsd',
  'savingsUsd',
  'attempts',
  'upstreamEndpoint',
  'baselinePriceRef',
  'tags',
  // Economics.
  'billing',
  'poolId',
  'taskId',
  'upstreamRequestId',
  'source',
] as const satisfies readonly (keyof RequestRecord)[];

export function toJsonLine(record: RequestRecord): string {
  const picked: Record<string, unknown> = {};
  for (const field of EXPORT_FIELDS) picked[field] = record[field];
  return JSON.stringify(picked);
}

export function csvHeader(): string {
  return EXPORT_FIELDS.join(',');
}

export function toCsvLine(record: RequestRecord): string {
  return EXPORT_FIELDS.map((field) => csvCell(record[field])).join(',');
}

/** RFC 4180 quoting; a formula-looking text cell gets a leading quote so spreadsheets do not run it. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Attempts and tags are lists: one JSON cell.
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
