import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { settingsStore, useSettings } from '../../stores/settings-store';
import { copyText } from '../connect/clipboard';
import '../requests/page-common.css';
import { settingRows } from './settings-view';
import './settings.css';

export function SettingsPage() {
  const { settings, status, loading, error } = useSettings(
    useShallow((s) => ({ settings: s.settings, status: s.status, loading: s.loading, error: s.error })),
  );
  useEffect(() => {
    void settingsStore.getState().load();
  }, []);
  const rows = settings ? settingRows(settings, status) : [];
  return (
    <Page
      title="Settings"
      description="How Farebox runs. These are read from the config file; change them there and restart Farebox."
      error={error}
    >
      <div className="fb-page page-settings">
        {loading && !settings ? (
          <p className="fb-muted">Loading settings…</p>
        ) : !settings ? (
          <EmptyState
            title="Settings unavailable"
            action={{ label: 'Try again', onClick: () => void settingsStore.getState().load() }}
          >
            <p>The core did not answer. Check that Farebox is running, then try again.</p>
          </EmptyState>
        ) : (
          <>
            <section className="fb-card" aria-labelledby="settings-privacy">
              <h2 id="settings-privacy">Privacy</h2>
              <p>
                Prompt storage is <strong>{settings.storePrompts ? 'on' : 'off'}</strong>.{' '}
                {settings.storePrompts
                  ? 'Prompt text is kept with each request in the data directory.'
                  : 'Farebox records tokens, cost, models and timings — never what you asked or what the model answered.'}{' '}
                Everything stays on this machine.
              </p>
            </section>
            <RetentionForm days={settings.retentionDays} />
            <section className="fb-card" aria-labelledby="settings-all">
              <h2 id="settings-all">All settings</h2>
              <dl className="settings-list">
                {rows.map((row) => (
                  <div key={row.id} className="settings-row">
                    <dt>{row.label}</dt>
                    <dd>
                      <span className="settings-value">
                        {row.code ? <code>{row.value}</code> : row.value}
                      </span>
                      {row.code && (
                        <button
                          type="button"
                          className="button fb-icon"
                          aria-label={`Copy ${row.label.toLowerCase()}`}
                          onClick={() => void copyText(row.value)}
                        >
                          Copy
                        </button>
                      )}
                      <span className="fb-field-help settings-change">{row.change}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
            <section className="fb-card" aria-labelledby="settings-how">
              <h2 id="settings-how">Changing settings</h2>
              <p>
                Open <code>{settings.configPath}</code> in an editor, change the value, save, and restart
                Farebox. The app checks the file at start and names any field it cannot use. Routing rules and
                budgets are easier to change on the Rules and Budgets pages: those edits are kept in the data
                directory and apply at once. If you later change the <code>rules</code> or{' '}
                <code>budgets</code> section of the file, the file wins at the next start.
              </p>
            </section>
          </>
        )}
      </div>
    </Page>
  );
}

/** Retention is the one setting that changes at runtime: old request rows go, hourly totals stay. */
function RetentionForm({ days }: { days: number }) {
  const [value, setValue] = useState(String(days));
  const message = useSettings((s) => s.retentionMessage);
  return (
    <section className="fb-card" aria-labelledby="settings-retention">
      <h2 id="settings-retention">Retention</h2>
      <form
        className="fb-inline"
        onSubmit={(event) => {
          event.preventDefault();
          void settingsStore.getState().saveRetention(value);
        }}
      >
        <label htmlFor="retention-days">Keep requests for (days, 0 = forever)</label>
        <input
          id="retention-days"
          inputMode="numeric"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby="retention-help"
        />
        <button type="submit" className="button button-primary">
          Save retention
        </button>
      </form>
      <p id="retention-help" className="fb-field-help">
        Older request rows are deleted; month totals, spend charts and savings keep their history.
      </p>
      {message && (
        <p
          className={`fb-banner ${message.kind === 'ok' ? 'is-ok' : 'is-error'}`}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
