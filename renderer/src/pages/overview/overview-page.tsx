import { useShallow } from 'zustand/react/shallow';
import { useOverview } from '../../stores/overview-store';
import { MonthSummary } from './month-summary';
import { ProxyCard } from './proxy-card';
import { RecentRequests } from './recent-requests';

export function OverviewPage() {
  const { status, month, recent, loading, error } = useOverview(
    useShallow((s) => ({
      status: s.status,
      month: s.month,
      recent: s.recent,
      loading: s.loading,
      error: s.error,
    })),
  );
  return (
    <div className="overview">
      {error && (
        <p className="banner banner-error" role="alert">
          Could not reach the Farebox core: {error}
        </p>
      )}
      <div className="cards">
        <ProxyCard status={status} loading={loading} />
        <MonthSummary month={month} loading={loading} />
      </div>
      <RecentRequests records={recent} loading={loading} />
    </div>
  );
}
