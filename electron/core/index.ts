import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EventName, Events } from '../../shared/contract';
import type { RoutingConfig } from '../../shared/routing';
import type { BudgetConfig } from './budgets/budget-schema';
import { BudgetStore } from './budgets/budget-store';
import { applyConnection, listConnections, undoConnection } from './connect/tool-connections';
import { createHandlers } from './contract/handlers';
import { createAdminHttp } from './contract/http-admin';
import { poolReport } from './capacity/pool-report';
import { requestDetail } from './economics/request-detail';
import { providerSummaries, testProvider } from './providers/provider-check';
import { queryRequests, spendSeries, substitutionReport } from './store/dashboard-queries';
import { pruneRequests, storedRetentionDays, storeRetentionDays } from './store/retention';
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
import { monthBounds, monthStats, recentRequests } from './store/request-queries';
import { RoutingStore } from './routing/routing-store';
import { dryRun } from './routing/dry-run';
import { BudgetLedger, thresholdCrossed, type BudgetAlert } from './budgets/budget-ledger';
import { budgetStatuses } from './budgets/budget-status';
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
  let budgetStore: BudgetStore | null = null;
  let adminToken: string | null = null;
  const alertListeners = new Set<(alert: BudgetAlert) => void>();
  const listeners = new Set<Parameters<Core['onRequestRecorded']>[0]>();

  /** A ledger whose threshold alerts reach the log and the listeners. */
  const newLedger = (database: Db, configs: BudgetConfig[], aliases: RoutingConfig['aliases']) => {
    const ledger = new BudgetLedger(database, configs, aliases);
    ledger.onAlert((alert) => {
      diagnostic(
        `budget "${alert.name}" reached ${alert.percent}% ($${alert.spentUsd.toFixed(2)} of $${alert.amountUsd.toFixed(2)}; ${alert.action})`,
      );
      alertListeners.forEach((listener) => listener(alert));
    });
    return ledger;
  };
  /** The contract's events, for the HTTP admin API's event stream. */
  const subscribe = <E extends EventName>(event: E, listener: (payload: Events[E]) => void): (() => void) => {
    if (event === 'requests:recorded') {
      const forward = listener as (payload: Events['requests:recorded']) => void;
      listeners.add(forward);
      return () => listeners.delete(forward);
    }
    const forward = (alert: BudgetAlert) =>
      (listener as (payload: Events['budget:threshold-crossed']) => void)(thresholdCrossed(alert));
    alertListeners.add(forward);
    return () => alertListeners.delete(forward);
  };
  const requireConfig = (): { config: FareboxConfig; priceBook: PriceBook } => {
    if (!config || !priceBook) throw new Error('Farebox core is not started');
    return { config, priceBook };
  };
  const connectEnv = () => ({
    home: options.home ?? homedir(),
    proxyUrl: toolFacingUrl(proxy?.host ?? '127.0.0.1', proxy?.port ?? config?.server.port ?? 3273),
    backupDir: join(options.dataDir, 'backups'),
    env: process.env,
  });
  /** The app's setting if made there, else the config file's. */
  const retentionDays = (): number => (db ? storedRetentionDays(db) : null) ?? config?.retentionDays ?? 0;
  let pruneTimer: NodeJS.Timeout | null = null;
  const pruneNow = () => {
    const days = retentionDays();
    if (!db || days <= 0) return;
    try {
      log?.commitFinished();
      const removed = pruneRequests(db, Date.now() - days * 86_400_000);
      if (removed > 0) diagnostic(`retention: deleted ${removed} request(s) older than ${days} day(s)`);
    } catch (error) {
      diagnostic(`retention: could not delete old requests: ${(error as Error).message}`);
    }
  };
  const requireRouting = (): RoutingStore => {
    if (!routing) throw new Error('Farebox core is not started');
    return routing;
  };
  const requireDb = (): Db => {
    if (!db) throw new Error('Farebox core is not started');
    return db;
  };

  const core: Core = {
    dataDir: options.dataDir,
    configPath,
    async start(): Promise<ProxyAddress> {
      if (proxy) return { host: proxy.host, port: proxy.port, url: proxy.url };
      config = loadConfigFile(configPath, options.env ?? process.env);
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
      const routingStore = routing;
      budgetStore = new BudgetStore(db, config, () => routingStore.routing().aliases);
      for (const problem of budgetStore.problems()) diagnostic(`budget skipped: ${problem}`);
      budgets = newLedger(db, budgetStore.budgets(), routing.routing().aliases);
      const checkedPools = validatePools(
        config.pools,
        new Map(config.providers.map((p) => [p.id, p.dialect])),
      );
      for (const problem of checkedPools.problems) diagnostic(`pool skipped: ${problem}`);
      const pools = checkedPools.pools.length > 0 ? new PoolTracker(checkedPools.pools) : null;
      pools?.seed(recentPoolUsage(db, Date.now() - KEEP_MINUTES * 60_000));
      const subscriptionWindows = subscriptionObserver(db, diagnostic);
      adminToken = options.admin ? (options.admin.token ?? randomBytes(24).toString('base64url')) : null;
      const admin =
        options.admin && adminToken
          ? createAdminHttp({
              handlers: createHandlers(core),
              token: adminToken,
              staticDir: existsSync(join(options.admin.staticDir, 'index.html'))
                ? options.admin.staticDir
                : null,
              subscribe: (event, listener) => subscribe(event, listener),
            })
          : undefined;
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
          admin,
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
      pruneNow();
      // Twice a day is plenty for a setting counted in days.
      pruneTimer = setInterval(pruneNow, 12 * 3_600_000);
      pruneTimer.unref();
      return { host: proxy.host, port: proxy.port, url: proxy.url };
    },
    async stop(): Promise<void> {
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
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
      budgetStore = null;
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
    setRouting(next) {
      const result = requireRouting().replace(next);
      // Budget downgrades may name aliases: rebuild the ledger against the new ones.
      if (result.ok && budgetStore && db && routing) {
        budgets = newLedger(db, budgetStore.budgets(), routing.routing().aliases);
        proxy?.setBudgets(budgets);
      }
      return result;
    },
    validateRouting: (next) => requireRouting().validate(next),
    budgets() {
      if (!budgets || !db) throw new Error('Farebox core is not started');
      log?.commitFinished();
      return budgetStatuses(db, budgets);
    },
    spendSeries(query) {
      log?.commitFinished();
      return spendSeries(requireDb(), query);
    },
    substitution(range) {
      log?.commitFinished();
      return substitutionReport(requireDb(), range);
    },
    queryRequests(query) {
      log?.commitFinished();
      return queryRequests(requireDb(), query);
    },
    requestDetail(id) {
      log?.commitFinished();
      return requestDetail(requireDb(), requireConfig().priceBook, id);
    },
    budgetConfig() {
      if (!budgetStore) throw new Error('Farebox core is not started');
      return { budgets: budgetStore.raw(), problems: budgetStore.problems() };
    },
    setBudgets(next) {
      if (!budgetStore || !routing || !db) throw new Error('Farebox core is not started');
      const result = budgetStore.replace(next);
      if (!result.ok) return result;
      // Requests in flight settle against the ledger that admitted them; new ones see the new budgets.
      budgets = newLedger(db, budgetStore.budgets(), routing.routing().aliases);
      proxy?.setBudgets(budgets);
      return result;
    },
    connections: () => {
      log?.commitFinished();
      return listConnections(requireDb(), connectEnv());
    },
    connectTool: (tool) => applyConnection(requireDb(), connectEnv(), tool),
    undoConnect: (tool) => undoConnection(requireDb(), connectEnv(), tool),
    providers: () => providerSummaries(requireConfig().config),
    testProvider(id) {
      if (!proxy) throw new Error('Farebox core is not started');
      return testProvider(requireConfig().config, proxy.agent, id);
    },
    settings() {
      const { config: current, priceBook: prices } = requireConfig();
      return {
        port: proxy?.port ?? current.server.port,
        host: proxy?.host ?? current.server.host,
        dataDir: options.dataDir,
        configPath,
        retentionDays: retentionDays(),
        storePrompts: false,
        priceDataVersion: prices.dataVersion,
      };
    },
    updateSettings(changes) {
      if (changes.retentionDays !== undefined) {
        storeRetentionDays(requireDb(), changes.retentionDays);
        pruneNow();
      }
      return core.settings();
    },
    poolsReport(month) {
      log?.commitFinished();
      const { config: current, priceBook: prices } = requireConfig();
      const bounds = monthBounds(month);
      const checked = validatePools(current.pools, new Map(current.providers.map((p) => [p.id, p.dialect])));
      return poolReport(requireDb(), checked.pools, prices, {
        from: bounds.from.getTime(),
        until: bounds.until.getTime(),
      });
    },
    routingPaused: () => routing?.state.paused === true,
    setRoutingPaused(paused) {
      requireRouting().state.paused = paused;
      diagnostic(paused ? 'routing paused: requests go where they are addressed' : 'routing resumed');
    },
    dashboardUrl: () => (proxy && adminToken ? `${proxy.url}/_farebox/#token=${adminToken}` : null),
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
  return core;
}

/** The address tools should use: a wildcard listener is reached on loopback. */
function toolFacingUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

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
