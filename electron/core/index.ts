import { readFileSync } from 'node:fs';
import type { AppStatus } from '../../shared/contract';
import { loadConfigFile, type FareboxConfig } from './config/load-config';
import { createPriceBook, type PriceBook } from './economics/price-book';
import { databasePath, defaultConfigPath, journalPath } from './paths';
import { startProxyServer, type RunningProxy } from './proxy/proxy-server';
import { lockDataDir, type DataDirLock } from './store/data-dir-lock';
import { startIdleCheckpoints, type IdleCheckpoints } from './store/idle-checkpoint';
import { openDatabase, type Db } from './store/open-database';
import { readJournal, RequestJournal } from './store/request-journal';
import { RequestLog } from './store/request-log';
import { monthStats, recentRequests } from './store/request-queries';
import { RoutingStore } from './routing/routing-store';
import { dryRun } from './routing/dry-run';
import { BudgetLedger, type BudgetAlert } from './budgets/budget-ledger';
import { budgetStatuses } from './budgets/budget-status';
import { validateBudgets } from './budgets/validate-budgets';
import { clearOutcome, markOutcome } from './outcomes/task-outcomes';
import { validatePools } from './capacity/pool-schema';
import { KEEP_MINUTES, PoolTracker, recentPoolUsage } from './capacity/pool-tracker';
import { observeSubscriptionHeaders } from './capacity/subscription-headers';
import { taskReport } from './outcomes/task-report';
import { simulate } from './outcomes/simulator';
import type { Core, CoreOptions, ProxyAddress } from './core-types';
import type { ProxyContext } from './proxy/proxy-context';

export * from './core-types';
export { DataDirInUseError } from './store/data-dir-lock';

const VERSION = readVersion();

