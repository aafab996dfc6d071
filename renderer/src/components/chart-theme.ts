import type {
  BarSeriesOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  PieSeriesOption,
  SankeySeriesOption,
} from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Theme } from '../stores/theme-store';

/** The option type of every chart in the app: only the ECharts parts registered in echart.tsx. */
export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | SankeySeriesOption
  | HeatmapSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | VisualMapComponentOption
  | MarkLineComponentOption
>;

export interface ChartColors {
  text: string;
  muted: string;
  axis: string;
  split: string;
  tooltipBackground: string;
  tooltipBorder: string;
  /** Categorical palette, in order. */
  series: string[];
  accent: string;
  good: string;
  warn: string;
  bad: string;
  /** Forecast bands and other "estimate" areas. */
  band: string;
  /** Heatmap ramp, low to high. */
  ramp: string[];
}

const LIGHT: ChartColors = {
  text: '#1d2330',
  muted: '#5b6474',
  axis: '#c9ced8',
  split: '#e8ebf0',
  tooltipBackground: '#ffffff',
  tooltipBorder: '#d5d9e0',
  series: ['#3b6fd8', '#e0892b', '#2f9e6e', '#c8485c', '#8a5cd6', '#1aa0b8', '#b58a12', '#d1609f', '#6b7a8f'],
  accent: '#3b6fd8',
  good: '#2f9e6e',
  warn: '#c98a0b',
  bad: '#c8485c',
  band: 'rgba(59, 111, 216, 0.16)',
  ramp: ['#eef2fb', '#a9c0ee', '#5a86de', '#2747a8'],
};

const DARK: ChartColors = {
  text: '#e4e8f0',
  muted: '#9aa4b5',
  axis: '#3a4252',
  split: '#2a303c',
  tooltipBackground: '#1d222c',
  tooltipBorder: '#3a4252',
  series: ['#6d9bff', '#f2a65a', '#4cc794', '#f07086', '#b08cff', '#45c4dc', '#e0bd4a', '#f08cc2', '#98a6bb'],
  accent: '#6d9bff',
  good: '#4cc794',
  warn: '#e5b044',
  bad: '#f07086',
  band: 'rgba(109, 155, 255, 0.2)',
  ramp: ['#1c2230', '#29416e', '#3f6fcf', '#9cc0ff'],
};

export function chartColors(theme: Theme): ChartColors {
  return theme === 'dark' ? DARK : LIGHT;
}

/** The registered ECharts theme for a colour set: transparent background, axes and text in theme colours. */
export function echartsTheme(colors: ChartColors): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: colors.axis } },
    axisTick: { lineStyle: { color: colors.axis } },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.split } },
    nameTextStyle: { color: colors.muted },
  };
  return {
    color: colors.series,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: 'inherit' },
    legend: { textStyle: { color: colors.text }, pageTextStyle: { color: colors.muted } },
    tooltip: {
      // Rich text is drawn on the canvas: HTML tooltips would carry inline styles, which the CSP blocks.
      renderMode: 'richText',
      backgroundColor: colors.tooltipBackground,
      borderColor: colors.tooltipBorder,
      textStyle: { color: colors.text },
    },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    logAxis: axis,
    visualMap: { textStyle: { color: colors.muted } },
    dataZoom: { textStyle: { color: colors.muted }, borderColor: colors.axis },
    sankey: { label: { color: colors.text } },
  };
}

/** Tooltips render as canvas rich text (no HTML, so no inline styles for the CSP to block). */
export const TOOLTIP_BASE = { renderMode: 'richText', confine: true } as const;

/** Model names and rule ids come from users and providers: keep them from reading as rich-text markup. */
export function plainText(value: string): string {
  return value.replace(/[{}|]/g, ' ');
}
