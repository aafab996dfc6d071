import { lazy, Suspense } from 'react';
import type { EChartProps } from './echart-canvas';

export type { EChartProps };

// ECharts is most of the dashboard's code: loading it after the page lets figures and tables show first
// (on a first open the charts library alone takes a few hundred milliseconds to parse).
const EChartCanvas = lazy(async () => ({ default: (await import('./echart-canvas')).EChartCanvas }));

/** A chart; until the charts library has loaded, an empty box of the same size holds its place. */
export function EChart(props: EChartProps) {
  const { label, height = 280, className } = props;
  return (
    <Suspense
      fallback={
        <div
          className={className ? `echart ${className}` : 'echart'}
          role="img"
          aria-label={label}
          aria-busy="true"
          style={{ height }}
        />
      }
    >
      <EChartCanvas {...props} />
    </Suspense>
  );
}
