import { useEffect, useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProvisionedPoolReport, SubscriptionPoolReport, UnitOption } from '../../../../shared/capacity';
import { chartColors } from '../../components/chart-theme';
import { Countdown } from '../../components/countdown';
import { DataTable, type Column } from '../../components/data-table';
import { EChart } from '../../components/echart';
import { EmptyState } from '../../components/empty-state';
import { Money } from '../../components/money';
import { Card, Page } from '../../components/page';
import { localTimeZone } from '../../components/range';
import { Meter, StatCard } from '../../components/stat-card';
import { formatCount, formatMonth, formatPercent, formatTime, formatTokens } from '../../lib/format';
import { capacityStore, useCapacity, type HourlyTraffic } from '../../stores/capacity-store';
import { useTheme } from '../../stores/theme-store';
import {
  breakEvenTone,
  heatmapOption,
  hourGrid,
  poolHourly,
  recentMonths,
  recommendationTone,
  windowLabel,
} from './capacity-model';

const OPTION_COLUMNS: Column<UnitOption & { current: boolean; best: boolean }>[] = [
  {
    id: 'units',
    header: 'Units',
    cell: (o) => (
      <>
        {o.units}
        {o.current && <span className="badge">now</span>}
        {o.best && <span className="badge badge-good">cheapest</span>}
      </>
    ),
    rowHeader: true,
  },
  {
    id: 'reservation',
    header: 'Reservation',
    numeric: true,
    cell: (o) => <Money value={o.reservationUsd} />,
  },
  {
    id: 'spillTokens',
    header: 'Spillover tokens',
    numeric: true,
    cell: (o) => formatTokens(o.spilloverTokens),
  },
  {
    id: 'spill',
    header: 'Spillover cost',
    numeric: true,
    cell: (o) => <Money value={o.spilloverUsd} estimate />,
  },
  { id: 'total', header: 'Total', numeric: true, cell: (o) => <Money value={o.totalUsd} estimate /> },
];

function Heatmap({
  pool,
  traffic,
}: {
  pool: ProvisionedPoolReport | SubscriptionPoolReport;
  traffic: HourlyTraffic | null;
}) {
  const theme = useTheme((s) => s.theme);
  const hourly = useMemo(() => poolHourly(pool, traffic), [pool, traffic]);
  const grid = useMemo(
    () => (hourly ? hourGrid(hourly.buckets, hourly.values, localTimeZone()) : null),
    [hourly],
  );
  const option = useMemo(
    () => (grid && hourly ? heatmapOption(grid, hourly.unit, chartColors(theme)) : null),
    [grid, hourly, theme],
  );
  if (traffic?.error) return <p className="muted">Hourly traffic could not be loaded: {traffic.error}</p>;
  if (!grid || !option || !hourly) return <p className="muted">No hourly figures for this period yet.</p>;
  if (grid.max === 0)
    return <p className="muted">No traffic in this period yet — the heatmap fills in by the hour.</p>;
  return (
    <figure className="heatmap">
      <EChart
        option={option}
        height={Math.max(180, grid.days.length * 16 + 96)}
        label={`${pool.name ?? pool.id}: ${hourly.unit === 'utilization' ? 'utilization' : 'requests'} by day and hour`}
      />
      <figcaption className="muted">{hourly.source}</figcaption>
    </figure>
  );
}

function Recommendation({ pool }: { pool: ProvisionedPoolReport | SubscriptionPoolReport }) {
  const tone = recommendationTone(pool.recommendation.action);
  return (
    <div className={`recommendation tone-${tone}`}>
      <p className="recommendation-summary">
        Recommendation: <strong>{pool.recommendation.summary}</strong>
      </p>
      {pool.recommendation.explanation && (
        <details>
          <summary>The arithmetic</summary>
          <pre className="explanation">{pool.recommendation.explanation}</pre>
        </details>
      )}
    </div>
  );
}

