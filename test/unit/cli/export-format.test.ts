import { describe, it, expect } from 'vitest';
import type { RequestRecord } from '../../../shared/records';
import { csvHeader, EXPORT_FIELDS, toCsvLine, toJsonLine } from '../../../electron/cli/export-format';

const record = (fields: Partial<RequestRecord> = {}): RequestRecord => ({
  id: '0e3f4c1a-7b2d-4e5f-9a8b-1c2d3e4f5a6b',
  startedAt: '2026-11-02T10:15:00.000Z',
  finishedAt: '2026-11-02T10:15:02.500Z',
  tool: 'claude-code',
  sessionId: '7f0c3e1a-9b2d-4c5e-8f6a-1b2c3d4e5f60',
  dialect: 'anthropic',
  endpoint: 'anthropic-messages',
  provider: 'anthropic',
  requestedModel: 'claude-sonnet-4-5',
  servedModel: 'claude-sonnet-4-5-20250929',
  stream: true,
  status: 200,
  outcome: 'ok',
  errorMessage: null,
  inputTokens: 12,
  cacheReadTokens: 4096,
  cacheWriteTokens: 300,
  cacheWrite5mTokens: 300,
  cacheWrite1hTokens: 0,
  outputTokens: 250,
  reasoningTokens: 0,
  costUsd: 0.0061,
  priceSource: 'genai-prices@0.1.8',
  priceRef: 'anthropic/claude-sonnet-4-5',
  ttfbMs: 812.5,
  durationMs: 2500,
  requestBytes: 18000,
  responseBytes: 4200,
  upstreamEndpoint: 'anthropic-messages',
  ruleId: null,
  baselineCostUsd: null,
  baselinePriceRef: null,
  savingsUsd: null,
  attempts: [],
  tags: [],
  upstreamRequestId: null,
  taskId: null,
  poolId: null,
  billing: 'on_demand',
  source: 'proxy',
  ...fields,
});

/** Index of a field in a CSV line produced from a record whose text cells contain no commas. */
const cellOf = (line: string, field: (typeof EXPORT_FIELDS)[number]) =>
  line.split(',')[EXPORT_FIELDS.indexOf(field)];

describe('export fields', () => {
  it('start with exactly the contracted order', () => {
    expect(EXPORT_FIELDS.slice(0, 20)).toEqual([
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
    ]);
  });

  it('list every record field exactly once', () => {
    expect(new Set(EXPORT_FIELDS).size).toBe(EXPORT_FIELDS.length);
    expect([...EXPORT_FIELDS].sort()).toEqual(Object.keys(record()).sort());
  });

  it('make the CSV header', () => {
    expect(csvHeader()).toBe(EXPORT_FIELDS.join(','));
    expect(csvHeader().startsWith('id,startedAt,tool,sessionId,dialect,provider,')).toBe(true);
  });
});

describe('toJsonLine', () => {
  it('writes the fields in export order on one line', () => {
    const line = toJsonLine(record());
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line) as Record<string, unknown>)).toEqual([...EXPORT_FIELDS]);
  });

  it('keeps a null costUsd as null, not 0 or missing', () => {
    const parsed = JSON.parse(toJsonLine(record({ costUsd: null, priceSource: 'unpriced' }))) as Record<
      string,
      unknown
    >;
    expect(parsed).toHaveProperty('costUsd', null);
    expect(parsed.priceSource).toBe('unpriced');
  });

  it('keeps other nulls and the values as they are', () => {
    const parsed = JSON.parse(toJsonLine(record({ sessionId: null, status: null, ttfbMs: null }))) as Record<
      string,
      unknown
    >;
    expect(parsed.sessionId).toBeNull();
    expect(parsed.status).toBeNull();
    expect(parsed.ttfbMs).toBeNull();
    expect(parsed.stream).toBe(true);
    expect(parsed.costUsd).toBe(0.0061);
  });
});

describe('toCsvLine', () => {
  it('writes one cell per field, numbers and booleans as text', () => {
    const line = toCsvLine(record());
    expect(line.split(',')).toHaveLength(EXPORT_FIELDS.length);
    expect(cellOf(line, 'stream')).toBe('true');
    expect(cellOf(line, 'status')).toBe('200');
    expect(cellOf(line, 'costUsd')).toBe('0.0061');
    expect(cellOf(line, 'ttfbMs')).toBe('812.5');
  });

  it('writes null as an empty cell', () => {
    const line = toCsvLine(record({ sessionId: null, costUsd: null, ttfbMs: null }));
    expect(cellOf(line, 'sessionId')).toBe('');
    expect(cellOf(line, 'costUsd')).toBe('');
    expect(cellOf(line, 'ttfbMs')).toBe('');
  });

  it('quotes a cell with a comma', () => {
    const line = toCsvLine(record({ errorMessage: 'bad model, try again' }));
    expect(line).toContain(',"bad model, try again",');
  });

  it('doubles quotes inside a quoted cell', () => {
    const line = toCsvLine(record({ errorMessage: 'model "x" not found' }));
    expect(line).toContain(',"model ""x"" not found",');
  });

  it('quotes a cell with a newline or carriage return', () => {
    expect(toCsvLine(record({ errorMessage: 'line one\nline two' }))).toContain(',"line one\nline two",');
    expect(toCsvLine(record({ errorMessage: 'a\r\nb' }))).toContain(',"a\r\nb",');
  });

  it.each(['=cmd', '+1+2', '-2+3', '@SUM(A1)', '\tcmd'])('guards the formula-looking cell %j', (text) => {
    const line = toCsvLine(record({ tool: text }));
    expect(cellOf(line, 'tool')).toBe(`'${text}`);
  });

  it('guards and quotes a formula with quotes and commas', () => {
    const line = toCsvLine(record({ errorMessage: '=HYPERLINK("http://x.example","click")' }));
    expect(line).toContain(`,"'=HYPERLINK(""http://x.example"",""click"")",`);
  });

  it('does not guard negative numbers', () => {
    expect(cellOf(toCsvLine(record({ costUsd: -0.5 })), 'costUsd')).toBe('-0.5');
  });

  it('leaves an ordinary text cell unquoted', () => {
    expect(cellOf(toCsvLine(record()), 'tool')).toBe('claude-code');
  });
});
