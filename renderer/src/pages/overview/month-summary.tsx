import { useMemo } from 'react';
import type { MonthStats, SpendRow } from '../../../../shared/records';
import { DataTable, type Column } from '../../components/data-table';
import { Money } from '../../components/money';
import { Card } from '../../components/page';
import { StatCard } from '../../components/stat-card';
import { formatCount, formatMonth, formatPercent } from '../../lib/format';
import { billingShare, topModels, topTools, type BillingShare } from '../../stores/overview-store';

export function MonthStatCards({ month, loading }: { month: MonthStats | null; loading: boolean }) {
  const share: BillingShare = useMemo(() => billingShare(month), [month]);
  if (!month) {
    return (
      <div className="stat-row">
        <StatCard label="Month to date" value={loading ? 'Loading…' : '—'} />
      </div>
    );
  }
  const savings = month.savings;
  return (
    <div className="stat-row">
      <StatCard
        label={`${formatMonth(month.month)} to date`}
        value={<Money value={month.totalUsd} />}
        hint={
          <>
            on demand · {formatCount(month.requests)} requests
            {month.unpricedRequests > 0 && (
              <span className="unpriced">
                {' '}
                · {formatCount(month.unpricedRequests)} unpriced, not in the total
              </span>
            )}
          </>
        }
      />
      <StatCard
        label="Saved by substitution"
        tone={savings.savingsUsd > 0 ? 'good' : savings.savingsUsd < 0 ? 'bad' : 'neutral'}
        value={<Money value={savings.savingsUsd} />}
        hint={
          <>
            {formatCount(savings.routedRequests)} routed requests
            {savings.unpricedBaselineRequests > 0 &&
              ` · ${formatCount(savings.unpricedBaselineRequests)} without a baseline price`}
            {' · '}
            <a href="#/substitution">details</a>
          </>
        }
      />
      <StatCard
        label="Reserved vs on demand"
        value={share.reservedShare === null ? '—' : `${formatPercent(share.reservedShare)} reserved`}
        hint={
          share.reservedShare === null ? (
            'No priced traffic yet'
          ) : (
            <>
              <Money value={share.reservedUsd} /> at list price on pools and plans ·{' '}
              <Money value={share.onDemandUsd} /> on demand
            </>
          )
        }
      />
    </div>
  );
}

const spendColumns = (label: string): Column<SpendRow>[] => [
  { id: 'key', header: label, cell: (row) => row.key, sortValue: (row) => row.key, rowHeader: true },
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
    cell: (row) => <Money value={row.costUsd} unpriced={row.unpricedRequests} />,
    sortValue: (row) => row.costUsd,
  },
];

const TOOL_COLUMNS = spendColumns('Tool');
const MODEL_COLUMNS = spendColumns('Model');

export function TopSpend({ month }: { month: MonthStats | null }) {
  const tools = useMemo(() => topTools(month), [month]);
  const models = useMemo(() => topModels(month), [month]);
  return (
    <>
      <Card title="Top tools" actions={<a href="#/spend?group=tool">All tools</a>}>
        <DataTable
          caption="Top tools this month"
          hideCaption
          columns={TOOL_COLUMNS}
          rows={tools}
          rowKey={(row) => row.key}
          empty={<p className="muted">No tool has sent a request this month.</p>}
        />
      </Card>
      <Card title="Top models" actions={<a href="#/spend?group=model">All models</a>}>
        <DataTable
          caption="Top models this month"
          hideCaption
          columns={MODEL_COLUMNS}
          rows={models}
          rowKey={(row) => row.key}
          empty={<p className="muted">No model has been used this month.</p>}
        />
      </Card>
    </>
  );
}
