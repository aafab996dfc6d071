import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SubstitutionReport } from '../../../../shared/dashboard';
import { chartColors } from '../../components/chart-theme';
import { DataTable, type Column } from '../../components/data-table';
import { EChart } from '../../components/echart';
import { EmptyState } from '../../components/empty-state';
import { Money } from '../../components/money';
import { Card, Page } from '../../components/page';
import { RangePicker } from '../../components/range-picker';
import { StatCard } from '../../components/stat-card';
import { formatCount, formatPercent } from '../../lib/format';
import {
  substitutionStore,
  substitutionTotals,
  useSubstitution,
  type FlowMetric,
} from '../../stores/substitution-store';
import { useTheme } from '../../stores/theme-store';
import {
  sankeyOption,
  savingsByRuleOption,
  targetRows,
  targetsOption,
  type TargetRow,
} from './substitution-model';

type RuleRow = SubstitutionReport['byRule'][number];
type Flow = SubstitutionReport['flows'][number];

const RULE_COLUMNS: Column<RuleRow>[] = [
  {
    id: 'rule',
    header: 'Rule',
    cell: (r) =>
      r.ruleId ? <a href={`#/rules?rule=${encodeURIComponent(r.ruleId)}`}>{r.ruleId}</a> : '(alias)',
    sortValue: (r) => r.ruleId,
    rowHeader: true,
  },
  {
    id: 'requests',
    header: 'Requests',
    numeric: true,
    cell: (r) => formatCount(r.requests),
    sortValue: (r) => r.requests,
  },
  {
    id: 'cost',
    header: 'Cost',
    numeric: true,
    cell: (r) => <Money value={r.costUsd} />,
    sortValue: (r) => r.costUsd,
  },
  {
    id: 'baseline',
    header: 'As asked',
    numeric: true,
    cell: (r) => <Money value={r.baselineUsd} />,
    sortValue: (r) => r.baselineUsd,
  },
  {
    id: 'savings',
    header: 'Saved',
    numeric: true,
    cell: (r) => <Money value={r.savingsUsd} />,
    sortValue: (r) => r.savingsUsd,
  },
];

const FLOW_COLUMNS: Column<Flow>[] = [
  {
    id: 'requested',
    header: 'Asked for',
    cell: (f) => f.requestedModel,
    sortValue: (f) => f.requestedModel,
    rowHeader: true,
  },
  {
    id: 'served',
    header: 'Served by',
    cell: (f) => (f.servedModel === f.requestedModel ? <span className="muted">same</span> : f.servedModel),
    sortValue: (f) => f.servedModel,
  },
  {
    id: 'requests',
    header: 'Requests',
    numeric: true,
    cell: (f) => formatCount(f.requests),
    sortValue: (f) => f.requests,
  },
  {
    id: 'cost',
    header: 'Cost',
    numeric: true,
    cell: (f) => <Money value={f.costUsd} />,
    sortValue: (f) => f.costUsd,
  },
  {
    id: 'savings',
    header: 'Saved',
    numeric: true,
    cell: (f) => <Money value={f.savingsUsd} />,
    sortValue: (f) => f.savingsUsd,
  },
];

const TARGET_COLUMNS: Column<TargetRow>[] = [
  { id: 'target', header: 'Target', cell: (t) => t.key, sortValue: (t) => t.key, rowHeader: true },
  {
    id: 'attempts',
    header: 'Attempts',
    numeric: true,
    cell: (t) => formatCount(t.attempts),
    sortValue: (t) => t.attempts,
  },
  {
    id: 'rate',
    header: 'Failure rate',
    numeric: true,
    cell: (t) =>
      t.failureRate === null ? (
        '—'
      ) : (
        <span
          className={
            t.failureRate >= 0.1 ? 'tone-bad-text' : t.failureRate > 0 ? 'tone-warn-text' : undefined
          }
        >
          {formatPercent(t.failureRate, undefined, 1)}
        </span>
      ),
    sortValue: (t) => t.failureRate,
  },
  { id: 'kinds', header: 'Failures', cell: (t) => t.failureKinds || <span className="muted">none</span> },
  {
    id: 'fellBack',
    header: 'Fell back',
    numeric: true,
    cell: (t) => formatCount(t.fellBack),
    sortValue: (t) => t.fellBack,
  },
];