function ProvisionedPool({ pool, traffic }: { pool: ProvisionedPoolReport; traffic: HourlyTraffic | null }) {
  const u = pool.utilization;
  const options = pool.recommendation.options ?? [];
  const cheapest = options.reduce<UnitOption | null>(
    (best, o) => (!best || o.totalUsd < best.totalUsd ? o : best),
    null,
  );
  const optionRows = options.map((o) => ({ ...o, current: o.units === pool.units, best: o === cheapest }));
  return (
    <Card title={pool.name ?? pool.id} wide className="pool">
      <p className="muted pool-meta">
        Provisioned pool on {pool.provider}
        {pool.deployment && (
          <>
            {' '}
            · deployment <code>{pool.deployment}</code>
          </>
        )}{' '}
        · {pool.units} unit{pool.units === 1 ? '' : 's'}, {formatCount(pool.capacityTokensPerMinute)}{' '}
        tokens/min · covers {pool.models.join(', ')}
      </p>
      <div className="stat-row">
        <StatCard
          label="Utilization"
          tone={breakEvenTone(u.average, pool.breakEvenUtilization)}
          value={formatPercent(u.average, undefined, 1)}
          hint={`average · peak minute ${formatPercent(u.peakMinute)}${u.peakMinuteAt ? ` at ${formatTime(u.peakMinuteAt)}` : ''}`}
        >
          <Meter
            label={`${pool.name ?? pool.id} average utilization`}
            value={u.average}
            max={1}
            warnAt={0.9}
            badAt={1}
          />
        </StatCard>
        <StatCard
          label="Break-even"
          value={
            pool.breakEvenUtilization === null
              ? 'unpriced'
              : formatPercent(pool.breakEvenUtilization, undefined, 1)
          }
          hint={
            pool.breakEvenUtilization === null
              ? 'The covered models have no price, so break-even is unknown'
              : u.average >= pool.breakEvenUtilization
                ? 'Used above break-even: the reservation pays for itself'
                : 'Used below break-even: on demand would have been cheaper'
          }
        />
        <StatCard
          label="Spillover"
          tone={pool.spillover.requests > 0 ? 'warn' : 'neutral'}
          value={<Money value={pool.spillover.costUsd} unpriced={pool.spillover.unpricedRequests} />}
          hint={`${formatCount(pool.spillover.requests)} requests went on demand · ${formatCount(u.minutesWithSpillover)} minutes with spillover · ${formatCount(u.minutesAtCapacity)} at capacity`}
        />
        <StatCard
          label="Reservation vs list price"
          tone={pool.savingsUsd >= 0 ? 'good' : 'bad'}
          value={<Money value={pool.savingsUsd} signed />}
          hint={
            <>
              paid <Money value={pool.reservationUsd} /> for traffic worth{' '}
              <Money value={pool.onDemandEquivalentUsd} /> on demand
            </>
          }
        />
      </div>
      <Heatmap pool={pool} traffic={traffic} />
      <Recommendation pool={pool} />
      {optionRows.length > 0 && (
        <DataTable
          caption={`Unit counts compared for ${pool.name ?? pool.id} (spillover at list prices, estimated)`}
          columns={OPTION_COLUMNS}
          rows={optionRows}
          rowKey={(o) => String(o.units)}
        />
      )}
    </Card>
  );
}

