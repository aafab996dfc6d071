/** A budget as `farebox budgets` and the dashboard show it. Times are ISO 8601. */
export interface BudgetStatus {
  id: string;
  name: string;
  period: 'day' | 'week' | 'month';
  timeZone: string;
  periodStart: string;
  resetsAt: string;
  amountUsd: number;
  /** Settled on-demand spend in the period. */
  spentUsd: number;
  /** Worst cases held by requests in flight. */
  reservedUsd: number;
  percentUsed: number;
  thresholds: Array<{ percent: number; action: 'notify' | 'downgrade' | 'block'; reached: boolean }>;
  /** Thresholds announced this period. */
  alerts: Array<{
    percent: number;
    action: 'notify' | 'downgrade' | 'block';
    firedAt: string;
    spentUsd: number;
  }>;
  forecast: {
    projectedUsd: number;
    lowUsd: number;
    highUsd: number;
    dailyRateUsd: number;
    /** When the budget runs out at the current pace, if before it resets. */
    runsOutAt: string | null;
  };
}
