import { useEffect, useRef } from 'react';
import { BarChart, HeatmapChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTheme, type Theme } from '../stores/theme-store';
import { chartColors, echartsTheme, type ChartOption } from './chart-theme';

// Only the parts in use: the bundle stays small and nothing needs eval (the CSP forbids it).
echarts.use([
  LineChart,
  BarChart,
  SankeyChart,
  HeatmapChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  VisualMapComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

const THEME_NAMES: Record<Theme, string> = { light: 'farebox-light', dark: 'farebox-dark' };
echarts.registerTheme(THEME_NAMES.light, echartsTheme(chartColors('light')));
echarts.registerTheme(THEME_NAMES.dark, echartsTheme(chartColors('dark')));

export interface EChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  height?: number;
  className?: string;
  /** e.g. { click: (params) => … }. */
  onEvents?: Record<string, (params: unknown) => void>;
}

/**
 * The one place that owns an ECharts instance: init on mount, setOption on change (series replaced, so
 * removed groups disappear and kept ones animate), theme switch, resize with its box, dispose on unmount.
 */
export function EChartCanvas({ option, label, height = 280, className, onEvents }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const theme = useTheme((s) => s.theme);
  const initialTheme = useRef(theme);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = echarts.init(element, THEME_NAMES[initialTheme.current], { renderer: 'canvas' });
    chart.current = instance;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!instance.isDisposed()) instance.resize();
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || instance.isDisposed()) return;
    instance.setTheme(THEME_NAMES[theme]);
  }, [theme]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || instance.isDisposed()) return;
    instance.setOption(option, { replaceMerge: ['series'], lazyUpdate: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onEvents) return;
    const entries = Object.entries(onEvents);
    for (const [name, handler] of entries) instance.on(name, handler);
    return () => {
      if (instance.isDisposed()) return;
      for (const [name, handler] of entries) instance.off(name, handler);
    };
  }, [onEvents]);

  return (
    <div
      ref={container}
      className={className ? `echart ${className}` : 'echart'}
      role="img"
      aria-label={label}
      style={{ height }}
    />
  );
}
