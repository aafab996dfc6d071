import type { RequestRecord } from '../../../../shared/records';
import { formatCount, formatTime, formatUsd, inputTokensOf, modelOf } from '../../lib/format';

function outcomeLabel(record: RequestRecord): string | null {
  if (record.outcome === 'ok') return null;
  return record.outcome === 'in_flight' ? 'in flight' : record.outcome.replace(/_/g, ' ');
}

export function RecentRequests({ records, loading }: { records: RequestRecord[]; loading: boolean }) {
  return (
    <section className="card card-wide" aria-labelledby="recent-heading">
      <header className="card-header">
        <h2 id="recent-heading">Recent requests</h2>
        <div className="card-actions">
          <a href="#/requests">All requests</a>
        </div>
      </header>
      {records.length === 0 ? (
        <p className="muted">
          {loading ? (
            'Loading…'
          ) : (
            <>
              No requests yet. Point a tool at the proxy URL — see <a href="#/connect">Connect tools</a> — and
              they appear here as they happen.
            </>
          )}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="requests data-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Tool</th>
                <th scope="col">Model</th>
                <th scope="col" className="num">
                  Tokens in
                </th>
                <th scope="col" className="num">
                  Tokens out
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => {
                const outcome = outcomeLabel(record);
                return (
                  <tr key={record.id}>
                    <td>{formatTime(record.startedAt)}</td>
                    <td>{record.tool}</td>
                    <td>
                      {modelOf(record)}
                      {outcome && <span className="badge">{outcome}</span>}
                    </td>
                    <td className="num">{formatCount(inputTokensOf(record))}</td>
                    <td className="num">{formatCount(record.outputTokens)}</td>
                    <td className={record.costUsd === null ? 'num unpriced' : 'num'}>
                      {formatUsd(record.costUsd)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
