import type { SubstitutionReport } from '../../../../shared/dashboard';
import { TOOLTIP_BASE, plainText, type ChartColors, type ChartOption } from '../../components/chart-theme';
import { formatCount, formatUsd, formatUsdCompact } from '../../lib/format';
import type { FlowMetric } from '../../stores/substitution-store';

type Flow = SubstitutionReport['flows'][number];
type Target = SubstitutionReport['targets'][number];

/** Sankey node names must be unique per side (a model can be both asked for and served). */
export const REQUESTED_PREFIX = 'asked: ';
export const SERVED_PREFIX = 'served: ';

export function nodeLabel(name: string): string {
  if (name.startsWith(REQUESTED_PREFIX)) return name.slice(REQUESTED_PREFIX.length);
  if (name.startsWith(SERVED_PREFIX)) return name.slice(SERVED_PREFIX.length);
  return name;
}

export interface SankeyData {
  nodes: Array<{ name: string; depth: 0 | 1 }>;
  links: Array<{ source: string; target: string; value: number; flow: Flow }>;
}

/** requested → served, one link per pair, weighted by requests or by what the served model cost. */
export function sankeyData(flows: readonly Flow[], metric: FlowMetric): SankeyData {
  const value = (flow: Flow) => (metric === 'cost' ? flow.costUsd : flow.requests);
  const links = flows
    .filter((flow) => value(flow) > 0)
    .map((flow) => ({
      source: REQUESTED_PREFIX + (flow.requestedModel || '(none)'),
      target: SERVED_PREFIX + (flow.servedModel || '(none)'),
      value: value(flow),
      flow,
    }));
  const requested = [...new Set(links.map((l) => l.source))].map((name) => ({ name, depth: 0 as const }));
  const served = [...new Set(links.map((l) => l.target))].map((name) => ({ name, depth: 1 as const }));
  return { nodes: [...requested, ...served], links };
}

export function sankeyOption(flows: readonly Flow[], metric: FlowMetric, colors: ChartColors): ChartOption {
  const data = sankeyData(flows, metric);
  return {
    animationDuration: 300,
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params) => {
        const p = params as unknown as {
          dataType: 'node' | 'edge';
          name: string;
          value: number;
          data: { flow?: Flow; name?: string };
        };
        if (p.dataType === 'node') {
          const side = p.name.startsWith(REQUESTED_PREFIX) ? 'Asked for' : 'Served by';
          return `${side} ${plainText(nodeLabel(p.name))}\n${metric === 'cost' ? formatUsd(p.value) : `${formatCount(p.value)} requests`}`;
        }
        const flow = p.data.flow;
        if (!flow) return '';
        const same = flow.requestedModel === flow.servedModel;
        return [
          same
            ? `${plainText(flow.requestedModel)} (as asked)`
            : `${plainText(flow.requestedModel)} → ${plainText(flow.servedModel)}`,
          `${formatCount(flow.requests)} requests · ${formatUsd(flow.costUsd)}`,
          same ? '' : `would have cost ${formatUsd(flow.baselineUsd)} · saved ${formatUsd(flow.savingsUsd)}`,
        ]
          .filter(Boolean)
          .join('\n');
      },
    },
    series: [
      {
        id: 'flows',
        type: 'sankey',
        left: 8,
        right: 160,
        top: 8,
        bottom: 8,
        nodeGap: 12,
        nodeAlign: 'justify',
        draggable: false,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        label: { color: colors.text, formatter: (params) => plainText(nodeLabel(String(params.name))) },
        data: data.nodes.map((node, index) => ({
          name: node.name,
          depth: node.depth,
          itemStyle: { color: colors.series[index % colors.series.length] },
        })),
        links: data.links.map(({ source, target, value, flow }) => ({ source, target, value, flow })),
      },
    ],
  };
}

/** Savings by rule, as horizontal bars (negative: the rule cost more than the model asked for). */
export function savingsByRuleOption(byRule: SubstitutionReport['byRule'], colors: ChartColors): ChartOption {
  const rows = [...byRule].sort((a, b) => a.savingsUsd - b.savingsUsd);
  return {
    animationDuration: 300,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => (typeof value === 'number' ? formatUsd(value) : String(value)),
    },
    xAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatUsdCompact(value) } },
    yAxis: { type: 'category', data: rows.map((r) => plainText(r.ruleId || '(alias)')) },
    series: [
      {
        id: 'savings',
        name: 'Saved',
        type: 'bar',
        barMaxWidth: 22,
        data: rows.map((r) => ({
          value: r.savingsUsd,
          itemStyle: { color: r.savingsUsd >= 0 ? colors.good : colors.bad },
        })),
      },
    ],
  };
}

export interface TargetRow {
  key: string;
  provider: string;
  model: string;
  attempts: number;
  ok: number;
  failures: number;
  /** failures ÷ attempts; null without attempts. */
  failureRate: number | null;
  /** "timeout 3, 429 2", largest first. */
  failureKinds: string;
  fellBack: number;
}

/** Per target: how often it failed, how, and how often a later target had to answer instead. */
export function targetRows(targets: readonly Target[]): TargetRow[] {
  return targets
    .map((t) => {
      const failures = Math.max(0, t.attempts - t.ok);
      const kinds = Object.entries(t.failures)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([kind, n]) => `${kind.replace(/_/g, ' ')} ${n}`)
        .join(', ');
      return {
        key: `${t.provider}/${t.model}`,
        provider: t.provider,
        model: t.model,
        attempts: t.attempts,
        ok: t.ok,
        failures,
        failureRate: t.attempts > 0 ? failures / t.attempts : null,
        failureKinds: kinds,
        fellBack: t.fellBack,
      };
    })
    .sort((a, b) => (b.failureRate ?? -1) - (a.failureRate ?? -1) || b.attempts - a.attempts);
}

/** Attempts per target split into ok and failed, failures stacked by kind. */
export function targetsOption(targets: readonly Target[], colors: ChartColors): ChartOption {
  const rows = [...targets].sort((a, b) => a.attempts - b.attempts);
  const kinds = [...new Set(rows.flatMap((t) => Object.keys(t.failures)))].sort();
  return {
    animationDuration: 300,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { ...TOOLTIP_BASE, trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((t) => plainText(`${t.provider}/${t.model}`)) },
    series: [
      {
        id: 'ok',
        name: 'ok',
        type: 'bar',
        stack: 'attempts',
        barMaxWidth: 22,
        itemStyle: { color: colors.good },
        data: rows.map((t) => t.ok),
      },
      ...kinds.map((kind, index) => ({
        id: `fail:${kind}`,
        name: plainText(kind.replace(/_/g, ' ')),
        type: 'bar' as const,
        stack: 'attempts',
        barMaxWidth: 22,
        itemStyle: { color: index === 0 ? colors.bad : colors.series[(index + 2) % colors.series.length] },
        data: rows.map((t) => t.failures[kind] ?? 0),
      })),
    ],
  };
}
