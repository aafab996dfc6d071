import { formatCount, formatUsd } from '../lib/format';

export interface MoneyProps {
  /** USD at full precision; null means the price is unknown ("unpriced", never $0). */
  value: number | null | undefined;
  /** Requests without a price that are not in `value`. */
  unpriced?: number;
  /** Marks a forecast or other estimate. */
  estimate?: boolean;
  /** Shows a + for positive amounts (savings deltas). */
  signed?: boolean;
  className?: string;
}

/** Money with its currency: $1.23 from a dollar up, significant digits below (e.g. $0.00123). */
export function Money({ value, unpriced = 0, estimate, signed, className }: MoneyProps) {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return <span className={['money', 'unpriced', className].filter(Boolean).join(' ')}>unpriced</span>;
  }
  const text = `${signed && value > 0 ? '+' : ''}${formatUsd(value)}`;
  const classes = ['money', estimate ? 'estimate' : '', value < 0 ? 'negative' : '', className]
    .filter(Boolean)
    .join(' ');
  return (
    <span className={classes} title={estimate ? `Estimate: ${value} USD` : `${value} USD`}>
      {estimate && <span className="estimate-mark">≈ </span>}
      {text}
      {estimate && <span className="visually-hidden"> (estimate)</span>}
      {unpriced > 0 && <span className="unpriced"> + {formatCount(unpriced)} unpriced</span>}
    </span>
  );
}
