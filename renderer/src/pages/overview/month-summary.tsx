import { useMemo } from 'react';
import type { MonthStats } from '../../../../shared/records';
import { formatCount, formatMonth, formatSpend, formatUsd } from '../../lib/format';
import { topModels } from '../../stores/overview-store';

export function MonthSummary({ month, loading }: { month: MonthStats | null; loading: boolean }) {
  const models = useMemo(() => topModels(month), [month]);
  if (!month) {
    return (
      <section className="card" aria-labelledby="month-heading">
        <h2 id="month-heading">This month</h2>
        <p className="muted">{loading ? 'Loading…' : 'No data'}</p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="month-heading">
      <h2 id="month-heading">{formatMonth(month.month)} to date</h2>
      <p className="total">{formatUsd(month.totalUsd)}</p>
      <p className="muted">
        {formatCount(month.requests)} requests
        {month.unpricedRequests > 0 && (
          <>
            {' · '}
            <span className="unpriced">{formatCount(month.unpricedRequests)} unpriced, not in the total</span>
          </>
        )}
      </p>
      {models.length > 0 && (
        <table className="compact">
          <caption>Top models</caption>
          <tbody>
            {models.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.key}</th>
                <td className="num">{formatCount(row.requests)}</td>
                <td className="num">{formatSpend(row)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
