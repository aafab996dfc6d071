import { useId, type ReactNode } from 'react';

export interface StatCardProps {
  label: string;
  value: ReactNode;
  /** A line of context under the value. */
  hint?: ReactNode;
  tone?: 'neutral' | 'good' | 'warn' | 'bad';
  children?: ReactNode;
}

/** One headline figure with its label (a group named by the label, so tests and readers find it). */
export function StatCard({ label, value, hint, tone = 'neutral', children }: StatCardProps) {
  const labelId = useId();
  return (
    <div className={`stat-card tone-${tone}`} role="group" aria-labelledby={labelId}>
      <p className="stat-label" id={labelId}>
        {label}
      </p>
      <p className="stat-value">{value}</p>
      {hint && <p className="stat-hint">{hint}</p>}
      {children}
    </div>
  );
}

/** A horizontal gauge (budgets, plan windows): value of max, with warn/bad bands. */
export function Meter({
  label,
  value,
  max,
  warnAt = 0.8,
  badAt = 1,
  valueText,
}: {
  label: string;
  value: number;
  max: number;
  warnAt?: number;
  badAt?: number;
  valueText?: string;
}) {
  const ratio = max > 0 ? value / max : 0;
  const tone = ratio >= badAt ? 'bad' : ratio >= warnAt ? 'warn' : 'good';
  const width = `${Math.max(0, Math.min(1, ratio)) * 100}%`;
  return (
    <div
      className={`meter tone-${tone}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.max(0, Math.min(value, max))}
      aria-valuetext={valueText}
    >
      <div className="meter-fill" style={{ width }} />
    </div>
  );
}
