import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { chartColors } from '../../components/chart-theme';
import { EChart } from '../../components/echart';
import { NoTrafficYet } from '../../components/empty-state';
import { Card, Page } from '../../components/page';
import { activeAlerts, overviewStore, useOverview } from '../../stores/overview-store';
import { useTheme } from '../../stores/theme-store';
import { AlertsCard } from './alerts-card';
import { BudgetsCard } from './budgets-card';
import { MonthStatCards, TopSpend } from './month-summary';
import { billingOption } from './overview-charts';
import { ProxyCard } from './proxy-card';
import { RecentRequests } from './recent-requests';

function BillingCard() {
  const rows = useOverview((s) => s.month?.byBilling);
  const theme = useTheme((s) => s.theme);
  const option = useMemo(() => billingOption(rows ?? [], chartColors(theme)), [rows, theme]);
  const priced = (rows ?? []).some((row) => row.costUsd > 0);
  return (
    <Card title="Reserved vs on demand" actions={<a href="#/capacity">Pools & plans</a>}>
      {priced ? (
        <EChart
          option={option}
          height={220}
          label="Spend this month by billing: on demand, pools, subscriptions"
        />
      ) : (
        <p className="muted">
          No priced traffic this month. Pools and subscriptions show at their list-price equivalent once they
          serve requests.
        </p>
      )}
    </Card>
  );
}

export function OverviewPage() {
  useEffect(() => overviewStore.getState().start(), []);
  const { status, month, recent, budgets, budgetsError, crossings, dismissed, loading, error, dismiss } =
    useOverview(
      useShallow((s) => ({
        status: s.status,
        month: s.month,
        recent: s.recent,
        budgets: s.budgets,
        budgetsError: s.budgetsError,
        crossings: s.crossings,
        dismissed: s.dismissed,
        loading: s.loading,
        error: s.error,
        dismiss: s.dismiss,
      })),
    );
  const alerts = useMemo(() => activeAlerts(budgets, crossings, dismissed), [budgets, crossings, dismissed]);
  const noTraffic = month !== null && month.requests === 0 && recent.length === 0;
  return (
    <Page
      title="Overview"
      description="Where the money goes this month, what routing saved, and how close each budget is."
      error={error}
    >
      {noTraffic && <NoTrafficYet proxyUrl={status?.proxyUrl ?? null} what="requests this month" />}
      <MonthStatCards month={month} loading={loading} />
      <div className="cards">
        <BudgetsCard budgets={budgets} error={budgetsError} loading={loading} />
        <AlertsCard alerts={alerts} onDismiss={dismiss} />
        <BillingCard />
        <TopSpend month={month} />
        <ProxyCard status={status} loading={loading} />
      </div>
      <RecentRequests records={recent} loading={loading} />
    </Page>
  );
}
