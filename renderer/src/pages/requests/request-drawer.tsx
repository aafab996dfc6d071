import { useEffect, useRef } from 'react';
import type { RequestDetail } from '../../../../shared/dashboard';
import { formatCount, formatUsd } from '../../lib/format';
import {
  attemptResultLabel,
  formatBytes,
  formatMs,
  formatPerMillion,
  tokenBuckets,
  totalTokens,
  wasRouted,
} from './request-detail-view';
import { outcomeLabel } from './request-filters';

function when(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function DetailBody({ detail }: { detail: RequestDetail }) {
  const { record, breakdown, prices } = detail;
  const buckets = tokenBuckets(detail);
  const routed = wasRouted(record);
  return (
    <>
      <section aria-labelledby="rq-d-summary">
        <h3 id="rq-d-summary">Summary</h3>
        <dl className="fb-facts">
          <dt>Started</dt>
          <dd>
            <time dateTime={record.startedAt}>{when(record.startedAt)}</time>
          </dd>
          <dt>Tool</dt>
          <dd>{record.tool}</dd>
          <dt>Outcome</dt>
          <dd>
            {outcomeLabel(record.outcome)}
            {record.status !== null && ` (HTTP ${record.status})`}
          </dd>
          {record.errorMessage && (
            <>
              <dt>Error</dt>
              <dd className="fb-error-text">{record.errorMessage}</dd>
            </>
          )}
          <dt>Provider</dt>
          <dd>{record.provider}</dd>
          <dt>API</dt>
          <dd>
            {record.endpoint}
            {record.upstreamEndpoint !== record.endpoint && ` → ${record.upstreamEndpoint} (translated)`}
            {record.stream ? ' · streamed' : ''}
          </dd>
          <dt>Billing</dt>
          <dd>
            {record.billing.replace('_', '-')}
            {record.poolId && ` (pool ${record.poolId})`}
          </dd>
          {record.taskId && (
            <>
              <dt>Task</dt>
              <dd>
                <code>{record.taskId}</code>
              </dd>
            </>
          )}
          {record.sessionId && (
            <>
              <dt>Session</dt>
              <dd>
                <code>{record.sessionId}</code>
              </dd>
            </>
          )}
          {record.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>{record.tags.join(', ')}</dd>
            </>
          )}
          <dt>Source</dt>
          <dd>{record.source}</dd>
          <dt>Request id</dt>
          <dd>
            <code>{record.id}</code>
            {record.upstreamRequestId && (
              <>
                {' · upstream '}
                <code>{record.upstreamRequestId}</code>
              </>
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="rq-d-tokens">
        <h3 id="rq-d-tokens">Tokens and cost</h3>
        <table className="fb-table">
          <thead>
            <tr>
              <th scope="col">Bucket</th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((bucket) => (
              <tr key={bucket.label}>
                <th scope="row">
                  {bucket.label}
                  {bucket.note && <span className="fb-muted"> ({bucket.note})</span>}
                </th>
                <td className="num">{formatCount(bucket.tokens)}</td>
                <td className={breakdown ? 'num' : 'num unpriced'}>{formatUsd(bucket.costUsd ?? null)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{formatCount(totalTokens(record))}</td>
              <td className={record.costUsd === null ? 'num unpriced' : 'num'}>
                {formatUsd(breakdown?.totalUsd ?? record.costUsd)}
              </td>
            </tr>
          </tfoot>
        </table>
        {record.costUsd === null && (
          <p className="fb-muted">
            No price is known for this model, so it is counted as unpriced (never as $0). Add a price override
            under <code>pricing.overrides</code> in the config file to price it.
          </p>
        )}
      </section>

      <section aria-labelledby="rq-d-price">
        <h3 id="rq-d-price">Price entry</h3>
        <dl className="fb-facts">
          <dt>Entry</dt>
          <dd>{record.priceRef ? <code>{record.priceRef}</code> : 'none (unpriced)'}</dd>
          <dt>Source</dt>
          <dd>{record.priceSource}</dd>
        </dl>
        {prices && (
          <table className="fb-table">
            <caption>USD per million tokens</caption>
            <tbody>
              <tr>
                <th scope="row">Input</th>
                <td className="num">{formatPerMillion(prices.input)}</td>
              </tr>
              <tr>
                <th scope="row">Cache read</th>
                <td className="num">{formatPerMillion(prices.cacheRead)}</td>
              </tr>
              <tr>
                <th scope="row">Cache write</th>
                <td className="num">{formatPerMillion(prices.cacheWrite)}</td>
              </tr>
              <tr>
                <th scope="row">Output</th>
                <td className="num">{formatPerMillion(prices.output)}</td>
              </tr>
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="rq-d-routing">
        <h3 id="rq-d-routing">Routing</h3>
        {routed ? (
          <dl className="fb-facts">
            <dt>Rule</dt>
            <dd>{record.ruleId ? <code>{record.ruleId}</code> : 'none (an alias or the client chose)'}</dd>
            <dt>Requested → served</dt>
            <dd>
              {record.requestedModel ?? 'unknown'} → {record.servedModel ?? 'unknown'}
            </dd>
            <dt>Baseline</dt>
            <dd>
              {formatUsd(record.baselineCostUsd)}
              {record.baselinePriceRef && (
                <span className="fb-muted">
                  {' '}
                  at <code>{record.baselinePriceRef}</code>
                </span>
              )}
            </dd>
            <dt>Savings</dt>
            <dd className={record.savingsUsd !== null && record.savingsUsd < 0 ? 'fb-error-text' : undefined}>
              {record.savingsUsd === null ? 'unknown (a price is missing)' : formatUsd(record.savingsUsd)}
            </dd>
          </dl>
        ) : (
          <p className="fb-muted">No rule fired; the request went to {record.provider} as asked.</p>
        )}
      </section>

      <section aria-labelledby="rq-d-attempts">
        <h3 id="rq-d-attempts">Attempts and timings</h3>
        <dl className="fb-facts">
          <dt>First byte</dt>
          <dd>{formatMs(record.ttfbMs)}</dd>
          <dt>Duration</dt>
          <dd>{formatMs(record.durationMs)}</dd>
          <dt>Finished</dt>
          <dd>{when(record.finishedAt)}</dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(record.requestBytes)} sent, {formatBytes(record.responseBytes)} received
          </dd>
        </dl>
        {record.attempts.length === 0 ? (
          <p className="fb-muted">One attempt, straight to {record.provider}.</p>
        ) : (
          <table className="fb-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Start
                </th>
                <th scope="col" className="num">
                  Took
                </th>
              </tr>
            </thead>
            <tbody>
              {record.attempts.map((attempt, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>
                    {attempt.provider} / {attempt.model}
                    <div className="fb-muted">{attempt.endpoint}</div>
                  </td>
                  <td className={attempt.result === 'ok' ? undefined : 'fb-error-text'}>
                    {attemptResultLabel(attempt.result)}
                    {attempt.status !== null && ` (${attempt.status})`}
                    {attempt.error && <div className="fb-muted">{attempt.error}</div>}
                  </td>
                  <td className="num">+{formatMs(attempt.startedMs)}</td>
                  <td className="num">{formatMs(attempt.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** The detail drawer: a non-modal side panel; Esc or the close button closes it and focus returns to the log. */
export function RequestDrawer({
  openId,
  detail,
  loading,
  error,
  onClose,
}: {
  openId: string;
  detail: RequestDetail | null;
  loading: boolean;
  error: string | null;
  onClose: () => void;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
  }, [openId]);
  return (
    <aside className="rq-drawer" role="dialog" aria-modal="false" aria-labelledby="rq-drawer-title">
      <header className="rq-drawer-head">
        <h2 id="rq-drawer-title">
          Request {detail ? (detail.record.servedModel ?? detail.record.requestedModel ?? '') : ''}
        </h2>
        <button ref={closeRef} type="button" onClick={onClose} aria-label="Close request details">
          Close <kbd>Esc</kbd>
        </button>
      </header>
      <div className="rq-drawer-body" aria-busy={loading}>
        {error && (
          <p className="fb-banner is-error" role="alert">
            {error}
          </p>
        )}
        {loading && !detail && <p className="fb-muted">Loading request {openId}…</p>}
        {detail && <DetailBody detail={detail} />}
      </div>
    </aside>
  );
}
