import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ToolConnection } from '../../../../shared/dashboard';
import { useNow } from '../../components/countdown';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { connectStore, useConnect } from '../../stores/connect-store';
import '../requests/page-common.css';
import { copyText } from './clipboard';
import { applyStateText, backupText, isConnectable, seenRecently, seenText } from './connect-view';
import './connect.css';

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    const ok = await copyText(text);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2_500);
  };
  return (
    <>
      <button type="button" className="button" aria-label={label} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="fb-visually-hidden" aria-live="polite">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Copy failed; select the text instead'
            : ''}
      </span>
      {state === 'failed' && (
        <span className="fb-field-error">Copy failed — select the text and copy it.</span>
      )}
    </>
  );
}

function ToolCard({ connection, now }: { connection: ToolConnection; now: number }) {
  const { busy, message } = useConnect(
    useShallow((s) => ({
      busy: isConnectable(connection.tool) ? s.busy[connection.tool] : undefined,
      message: s.messages[connection.tool],
    })),
  );
  const headingId = `connect-${connection.tool}`;
  const live = seenRecently(connection.lastSeenAt, now);
  const store = connectStore.getState();
  const applyLabel = busy === 'apply' ? 'Applying…' : connection.applied ? 'Apply again' : 'Apply';
  const undoLabel = busy === 'undo' ? 'Restoring…' : 'Undo';
  return (
    <article
      className={`fb-card connect-card${connection.applied ? ' is-applied' : ''}`}
      aria-labelledby={headingId}
    >
      <header className="connect-head">
        <h2 id={headingId}>{connection.title}</h2>
        <p
          className={`connect-seen${live ? ' is-live' : ''}`}
          role="status"
          aria-label={`${connection.title}: traffic`}
        >
          <span className="connect-dot" aria-hidden="true" />
          {seenText(connection.lastSeenAt, now)}
        </p>
      </header>

      {connection.note && (
        <p className="fb-banner is-warn connect-note" role="note">
          {connection.note}
        </p>
      )}

      {isConnectable(connection.tool) && connection.configPath !== null && (
        <div className="connect-apply">
          <dl className="fb-facts">
            <dt>State</dt>
            <dd className={connection.applied ? 'fb-ok-text' : undefined}>{applyStateText(connection)}</dd>
            <dt>Config file</dt>
            <dd>
              <code>{connection.configPath}</code>
            </dd>
            <dt>Backup</dt>
            <dd>{backupText(connection)}</dd>
          </dl>
          <div className="fb-actions">
            <button
              type="button"
              className="button button-primary fb-primary"
              disabled={busy !== undefined}
              aria-label={`${applyLabel} for ${connection.title}`}
              onClick={() => isConnectable(connection.tool) && void store.apply(connection.tool)}
            >
              {applyLabel}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== undefined || !connection.canUndo}
              aria-label={`${undoLabel} for ${connection.title}`}
              onClick={() => isConnectable(connection.tool) && void store.undo(connection.tool)}
            >
              {undoLabel}
            </button>
          </div>
        </div>
      )}

      <div aria-live="polite">
        {message && (
          <p
            className={`fb-banner ${message.kind === 'ok' ? 'is-ok' : 'is-error'}`}
            role={message.kind === 'error' ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        )}
      </div>

      {connection.snippet && (
        <div className="connect-snippet">
          <div className="connect-snippet-head">
            <span className="fb-label">{connection.configPath ? 'Or set it up by hand' : 'Setup'}</span>
            <CopyButton text={connection.snippet} label={`Copy the ${connection.title} setup snippet`} />
          </div>
          <pre aria-label={`${connection.title} setup snippet`} tabIndex={0}>
            <code>{connection.snippet}</code>
          </pre>
        </div>
      )}
    </article>
  );
}

export function ConnectPage() {
  const { tools, proxyUrl, loading, error } = useConnect(
    useShallow((s) => ({ tools: s.tools, proxyUrl: s.proxyUrl, loading: s.loading, error: s.error })),
  );
  const now = useNow(5_000);
  useEffect(() => connectStore.getState().start(), []);
  const anySeen = tools.some((t) => t.lastSeenAt !== null);
  const url = proxyUrl ?? 'http://127.0.0.1:3273';
  return (
    <Page
      title="Connect tools"
      description={
        <>
          Point your coding tools at the Farebox proxy
          {proxyUrl ? (
            <>
              {' '}
              (<code>{proxyUrl}</code>)
            </>
          ) : null}
          . One click for Claude Code, Codex and Gemini CLI, with a backup and an undo.
        </>
      }
      error={error}
    >
      <div className="fb-page page-connect">
        {loading && tools.length === 0 ? (
          <p className="fb-muted">Loading tools…</p>
        ) : tools.length === 0 ? (
          <EmptyState title="No tools to connect">
            <p>
              The core reported no tools. Set them up by hand with the proxy URL <code>{url}</code>:{' '}
              <code>ANTHROPIC_BASE_URL={url}</code> for Claude Code, <code>OPENAI_BASE_URL={url}/v1</code> for
              Codex and other OpenAI clients, <code>GOOGLE_GEMINI_BASE_URL={url}</code> for Gemini CLI.
            </p>
          </EmptyState>
        ) : (
          <>
            {!anySeen && (
              <p className="fb-banner" role="note">
                Next step: apply the settings for a tool below, start a new session in it and send any prompt
                — the card turns green as soon as its first request arrives.
              </p>
            )}
            <div className="connect-grid">
              {tools.map((connection) => (
                <ToolCard key={connection.tool} connection={connection} now={now} />
              ))}
            </div>
          </>
        )}
      </div>
    </Page>
  );
}
