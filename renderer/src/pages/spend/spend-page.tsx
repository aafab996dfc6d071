import { useEffect, useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SpendGroup, SpendSeries } from '../../../../shared/dashboard';
import { chartColors } from '../../components/chart-theme';
import { downloadText } from '../../components/csv';
import { DataTable, type Column } from '../../components/data-table';
import { EChart } from '../../components/echart';
import { EmptyState, NoTrafficYet } from '../../components/empty-state';
import { Money } from '../../components/money';
import { Card, Page } from '../../components/page';
import type { RangePreset, RangeSelection } from '../../components/range';
import { RangePicker } from '../../components/range-picker';
import { StatCard } from '../../components/stat-card';
import { formatCount, formatPercent, formatTime, formatTokens } from '../../lib/format';
import { navigate, useRoute } from '../../router';
import { selectProxyUrl, useOverview } from '../../stores/overview-store';
import {
  groupKeyLabel,
  isSpendGroup,
  SPEND_GROUPS,
  spendStore,
  spendTotals,
  useSpend,
} from '../../stores/spend-store';
import { useTheme } from '../../stores/theme-store';
import { csvFilename, isEmptySeries, spendCsv, spendSeriesOption } from './spend-model';

type Row = SpendSeries['rows'][number];

function columnsFor(groupBy: SpendGroup, totalCost: number): Column<Row>[] {
  const label = SPEND_GROUPS.find((g) => g.id === groupBy)?.label ?? 'Group';
  return [
    {
      id: 'key',
      header: label,
      cell: (row) => groupKeyLabel(row.key, groupBy),
      sortValue: (row) => row.key,
      rowHeader: true,
    },
    {
      id: 'requests',
      header: 'Requests',
      numeric: true,
      cell: (row) => formatCount(row.requests),
      sortValue: (row) => row.requests,
    },
    {
      id: 'cost',
      header: 'Spend',
      numeric: true,
      cell: (row) =>
        row.requests > 0 && row.unpricedRequests >= row.requests ? (
          <Money value={null} />
        ) : (
          <Money value={row.costUsd} unpriced={row.unpricedRequests} />
        ),
      sortValue: (row) => (row.requests > 0 && row.unpricedRequests >= row.requests ? null : row.costUsd),
    },
    {
      id: 'share',
      header: 'Share',
      numeric: true,
      cell: (row) => (totalCost > 0 ? formatPercent(row.costUsd / totalCost, undefined, 1) : '—'),
      sortValue: (row) => row.costUsd,
    },
    {
      id: 'input',
      header: 'Input tokens',
      numeric: true,
      cell: (row) => formatTokens(row.inputTokens),
      sortValue: (row) => row.inputTokens,
    },
    {
      id: 'cacheRead',
      header: 'Cache read',
      numeric: true,
      cell: (row) => formatTokens(row.cacheReadTokens),
      sortValue: (row) => row.cacheReadTokens,
    },
    {
      id: 'cacheWrite',
      header: 'Cache write',
      numeric: true,
      cell: (row) => formatTokens(row.cacheWriteTokens),
      sortValue: (row) => row.cacheWriteTokens,
    },
    {
      id: 'output',
      header: 'Output tokens',
      numeric: true,
      cell: (row) => formatTokens(row.outputTokens),
      sortValue: (row) => row.outputTokens,
    },
  ];
}

const PRESETS: readonly RangePreset[] = ['24h', '7d', '30d', 'custom'];

/** Reads `#/spend?range=30d&group=tool` (links from the overview) into the store once. */
function useUrlState() {
  const route = useRoute();
  const { selection, groupBy } = useSpend(
    useShallow((s) => ({ selection: s.selection, groupBy: s.groupBy })),
  );
  const params = route.params;
  useEffect(() => {
    const group = params.get('group');
    const range = params.get('range') as RangePreset | null;
    const state = spendStore.getState();
    if (isSpendGroup(group) && group !== state.groupBy) state.setGroupBy(group);
    if (range && PRESETS.includes(range) && range !== state.selection.preset) {
      state.setSelection(
        range === 'custom'
          ? {
              preset: 'custom',
              fromDate: params.get('from') ?? undefined,
              toDate: params.get('to') ?? undefined,
            }
          : { preset: range },
      );
    }
    // Only on arrival: afterwards the store is the truth and the URL follows it.
  }, []);
  useEffect(() => {
    navigate(
      'spend',
      {
        range: selection.preset,
        group: groupBy,
        from: selection.preset === 'custom' ? selection.fromDate : undefined,
        to: selection.preset === 'custom' ? selection.toDate : undefined,
      },
      { replace: true },
    );
  }, [selection, groupBy]);
}

