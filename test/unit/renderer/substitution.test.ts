import { describe, expect, it, vi } from 'vitest';
import type { SubstitutionReport } from '../../../shared/dashboard';
import { chartColors } from '../../../renderer/src/components/chart-theme';
import {
  nodeLabel,
  sankeyData,
  sankeyOption,
  savingsByRuleOption,
  targetRows,
  targetsOption,
} from '../../../renderer/src/pages/substitution/substitution-model';
import { createSubstitutionStore, substitutionTotals } from '../../../renderer/src/stores/substitution-store';
import { fakeClient } from './fake-client';

const REPORT: SubstitutionReport = {
  from: '2025-11-13T00:00:00.000Z',
  until: '2025-11-20T00:00:00.000Z',
  flows: [
    {
      requestedModel: 'claude-opus-4-1',
      servedModel: 'claude-sonnet-4-5',
      requests: 10,
      costUsd: 1,
      baselineUsd: 5,
      savingsUsd: 4,
    },
    {
      requestedModel: 'claude-sonnet-4-5',
      servedModel: 'claude-sonnet-4-5',
      requests: 5,
      costUsd: 0.5,
      baselineUsd: 0.5,
      savingsUsd: 0,
    },
    {
      requestedModel: 'gpt-5',
      servedModel: 'gpt-5-mini',
      requests: 0,
      costUsd: 0,
      baselineUsd: 0,
      savingsUsd: 0,
    },
  ],
  byRule: [
    { ruleId: 'opus-to-sonnet', requests: 10, costUsd: 1, baselineUsd: 5, savingsUsd: 4 },
    { ruleId: 'bad-idea', requests: 2, costUsd: 2, baselineUsd: 1, savingsUsd: -1 },
  ],
  targets: [
    {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      attempts: 20,
      ok: 18,
      failures: { timeout: 1, rate_limited: 1 },
      fellBack: 2,
    },
    {
      provider: 'openrouter',
      model: 'cheap',
      attempts: 4,
      ok: 1,
      failures: { server_error: 3 },
      fellBack: 3,
    },
    { provider: 'local', model: 'idle', attempts: 0, ok: 0, failures: {}, fellBack: 0 },
  ],
};

describe('substitution Sankey', () => {
  it('keeps the asked-for and served sides apart, even for the same model', () => {
    const data = sankeyData(REPORT.flows, 'requests');
    expect(data.nodes).toEqual([
      { name: 'asked: claude-opus-4-1', depth: 0 },
      { name: 'asked: claude-sonnet-4-5', depth: 0 },
      { name: 'served: claude-sonnet-4-5', depth: 1 },
    ]);
    expect(data.links.map((l) => [l.source, l.target, l.value])).toEqual([
      ['asked: claude-opus-4-1', 'served: claude-sonnet-4-5', 10],
      ['asked: claude-sonnet-4-5', 'served: claude-sonnet-4-5', 5],
    ]);
    expect(sankeyData(REPORT.flows, 'cost').links.map((l) => l.value)).toEqual([1, 0.5]);
    expect(nodeLabel('served: x')).toBe('x');
  });

  it('labels nodes by model and explains links in the tooltip', () => {
    const option = sankeyOption(REPORT.flows, 'requests', chartColors('light'));
    const series = (option.series as Array<Record<string, unknown>>)[0]!;
    expect(series['type']).toBe('sankey');
    const label = series['label'] as { formatter: (p: { name: string }) => string };
    expect(label.formatter({ name: 'asked: claude-opus-4-1' })).toBe('claude-opus-4-1');
    const tooltip = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const link = sankeyData(REPORT.flows, 'requests').links[0]!;
    expect(tooltip({ dataType: 'edge', name: '', value: 10, data: { flow: link.flow } })).toBe(
      'claude-opus-4-1 → claude-sonnet-4-5\n10 requests · $1.00\nwould have cost $5.00 · saved $4.00',
    );
    expect(tooltip({ dataType: 'node', name: 'served: claude-sonnet-4-5', value: 15, data: {} })).toBe(
      'Served by claude-sonnet-4-5\n15 requests',
    );
  });
});

describe('savings and failures', () => {
  it('draws savings by rule, losses in the bad colour', () => {
    const colors = chartColors('light');
    const option = savingsByRuleOption(REPORT.byRule, colors);
    expect((option.yAxis as { data: string[] }).data).toEqual(['bad-idea', 'opus-to-sonnet']);
    const data = (
      option.series as Array<{ data: Array<{ value: number; itemStyle: { color: string } }> }>
    )[0]!.data;
    expect(data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [-1, colors.bad],
      [4, colors.good],
    ]);
  });

  it('ranks targets by failure rate with the failures spelled out', () => {
    const rows = targetRows(REPORT.targets);
    expect(rows.map((r) => [r.key, r.failures, r.failureRate, r.failureKinds, r.fellBack])).toEqual([
      ['openrouter/cheap', 3, 0.75, 'server error 3', 3],
      ['anthropic/claude-sonnet-4-5', 2, 0.1, 'rate limited 1, timeout 1', 2],
      ['local/idle', 0, null, '', 0],
    ]);
  });

  it('stacks ok and each failure kind per target', () => {
    const option = targetsOption(REPORT.targets, chartColors('dark'));
    const series = option.series as Array<{ id: string; data: number[] }>;
    expect(series.map((s) => s.id)).toEqual(['ok', 'fail:rate_limited', 'fail:server_error', 'fail:timeout']);
    expect((option.yAxis as { data: string[] }).data).toEqual([
      'local/idle',
      'openrouter/cheap',
      'anthropic/claude-sonnet-4-5',
    ]);
    expect(series[2]?.data).toEqual([0, 3, 0]);
  });

  it('totals the report', () => {
    expect(substitutionTotals(REPORT)).toEqual({
      requests: 15,
      substituted: 10,
      costUsd: 1.5,
      baselineUsd: 5.5,
      savingsUsd: 4,
      attempts: 24,
      failures: 5,
      fellBack: 5,
    });
  });
});

describe('substitution store', () => {
  it('loads the report for the range and reloads on a new range', async () => {
    const { client, calls } = fakeClient({ 'stats:substitution': REPORT });
    const now = Date.parse('2025-11-20T12:00:00.000Z');
    const store = createSubstitutionStore(client, { now: () => now });
    await store.getState().refresh();
    expect(store.getState().report).toBe(REPORT);
    expect(calls('stats:substitution')[0]?.[1]).toEqual({
      from: expect.any(String),
      until: '2025-11-20T12:00:00.000Z',
    });
    store.getState().setSelection({ preset: '24h' });
    await vi.waitFor(() => expect(calls('stats:substitution')).toHaveLength(2));
    store.getState().setMetric('cost');
    expect(store.getState().metric).toBe('cost');
  });
});
