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
];