export function SpendPage() {
  useEffect(() => spendStore.getState().start(), []);
  useUrlState();
  const groupSelectId = useId();
  const { selection, groupBy, range, data, loading, error, setSelection, setGroupBy } = useSpend(
    useShallow((s) => ({
      selection: s.selection,
      groupBy: s.groupBy,
      range: s.range,
      data: s.data,
      loading: s.loading,
      error: s.error,
      setSelection: s.setSelection,
      setGroupBy: s.setGroupBy,
    })),
  );
  const proxyUrl = useOverview(selectProxyUrl);
  const theme = useTheme((s) => s.theme);
  const totals = useMemo(() => spendTotals(data), [data]);
  const option = useMemo(
    () => (data && range ? spendSeriesOption(data, groupBy, range.bucket, chartColors(theme)) : null),
    [data, range, groupBy, theme],
  );
  const columns = useMemo(() => columnsFor(groupBy, totals.costUsd), [groupBy, totals.costUsd]);
  const empty = isEmptySeries(data);

  const exportCsv = () => {
    if (!data || !range) return;
    downloadText(csvFilename(groupBy, range.from, range.until), spendCsv(data, groupBy));
  };

  return (
    <Page
      title="Spend"
      description="Spend over time by model, provider, tool, project or routing rule."
      error={error}
      actions={
        <>
          <RangePicker value={selection} onChange={(next: RangeSelection) => setSelection(next)} />
          <label className="inline-field" htmlFor={groupSelectId}>
            Group by
          </label>
          <select
            id={groupSelectId}
            value={groupBy}
            onChange={(event) => {
              if (isSpendGroup(event.target.value)) setGroupBy(event.target.value);
            }}
          >
            {SPEND_GROUPS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            onClick={exportCsv}
            disabled={!data || data.rows.length === 0}
          >
            Export CSV
          </button>
        </>
      }
    >
      <div className="stat-row">
        <StatCard
          label="Spend in range"
          value={
            data ? (
              <Money value={totals.costUsd} unpriced={totals.unpricedRequests} />
            ) : loading ? (
              'Loading…'
            ) : (
              '—'
            )
          }
          hint={range ? `${formatTime(range.from)} – ${formatTime(range.until)}` : undefined}
        />
        <StatCard label="Requests" value={data ? formatCount(totals.requests) : '—'} />
        <StatCard
          label="Tokens"
          value={data ? formatTokens(totals.tokens) : '—'}
          hint="input, cache and output"
        />
      </div>
      {!loading && empty && !error ? (
        selection.preset === '30d' ? (
          <NoTrafficYet proxyUrl={proxyUrl} what="spend in the last 30 days" />
        ) : (
          <EmptyState
            title="No requests in this range"
            action={{ label: 'Show the last 30 days', onClick: () => setSelection({ preset: '30d' }) }}
            secondary={{ label: 'Connect tools', href: '#/connect' }}
          >
            <p>Pick a longer range, or connect a tool so its requests are recorded.</p>
          </EmptyState>
        )
      ) : (
        <>
          <Card title={`Spend by ${groupBy}`} wide>
            {option ? (
              <EChart
                option={option}
                height={320}
                label={`Stacked spend per ${range?.bucket ?? 'bucket'} by ${groupBy}; the table below lists the same totals`}
              />
            ) : (
              <p className="muted">Loading…</p>
            )}
          </Card>
          <Card title="Totals" wide>
            <DataTable
              caption={`Spend by ${groupBy} in the selected range`}
              hideCaption
              columns={columns}
              rows={data?.rows ?? []}
              rowKey={(row) => row.key}
              initialSort={{ column: 'cost', direction: 'desc' }}
              empty={<p className="muted">{loading ? 'Loading…' : 'No rows.'}</p>}
            />
          </Card>
        </>
      )}
    </Page>
  );
}
