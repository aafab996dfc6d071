import type { ReactNode } from 'react';

export interface EmptyStateAction {
  label: string;
  /** A hash route such as `#/connect`, or an external-safe in-app link. */
  href?: string;
  onClick?: () => void;
}

export interface EmptyStateProps {
  title: string;
  /** What to do next, in a sentence or two. */
  children: ReactNode;
  action?: EmptyStateAction;
  /** A secondary action, shown as a plain link. */
  secondary?: EmptyStateAction;
  compact?: boolean;
}

function ActionControl({ action, primary }: { action: EmptyStateAction; primary: boolean }) {
  const className = primary ? 'button button-primary' : 'button button-link';
  if (action.href) {
    return (
      <a className={className} href={action.href} onClick={action.onClick}>
        {action.label}
      </a>
    );
  }
  return (
    <button type="button" className={className} onClick={action.onClick}>
      {action.label}
    </button>
  );
}

/** Nothing to show yet: says why, and what to do about it. */
export function EmptyState({ title, children, action, secondary, compact }: EmptyStateProps) {
  return (
    <div className={compact ? 'empty-state empty-state-compact' : 'empty-state'} role="status">
      <p className="empty-state-title">{title}</p>
      <div className="empty-state-body">{children}</div>
      {(action || secondary) && (
        <p className="empty-state-actions">
          {action && <ActionControl action={action} primary />}
          {secondary && <ActionControl action={secondary} primary={false} />}
        </p>
      )}
    </div>
  );
}

/** The empty state of a page with no traffic at all: connect a tool first. */
export function NoTrafficYet({ proxyUrl, what }: { proxyUrl: string | null; what: string }) {
  const url = proxyUrl ?? 'http://127.0.0.1:3273';
  return (
    <EmptyState
      title={`No ${what} yet`}
      action={{ label: 'Connect tools', href: '#/connect' }}
      secondary={{ label: 'See the request log', href: '#/requests' }}
    >
      <p>
        Point Claude Code at <code>{url}</code> — see Connect tools for a one-click setup, or set{' '}
        <code>ANTHROPIC_BASE_URL={url}</code> yourself. Requests show up here as they happen.
      </p>
    </EmptyState>
  );
}