function SubscriptionPlan({
  pool,
  traffic,
}: {
  pool: SubscriptionPoolReport;
  traffic: HourlyTraffic | null;
}) {
  return (
    <Card title={pool.name ?? pool.id} wide className="pool">
      <p className="muted pool-meta">
        Subscription plan on {pool.provider} · <Money value={pool.perMonthUsd} /> per month
      </p>
      <div className="stat-row">
        <StatCard
          label="Value at list prices"
          tone={pool.savingsUsd >= 0 ? 'good' : 'bad'}
          value={<Money value={pool.listPriceUsd} unpriced={pool.unpricedRequests} />}
          hint={
            <>
              for <Money value={pool.planUsd} /> of plan fee this period
              {pool.valueRatio !== null && ` (${pool.valueRatio.toFixed(2)}×)`}
            </>
          }
        />
        <StatCard
          label="Plan saved"
          tone={pool.savingsUsd >= 0 ? 'good' : 'bad'}
          value={<Money value={pool.savingsUsd} signed />}
          hint={`${formatCount(pool.requests)} requests · ${formatTokens(pool.tokens.total)} tokens`}
        />
      </div>
      <section className="windows" aria-label={`${pool.name ?? pool.id} plan windows`}>
        <h3>Plan windows</h3>
        {pool.windows.length === 0 ? (
          <p className="muted">
            No window reported yet: {pool.provider} reports them in response headers, so they appear after the
            next request through Farebox.
          </p>
        ) : (
          <ul className="window-list">
            {pool.windows.map((w) => (
              <li key={`${w.provider}:${w.window}`}>
                <div className="window-head">
                  <strong>{windowLabel(w)}</strong>
                  <span className={w.status === 'rejected' ? 'tone-bad-text' : 'muted'}>
                    {w.status ? w.status.replace(/_/g, ' ') : ''}
                  </span>
                  <Countdown to={w.resetsAt} />
                </div>
                {w.utilization !== null ? (
                  <Meter
                    label={`${windowLabel(w)} used`}
                    value={w.utilization}
                    max={1}
                    valueText={`${formatPercent(w.utilization)} used`}
                  />
                ) : (
                  <p className="muted">usage not reported</p>
                )}
                <p className="muted small">
                  {w.utilization !== null && `${formatPercent(w.utilization)} used · `}seen{' '}
                  {formatTime(new Date(w.observedAt).toISOString())}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Heatmap pool={pool} traffic={traffic} />
      <Recommendation pool={pool} />
    </Card>
  );
}

export function CapacityPage() {
  useEffect(() => capacityStore.getState().start(), []);
  const monthId = useId();
  const { month, report, traffic, loading, error, setMonth } = useCapacity(
    useShallow((s) => ({
      month: s.month,
      report: s.report,
      traffic: s.traffic,
      loading: s.loading,
      error: s.error,
      setMonth: s.setMonth,
    })),
  );
  const months = useMemo(() => recentMonths(Date.now()), []);
  return (
    <Page
      title="Capacity: pools & plans"
      description="How much of each reservation and subscription you use, what spills over, and whether to keep it."
      error={error}
      actions={
        <>
          <label htmlFor={monthId} className="inline-field">
            Month
          </label>
          <select
            id={monthId}
            value={month ?? months[0]}
            onChange={(event) => setMonth(event.target.value === months[0] ? null : event.target.value)}
          >
            {months.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m)}
              </option>
            ))}
          </select>
        </>
      }
    >
      {!report ? (
        <p className="muted">{loading ? 'Loading…' : 'No report.'}</p>
      ) : report.pools.length === 0 ? (
        <EmptyState
          title="No pools or plans configured"
          action={{ label: 'Open Settings', href: '#/settings' }}
          secondary={{ label: 'See what you spend', href: '#/spend' }}
        >
          <p>
            Add a provisioned pool (Azure PTU, Bedrock provisioned throughput, Vertex) or a subscription plan
            (Claude Max, ChatGPT Pro) under <code>pools</code> in Farebox's config file. Farebox then shows
            how much of it you use, what spills over to on-demand, and whether to add, remove or keep units.
          </p>
        </EmptyState>
      ) : (
        <div className="cards">
          {report.pools.map((pool) =>
            pool.kind === 'provisioned' ? (
              <ProvisionedPool key={pool.id} pool={pool} traffic={traffic} />
            ) : (
              <SubscriptionPlan key={pool.id} pool={pool} traffic={traffic} />
            ),
          )}
        </div>
      )}
    </Page>
  );
}