export function SubstitutionPage() {
  useEffect(() => substitutionStore.getState().start(), []);
  const { selection, metric, report, loading, error, setSelection, setMetric } = useSubstitution(
    useShallow((s) => ({
      selection: s.selection,
      metric: s.metric,
      report: s.report,
      loading: s.loading,
      error: s.error,
      setSelection: s.setSelection,
      setMetric: s.setMetric,
    })),
  );
  const theme = useTheme((s) => s.theme);
  const colors = chartColors(theme);
  const totals = useMemo(() => substitutionTotals(report), [report]);
  const sankey = useMemo(
    () => (report ? sankeyOption(report.flows, metric, colors) : null),
    [report, metric, colors],
  );
  const savings = useMemo(
    () => (report ? savingsByRuleOption(report.byRule, colors) : null),
    [report, colors],
  );
  const targets = useMemo(() => (report ? targetsOption(report.targets, colors) : null), [report, colors]);
  const rows = useMemo(() => targetRows(report?.targets ?? []), [report]);
  const hasFlows = (report?.flows.length ?? 0) > 0;

  return (
    <Page
      title="Substitution"
      description="Which models were asked for, which served, what that saved — and what cheaper models cost in failures."
      error={error}
      actions={<RangePicker value={selection} onChange={setSelection} />}
    >
      <div className="stat-row">
        <StatCard
          label="Saved by substitution"
          tone={totals.savingsUsd > 0 ? 'good' : totals.savingsUsd < 0 ? 'bad' : 'neutral'}
          value={report ? <Money value={totals.savingsUsd} /> : loading ? 'Loading…' : '—'}
          hint={
            report ? (
              <>
                paid <Money value={totals.costUsd} /> instead of <Money value={totals.baselineUsd} />
              </>
            ) : undefined
          }
        />
        <StatCard
          label="Requests substituted"
          value={report ? formatCount(totals.substituted) : '—'}
          hint={
            report && totals.requests > 0
              ? `${formatPercent(totals.substituted / totals.requests)} of ${formatCount(totals.requests)}`
              : undefined
          }
        />
        <StatCard
          label="Failed attempts"
          tone={totals.failures > 0 ? 'warn' : 'neutral'}
          value={report ? formatCount(totals.failures) : '—'}
          hint={report ? `${formatCount(totals.fellBack)} answered by a fallback` : undefined}
        />
      </div>
      {!loading && report && !hasFlows ? (
        <EmptyState
          title="Nothing was substituted in this range"
          action={{ label: 'Write a routing rule', href: '#/rules' }}
          secondary={{ label: 'Connect tools', href: '#/connect' }}
        >
          <p>
            A rule sends requests for one model to another (for example, Claude Code's background calls to a
            cheaper model). Once a rule fires, its flows, savings and any failures show here.
          </p>
        </EmptyState>
      ) : (
        <>
          <Card
            title="Requested → served"
            wide
            actions={
              <div className="segmented" role="group" aria-label="Flow width">
                {(['requests', 'cost'] as FlowMetric[]).map((m) => (
                  <button key={m} type="button" aria-pressed={metric === m} onClick={() => setMetric(m)}>
                    {m === 'requests' ? 'Requests' : 'Cost'}
                  </button>
                ))}
              </div>
            }
          >
            {sankey ? (
              <EChart
                option={sankey}
                height={Math.max(240, Math.min(560, (report?.flows.length ?? 0) * 36))}
                label="Flows from the model each request asked for to the model that served it"
              />
            ) : (
              <p className="muted">Loading…</p>
            )}
            <details>
              <summary>Flows as a table</summary>
              <DataTable
                caption="Requested to served model flows"
                hideCaption
                columns={FLOW_COLUMNS}
                rows={report?.flows ?? []}
                rowKey={(f) => `${f.requestedModel}→${f.servedModel}`}
                initialSort={{ column: 'requests', direction: 'desc' }}
              />
            </details>
          </Card>
          <Card title="Savings by rule">
            {report && report.byRule.length > 0 ? (
              <>
                {savings && (
                  <EChart
                    option={savings}
                    height={Math.max(160, report.byRule.length * 32 + 32)}
                    label="Savings by routing rule"
                  />
                )}
                <DataTable
                  caption="Savings by rule"
                  hideCaption
                  columns={RULE_COLUMNS}
                  rows={report.byRule}
                  rowKey={(r) => r.ruleId}
                  initialSort={{ column: 'savings', direction: 'desc' }}
                />
              </>
            ) : (
              <p className="muted">{loading ? 'Loading…' : 'No rule fired in this range.'}</p>
            )}
          </Card>
          <Card title="Failures and fallbacks per target">
            {rows.length > 0 ? (
              <>
                {targets && (
                  <EChart
                    option={targets}
                    height={Math.max(160, rows.length * 32 + 48)}
                    label="Attempts per target, ok and failed by kind"
                  />
                )}
                <DataTable
                  caption="Failures and fallbacks per target"
                  hideCaption
                  columns={TARGET_COLUMNS}
                  rows={rows}
                  rowKey={(t) => t.key}
                />
              </>
            ) : (
              <p className="muted">{loading ? 'Loading…' : 'No upstream attempts recorded in this range.'}</p>
            )}
          </Card>
        </>
      )}
    </Page>
  );
}
