import type { ActiveAlert } from '../../stores/overview-store';
import { Money } from '../../components/money';
import { Card } from '../../components/page';
import { formatTime } from '../../lib/format';

const ACTION_TEXT = {
  notify: 'notified',
  downgrade: 'downgrading requests',
  block: 'blocking requests',
} as const;

export function AlertsCard({
  alerts,
  onDismiss,
}: {
  alerts: ActiveAlert[];
  onDismiss: (key: string) => void;
}) {
  return (
    <Card title="Active alerts">
      {alerts.length === 0 ? (
        <p className="muted">No budget threshold crossed in the current periods.</p>
      ) : (
        <ul className="alerts" aria-live="polite">
          {alerts.map((alert) => (
            <li key={alert.key} className={`alert alert-${alert.action}`}>
              <div>
                <strong>{alert.name}</strong> passed {alert.percent}% — {ACTION_TEXT[alert.action]}
                <br />
                <span className="muted">
                  <Money value={alert.spentUsd} /> of <Money value={alert.amountUsd} />
                  {alert.firedAt ? ` · ${formatTime(alert.firedAt)}` : ' · just now'}
                </span>
              </div>
              <button
                type="button"
                className="button button-link"
                aria-label={`Dismiss alert for ${alert.name} at ${alert.percent}%`}
                onClick={() => onDismiss(alert.key)}
              >
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
