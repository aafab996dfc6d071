import { useEffect, useState } from 'react';
import { formatDuration } from '../lib/format';

/** The current time, refreshed every `intervalMs` while mounted. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "resets in 2h 05m", ticking; "reset" once the moment has passed. */
export function Countdown({
  to,
  prefix = 'resets in',
  passed = 'reset — waiting for the next request',
}: {
  to: string | number | null;
  prefix?: string;
  passed?: string;
}) {
  const now = useNow(1_000);
  if (to === null) return <span className="muted">no reset time reported</span>;
  const target = typeof to === 'number' ? to : Date.parse(to);
  if (!Number.isFinite(target)) return <span className="muted">unknown</span>;
  const left = target - now;
  const iso = new Date(target).toISOString();
  return (
    <time dateTime={iso} title={new Date(target).toLocaleString()} className="countdown">
      {left > 0 ? `${prefix} ${formatDuration(left)}` : passed}
    </time>
  );
}
