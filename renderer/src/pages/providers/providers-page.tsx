import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProviderSummary } from '../../../../shared/dashboard';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import {
  keyCountText,
  providersStore,
  selectTest,
  testSummary,
  useProviders,
} from '../../stores/providers-store';
import '../requests/page-common.css';
import './providers.css';

function ProviderCard({ provider }: { provider: ProviderSummary }) {
  const test = useProviders((s) => selectTest(s, provider.id));
  const headingId = `provider-${provider.id}`;
  return (
    <article className="fb-card provider-card" aria-labelledby={headingId}>
      <header className="provider-head">
        <h2 id={headingId}>{provider.id}</h2>
        <span className="fb-badge">{provider.dialect}</span>
        {provider.isDefaultFor.length > 0 && (
          <span className="fb-badge is-ok">default for {provider.isDefaultFor.join(', ')}</span>
        )}
      </header>
      <dl className="fb-facts">
        <dt>Base URL</dt>
        <dd>
          <code>{provider.baseUrl}</code>
        </dd>
        <dt>Keys</dt>
        <dd className={provider.keyCount === 0 ? 'fb-muted' : undefined}>
          {keyCountText(provider.keyCount)}
        </dd>
      </dl>
      <div className="fb-actions">
        <button
          type="button"
          className="button"
          aria-label={`Test connection to ${provider.id}`}
          disabled={test?.running}
          onClick={() => void providersStore.getState().test(provider.id)}
        >
          {test?.running ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <div aria-live="polite" className="provider-test">
        {test?.error && (
          <p className="fb-banner is-error" role="alert">
            Could not run the test: {test.error}
          </p>
        )}
        {test?.result && (
          <div
            className={`fb-banner ${test.result.ok ? 'is-ok' : 'is-error'}`}
            role="status"
            aria-label={`Connection test result for ${provider.id}`}
          >
            <strong>{testSummary(test.result)}</strong>
            {test.result.message && <p className="provider-test-message">{test.result.message}</p>}
          </div>
        )}
      </div>
    </article>
  );
}

export function ProvidersPage() {
  const { providers, configPath, loading, error } = useProviders(
    useShallow((s) => ({
      providers: s.providers,
      configPath: s.configPath,
      loading: s.loading,
      error: s.error,
    })),
  );
  useEffect(() => {
    void providersStore.getState().load();
  }, []);
  const config = configPath ? <code>{configPath}</code> : 'the config file';
  return (
    <Page
      title="Providers & keys"
      description="The upstream APIs Farebox sends requests to. Keys never leave the core; only how many there are is shown."
      actions={
        <button type="button" className="button" onClick={() => void providersStore.getState().load()}>
          Reload
        </button>
      }
      error={error}
    >
      <div className="fb-page page-providers">
        {loading && providers.length === 0 ? (
          <p className="fb-muted">Loading providers…</p>
        ) : providers.length === 0 ? (
          <EmptyState title="No providers configured">
            <p>
              Add providers under <code>providers</code> in {config} — each with an <code>id</code>, a{' '}
              <code>dialect</code> (anthropic, openai or gemini) and a <code>baseUrl</code> — then reload.
              Without the section Farebox uses the public Anthropic, OpenAI and Gemini APIs.
            </p>
          </EmptyState>
        ) : (
          <div className="fb-cards">
            {providers.map((provider) => (
              <ProviderCard key={provider.id} provider={provider} />
            ))}
          </div>
        )}
        <section className="fb-card" aria-labelledby="keys-how">
          <h2 id="keys-how">Adding or changing keys</h2>
          <p>
            Keys are set in {config}: <code>"apiKey": "env:OPENROUTER_API_KEY"</code> reads one from the
            environment (recommended), a literal string also works, and <code>"apiKeys": [ … ]</code> takes
            several that Farebox rotates through when one is rate-limited. A provider without a key passes on
            the key your tool sends. Restart Farebox after editing, then use <strong>Test connection</strong>{' '}
            above.
          </p>
        </section>
      </div>
    </Page>
  );
}
