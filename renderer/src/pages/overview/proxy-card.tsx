import type { AppStatus } from '../../../../shared/contract';

export function ProxyCard({ status, loading }: { status: AppStatus | null; loading: boolean }) {
  return (
    <section className="card" aria-labelledby="proxy-heading">
      <h2 id="proxy-heading">Proxy</h2>
      {status?.proxyUrl ? (
        <p className="proxy-url">
          <code>{status.proxyUrl}</code>
        </p>
      ) : (
        <p className="muted">{loading ? 'Loading…' : 'Not running'}</p>
      )}
      {status && (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{status.version}</dd>
          <dt>Prices</dt>
          <dd>{status.priceDataVersion}</dd>
          <dt>Data</dt>
          <dd>
            <code>{status.dataDir}</code>
          </dd>
        </dl>
      )}
    </section>
  );
}
