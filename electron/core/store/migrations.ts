/**
 * Numbered migrations, applied in order inside one transaction each and recorded with a hash in
 * `_migrations`; PRAGMA user_version mirrors the count. Never edit a released migration: add a new one.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'request-log-and-hourly-rollups',
    sql: `
      CREATE TABLE requests (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,            -- ms since the Unix epoch
        finished_at INTEGER,
        ttfb_ms REAL,
        duration_ms REAL,
        tool TEXT NOT NULL,
        session_id TEXT,
        dialect TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        provider TEXT NOT NULL,
        requested_model TEXT,
        served_model TEXT,
        stream INTEGER NOT NULL,
        status INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN
          ('in_flight', 'ok', 'client_aborted', 'upstream_error', 'proxy_error', 'interrupted')),
        error_message TEXT,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL,                          -- NULL means unpriced, never 0
        price_source TEXT NOT NULL,
        price_ref TEXT,
        request_bytes INTEGER NOT NULL DEFAULT 0,
        response_bytes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX requests_by_start ON requests (started_at);
      CREATE INDEX requests_by_session ON requests (session_id) WHERE session_id IS NOT NULL;
      CREATE INDEX requests_in_flight ON requests (outcome) WHERE outcome = 'in_flight';

      -- Dashboards read these instead of the raw log. Hours are UTC; local days and months are unions of
      -- whole hours in every time zone with a whole-hour offset.
      CREATE TABLE rollup_hourly (
        hour_start INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        tool TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        unpriced_requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (hour_start, provider, model, tool)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 2,
    name: 'routing-ledger-and-settings',
    // SQLite cannot change a CHECK constraint in place: the request table is rebuilt (the documented
    // 12-step procedure, inside the migration's transaction) and the rollup is recomputed from it.
    sql: `
      CREATE TABLE requests_v2 (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        ttfb_ms REAL,
        duration_ms REAL,
        tool TEXT NOT NULL,
        session_id TEXT,
        dialect TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        provider TEXT NOT NULL,
        requested_model TEXT,
        served_model TEXT,
        stream INTEGER NOT NULL,
        status INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN
          ('in_flight', 'ok', 'client_aborted', 'upstream_error', 'proxy_error', 'interrupted', 'rejected')),
        error_message TEXT,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL,
        price_source TEXT NOT NULL,
        price_ref TEXT,
        request_bytes INTEGER NOT NULL DEFAULT 0,
        response_bytes INTEGER NOT NULL DEFAULT 0,
        upstream_endpoint TEXT,                 -- the API spoken upstream (differs from endpoint when translated)
        rule_id TEXT,                           -- the routing rule that fired, NULL when none did
        baseline_cost_usd REAL,                 -- the served tokens at the requested model's prices; NULL: unpriced
        baseline_price_ref TEXT,
        attempts TEXT,                          -- JSON array of AttemptRecord, NULL for a single plain attempt
        tags TEXT                               -- JSON array of the rule's tags
      );
      INSERT INTO requests_v2 SELECT *, endpoint, NULL, cost_usd, price_ref, NULL, NULL FROM requests;
      DROP TABLE requests;
      ALTER TABLE requests_v2 RENAME TO requests;
      CREATE INDEX requests_by_start ON requests (started_at);
      CREATE INDEX requests_by_session ON requests (session_id) WHERE session_id IS NOT NULL;
      CREATE INDEX requests_in_flight ON requests (outcome) WHERE outcome = 'in_flight';

      DROP TABLE rollup_hourly;
      -- Savings are baseline − actual over the requests where both are priced (compared_cost_usd is the actual
      -- cost of exactly those), so an unpriced baseline never shows up as a saving or a loss.
      CREATE TABLE rollup_hourly (
        hour_start INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        tool TEXT NOT NULL,
        rule_id TEXT NOT NULL,                  -- '' when no rule fired
        requests INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        unpriced_requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        baseline_cost_usd REAL NOT NULL DEFAULT 0,
        compared_cost_usd REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (hour_start, provider, model, requested_model, tool, rule_id)
      ) WITHOUT ROWID;
      INSERT INTO rollup_hourly
      SELECT (started_at / 3600000) * 3600000, provider, COALESCE(served_model, requested_model, ''),
        COALESCE(requested_model, ''), tool, COALESCE(rule_id, ''), COUNT(*), SUM(outcome != 'ok'),
        SUM(cost_usd IS NULL), SUM(input_tokens), SUM(cache_read_tokens),
        SUM(cache_write_5m_tokens + cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens),
        COALESCE(SUM(cost_usd), 0),
        COALESCE(SUM(CASE WHEN cost_usd IS NOT NULL THEN baseline_cost_usd END), 0),
        COALESCE(SUM(CASE WHEN baseline_cost_usd IS NOT NULL THEN cost_usd END), 0)
      FROM requests WHERE outcome != 'in_flight'
      GROUP BY 1, 2, 3, 4, 5, 6;

      -- Small documents the app owns (the routing rules as last edited, and which config file they came from).
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    id: 3,
    name: 'economics-tasks-pools-subscriptions-import',
    sql: `
      ALTER TABLE requests ADD COLUMN upstream_request_id TEXT; -- the provider's request id (request-id, x-request-id)
      ALTER TABLE requests ADD COLUMN task_id TEXT;             -- x-farebox-task, else the tool's session id
      ALTER TABLE requests ADD COLUMN pool_id TEXT;             -- the reserved-capacity pool that served it
      -- How the request is paid: per token, out of a reserved pool, or by a flat-rate plan. cost_usd is always
      -- the pay-per-token (list price) figure; only on_demand rows are on-demand spend.
      ALTER TABLE requests ADD COLUMN billing TEXT NOT NULL DEFAULT 'on_demand'
        CHECK (billing IN ('on_demand', 'pool', 'subscription'));
      -- 'proxy', or 'import:claude-code' / 'import:codex' for usage read from the tools' own logs.
      ALTER TABLE requests ADD COLUMN source TEXT NOT NULL DEFAULT 'proxy';
      CREATE INDEX requests_by_upstream_id ON requests (upstream_request_id) WHERE upstream_request_id IS NOT NULL;
      CREATE INDEX requests_by_task ON requests (task_id) WHERE task_id IS NOT NULL;
      CREATE INDEX requests_by_pool ON requests (pool_id, started_at) WHERE pool_id IS NOT NULL;

      -- A task's outcome, marked by the user (CLI, core API, later the UI).
      CREATE TABLE task_outcomes (
        task_id TEXT PRIMARY KEY,
        outcome TEXT NOT NULL CHECK (outcome IN ('resolved', 'failed', 'abandoned')),
        marked_at INTEGER NOT NULL,
        note TEXT
      );

      -- The latest plan-window state a provider reported (anthropic-ratelimit-unified-*, x-codex-*).
      CREATE TABLE subscription_windows (
        provider TEXT NOT NULL,
        window TEXT NOT NULL,                   -- e.g. five_hour, seven_day, primary, secondary
        utilization REAL,                       -- 0..1
        resets_at INTEGER,                      -- ms since the epoch
        window_minutes INTEGER,
        status TEXT,
        observed_at INTEGER NOT NULL,
        PRIMARY KEY (provider, window)
      ) WITHOUT ROWID;

      -- Budget thresholds already announced in a period, so each notifies once.
      CREATE TABLE budget_alerts (
        budget_id TEXT NOT NULL,
        period_start INTEGER NOT NULL,
        percent REAL NOT NULL,
        action TEXT NOT NULL,
        fired_at INTEGER NOT NULL,
        spent_usd REAL NOT NULL,
        PRIMARY KEY (budget_id, period_start, percent)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 4,
    name: 'rollups-by-billing-and-failure-index',
    // The overview reads rollups only: on-demand spend needs billing in the rollup's key, and savings need the
    // count of compared requests and of requests without a baseline. Recomputed from the log.
    sql: `
      DROP TABLE rollup_hourly;
      CREATE TABLE rollup_hourly (
        hour_start INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        tool TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        billing TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        unpriced_requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        baseline_cost_usd REAL NOT NULL DEFAULT 0,
        compared_cost_usd REAL NOT NULL DEFAULT 0,
        compared_requests INTEGER NOT NULL DEFAULT 0,  -- requests with both costs known
        unpriced_baseline_requests INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour_start, provider, model, requested_model, tool, rule_id, billing)
      ) WITHOUT ROWID;
      INSERT INTO rollup_hourly
      SELECT (started_at / 3600000) * 3600000, provider, COALESCE(served_model, requested_model, ''),
        COALESCE(requested_model, ''), tool, COALESCE(rule_id, ''), billing, COUNT(*), SUM(outcome != 'ok'),
        SUM(cost_usd IS NULL), SUM(input_tokens), SUM(cache_read_tokens),
        SUM(cache_write_5m_tokens + cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens),
        COALESCE(SUM(cost_usd), 0),
        COALESCE(SUM(CASE WHEN cost_usd IS NOT NULL THEN baseline_cost_usd END), 0),
        COALESCE(SUM(CASE WHEN baseline_cost_usd IS NOT NULL THEN cost_usd END), 0),
        SUM(cost_usd IS NOT NULL AND baseline_cost_usd IS NOT NULL),
        SUM(baseline_cost_usd IS NULL AND outcome != 'rejected')
      FROM requests WHERE outcome != 'in_flight'
      GROUP BY 1, 2, 3, 4, 5, 6, 7;

      -- Failures are a few percent of the log: filtering the request log by one stays instant.
      CREATE INDEX requests_by_outcome ON requests (outcome, started_at) WHERE outcome != 'ok';
    `,
  },
];