/** Builds the Farebox core; nothing runs until start(). Both the Electron shell and the CLI use this. */
export function createCore(options: CoreOptions): Core {
  const configPath = options.configPath ?? defaultConfigPath(options.dataDir);
  const diagnostic = options.log ?? (() => {});
  let config: FareboxConfig | null = null;
  let priceBook: PriceBook | null = null;
  let db: Db | null = null;
  let log: RequestLog | null = null;
  let proxy: RunningProxy | null = null;
  let checkpoints: IdleCheckpoints | null = null;
  let dataDirLock: DataDirLock | null = null;
  let routing: RoutingStore | null = null;
  let budgets: BudgetLedger | null = null;
  const alertListeners = new Set<(alert: BudgetAlert) => void>();
  const listeners = new Set<Parameters<Core['onRequestRecorded']>[0]>();

  const requireRouting = (): RoutingStore => {
    if (!routing) throw new Error('Farebox core is not started');
    return routing;
  };
  const requireDb = (): Db => {
    if (!db) throw new Error('Farebox core is not started');
    return db;
  };

  return {
    dataDir: options.dataDir,
    configPath,
    async start(): Promise<ProxyAddress> {
      if (proxy) return { host: proxy.host, port: proxy.port, url: proxy.url };
      config = loadConfigFile(configPath);
      dataDirLock = lockDataDir(options.dataDir);
      priceBook = createPriceBook({ overrides: config.pricing.overrides });
      const dbFile = databasePath(options.dataDir);
      db = openDatabase(dbFile, { nativeBinding: options.sqliteNativeBinding });
      const journalFile = journalPath(options.dataDir);
      const leftover = readJournal(journalFile);
      const journal = new RequestJournal(journalFile);
      log = new RequestLog(db, (error) => diagnostic(`request log write failed: ${error.message}`), journal);
      // Responses that completed just before a crash are in the journal; they go in before anything else.
      const replayed = log.replayJournal(leftover);
      journal.clear();
      if (replayed > 0) diagnostic(`recovered ${replayed} finished request(s) from the journal`);
      const recovered = log.recoverInterrupted();
      if (recovered > 0)
        diagnostic(`marked ${recovered} request(s) left in flight by the last run as interrupted`);
      log.onRecorded((record) => listeners.forEach((listener) => listener(record)));
      routing = new RoutingStore(db, config);
      for (const problem of routing.state.problems) diagnostic(`routing rule skipped: ${problem}`);
      const checkedBudgets = validateBudgets(
        config.budgets,
        new Map(config.providers.map((p) => [p.id, p.dialect])),
        routing.routing().aliases,
      );
      for (const problem of checkedBudgets.problems) diagnostic(`budget skipped: ${problem}`);
      budgets = new BudgetLedger(db, checkedBudgets.budgets, routing.routing().aliases);
      const checkedPools = validatePools(
        config.pools,
        new Map(config.providers.map((p) => [p.id, p.dialect])),
      );
      for (const problem of checkedPools.problems) diagnostic(`pool skipped: ${problem}`);
      const pools = checkedPools.pools.length > 0 ? new PoolTracker(checkedPools.pools) : null;
      pools?.seed(recentPoolUsage(db, Date.now() - KEEP_MINUTES * 60_000));
      const subscriptionWindows = subscriptionObserver(db, diagnostic);
      budgets.onAlert((alert) => {
        diagnostic(
          `budget "${alert.name}" reached ${alert.percent}% ($${alert.spentUsd.toFixed(2)} of $${alert.amountUsd.toFixed(2)}; ${alert.action})`,
        );
        alertListeners.forEach((listener) => listener(alert));
      });
      try {
        proxy = await startProxyServer({
          config,
          priceBook,
          log,
          host: options.host ?? config.server.host,
          port: options.port ?? config.server.port,
          routing: routing.state,
          budgets,
          pools,
          observeResponse: subscriptionWindows,
          diagnostic,
        });
        const running = proxy;
        const requestLog = log;
        checkpoints = startIdleCheckpoints(db, () => running.inFlightCount() === 0 && requestLog.isIdle());
      } catch (error) {
        log.close();
        db.close();
        db = null;
        log = null;
        dataDirLock.release();
        dataDirLock = null;
        throw error;
      }
      return { host: proxy.host, port: proxy.port, url: proxy.url };
    },
    async stop(): Promise<void> {
      checkpoints?.stop();
      checkpoints = null;
      if (proxy) await proxy.close();
      proxy = null;
      if (log) {
        const unwritten = log.flush();
        if (unwritten > 0) diagnostic(`${unwritten} request(s) could not be written to the log`);
        log.close();
      }
      db?.close();
      db = null;
      log = null;
      routing = null;
      budgets = null;
      dataDirLock?.release();
      dataDirLock = null;
    },
    address() {
      return proxy ? { host: proxy.host, port: proxy.port, url: proxy.url } : null;
    },
    status(): AppStatus {
      return {
        version: VERSION,
        proxyUrl: proxy?.url ?? null,
        dataDir: options.dataDir,
        configPath,
        priceDataVersion: priceBook?.dataVersion ?? 'not loaded',
      };
    },
    monthStats: (month) => {
      log?.commitFinished();
      return monthStats(requireDb(), month);
    },
    recentRequests: (limit) => {
      log?.commitFinished();
      return recentRequests(requireDb(), limit);
    },
    flushLog: () => log?.commitFinished(),
    routing() {
      const store = requireRouting();
      return { ...store.raw(), inForce: store.routing(), problems: store.state.problems };
    },
    setRouting: (next) => requireRouting().replace(next),
    validateRouting: (next) => requireRouting().validate(next),
    budgets() {
      if (!budgets || !db) throw new Error('Farebox core is not started');
      log?.commitFinished();
      return budgetStatuses(db, budgets);
    },
    markOutcome(taskId, outcome, note) {
      log?.commitFinished();
      return outcome === 'open'
        ? (clearOutcome(requireDb(), taskId), null)
        : markOutcome(requireDb(), taskId, outcome, note);
    },
    taskReport(range) {
      log?.commitFinished();
      return taskReport(requireDb(), range);
    },
    simulate(input) {
      log?.commitFinished();
      return simulate(requireDb(), input);
    },
    onBudgetAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
    dryRun(input) {
      if (!config || !priceBook) throw new Error('Farebox core is not started');
      return dryRun(input, requireRouting().state, config, priceBook);
    },
    onRequestRecorded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Stores the plan-window state that subscription responses carry (Claude Max, ChatGPT plans), at most once a
 * second per provider: the headers repeat on every response and the latest is all the report needs.
 */
function subscriptionObserver(db: Db, diagnostic: (line: string) => void): ProxyContext['observeResponse'] {
  const lastStored = new Map<string, number>();
  return (entry, provider, headers) => {
    if (entry.billing !== 'subscription') return;
    const now = Date.now();
    if ((lastStored.get(provider.id) ?? 0) > now - 1000) return;
    lastStored.set(provider.id, now);
    try {
      observeSubscriptionHeaders(db, provider.id, headers, now);
    } catch (error) {
      diagnostic(`could not store subscription windows: ${(error as Error).message}`);
    }
  };
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
