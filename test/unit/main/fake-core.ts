import { vi } from 'vitest';
import type { AppStatus } from '../../../shared/contract';
import type { MonthStats, RequestRecord } from '../../../shared/records';
import type { Core, CoreOptions, ProxyAddress } from '../../../electron/core/core-types';
import type { BudgetAlert } from '../../../electron/core/budgets/budget-ledger';
import type { BudgetStatus } from '../../../shared/budgets';

export const STATUS: AppStatus = {
  version: '0.1.0',
  proxyUrl: 'http://127.0.0.1:4141',
  dataDir: '/data',
  configPath: '/data/config.json',
  priceDataVersion: 'genai-prices@0.1.8',
};

export const MONTH: MonthStats = {
  month: '2025-11',
  timeZone: 'UTC',
  from: '2025-11-01T00:00:00.000Z',
  until: '2025-12-01T00:00:00.000Z',
  totalUsd: 1.25,
  requests: 3,
  unpricedRequests: 1,
  byProvider: [],
  byModel: [],
  byTool: [],
  byBilling: [],
  savings: {
    baselineUsd: 0,
    actualUsd: 0,
    savingsUsd: 0,
    routedRequests: 0,
    unpricedBaselineRequests: 0,
    byRule: [],
    byTool: [],
    byRoute: [],
  },
};

export function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'r1',
    startedAt: '2025-11-20T10:00:00.000Z',
    finishedAt: '2025-11-20T10:00:01.000Z',
    tool: 'claude-code',
    sessionId: null,
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    inputTokens: 100,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 50,
    reasoningTokens: 0,
    costUsd: 0.0012,
    priceSource: 'genai-prices@0.1.8',
    priceRef: 'anthropic/claude-sonnet-4-5',
    ttfbMs: 200,
    durationMs: 1000,
    requestBytes: 500,
    responseBytes: 900,
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
    ...overrides,
  };
}

export interface FakeCore extends Core {
  options: CoreOptions;
  emitRecorded(record: RequestRecord): void;
  emitBudgetAlert(alert: BudgetAlert): void;
  start: ReturnType<typeof vi.fn<() => Promise<ProxyAddress>>>;
  stop: ReturnType<typeof vi.fn<() => Promise<void>>>;
}

export function fakeCore(options: CoreOptions = { dataDir: '/data' }): FakeCore {
  const listeners = new Set<(record: RequestRecord) => void>();
  const alertListeners = new Set<(alert: BudgetAlert) => void>();
  const port = options.port ?? 4141;
  const address: ProxyAddress = { host: '127.0.0.1', port, url: `http://127.0.0.1:${port}` };
  return {
    options,
    dataDir: options.dataDir,
    configPath: `${options.dataDir}/config.json`,
    start: vi.fn(() => Promise.resolve(address)),
    stop: vi.fn(() => Promise.resolve()),
    address: () => address,
    flushLog: vi.fn(),
    status: vi.fn(() => STATUS),
    monthStats: vi.fn((month?: string) => ({ ...MONTH, month: month ?? MONTH.month })),
    recentRequests: vi.fn((limit?: number) => [record()].slice(0, limit ?? 50)),
    routing: vi.fn(() => ({ aliases: {}, rules: [], inForce: { aliases: {}, rules: [] }, problems: [] })),
    setRouting: vi.fn(() => ({ ok: true as const })),
    validateRouting: vi.fn(() => []),
    dryRun: vi.fn(() => ({
      dialect: 'anthropic' as const,
      tool: 'unknown',
      requestedModel: 'claude-sonnet-4-5',
      estimatedInputTokens: 0,
      rule: null,
      action: 'pass' as const,
      evaluated: [],
      targets: [],
      reject: null,
      estimate: null,
      problems: [],
    })),
    budgets: vi.fn(() => []),
    markOutcome: vi.fn(() => null),
    spendSeries: vi.fn(() => ({ buckets: [], series: [], rows: [] })),
    substitution: vi.fn(() => ({ from: '', until: '', flows: [], byRule: [], targets: [] })),
    queryRequests: vi.fn(() => ({ rows: [record()], total: 1, next: null })),
    requestDetail: vi.fn(() => null),
    budgetConfig: vi.fn(() => ({ budgets: [], problems: [] })),
    setBudgets: vi.fn(() => ({ ok: true as const })),
    connections: vi.fn(() => []),
    connectTool: vi.fn(() => {
      throw new Error('not used by the shell tests');
    }),
    undoConnect: vi.fn(() => {
      throw new Error('not used by the shell tests');
    }),
    providers: vi.fn(() => []),
    testProvider: vi.fn(() => Promise.resolve({ ok: true, status: 200, latencyMs: 1, message: 'ok' })),
    settings: vi.fn(() => ({
      port: 4141,
      host: '127.0.0.1',
      dataDir: '/data',
      configPath: '/data/config.json',
      retentionDays: 0,
      storePrompts: false,
      priceDataVersion: 'genai-prices@0.1.8',
    })),
    updateSettings: vi.fn(() => ({
      port: 4141,
      host: '127.0.0.1',
      dataDir: '/data',
      configPath: '/data/config.json',
      retentionDays: 30,
      storePrompts: false,
      priceDataVersion: 'genai-prices@0.1.8',
    })),
    poolsReport: vi.fn(() => ({ from: '', until: '', generatedAt: '', pools: [] })),
    dashboardUrl: vi.fn(() => null),
    routingPaused: vi.fn(() => false),
    setRoutingPaused: vi.fn(),
    taskReport: vi.fn(() => {
      throw new Error('not used by the shell tests');
    }),
    simulate: vi.fn(() => {
      throw new Error('not used by the shell tests');
    }),
    onBudgetAlert: vi.fn((listener: (alert: BudgetAlert) => void) => {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    }),
    onRequestRecorded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emitRecorded(value) {
      for (const listener of listeners) listener(value);
    },
    emitBudgetAlert(alert) {
      for (const listener of alertListeners) listener(alert);
    },
  };
}

export function budgetAlert(overrides: Partial<BudgetAlert> = {}): BudgetAlert {
  return {
    budgetId: 'monthly',
    name: 'Monthly',
    percent: 80,
    action: 'notify',
    spentUsd: 40,
    amountUsd: 50,
    periodStart: Date.parse('2025-11-01T00:00:00Z'),
    resetsAt: Date.parse('2025-12-01T00:00:00Z'),
    ...overrides,
  };
}

export function budgetStatus(overrides: Partial<BudgetStatus> = {}): BudgetStatus {
  return {
    id: 'monthly',
    name: 'Monthly',
    period: 'month',
    timeZone: 'UTC',
    periodStart: '2025-11-01T00:00:00.000Z',
    resetsAt: '2025-12-01T00:00:00.000Z',
    amountUsd: 50,
    spentUsd: 10,
    reservedUsd: 0,
    percentUsed: 20,
    thresholds: [
      { percent: 80, action: 'notify', reached: false },
      { percent: 100, action: 'block', reached: false },
    ],
    alerts: [],
    forecast: { projectedUsd: 30, lowUsd: 20, highUsd: 40, dailyRateUsd: 1, runsOutAt: null },
    ...overrides,
  };
}
