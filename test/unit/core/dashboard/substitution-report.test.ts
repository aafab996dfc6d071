import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sameModel, substitutionReport } from '../../../../electron/core/store/dashboard-queries';
import type { Db } from '../../../../electron/core/store/open-database';
import { attempt, entry, store, tempDatabase } from './fixtures';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = tempDatabase()));
afterEach(() => close());

const T = Date.UTC(2025, 10, 3, 12);
const range = { from: T - 3_600_000, until: T + 3_600_000 };

describe('substitutionReport', () => {
  beforeEach(() => {
    store(db, [
      // Plain traffic: the vendor answers with a dated snapshot of the requested model. Not a substitution.
      entry({ startedAt: T, costUsd: 5, baselineCostUsd: 5 }),
      entry({
        startedAt: T,
        requestedModel: 'gpt-5',
        servedModel: 'gpt-5-2025-08-07',
        costUsd: 1,
        baselineCostUsd: 1,
      }),
      // A rule sent two Sonnet requests to Haiku.
      ...[1, 2].map(() =>
        entry({
          startedAt: T,
          servedModel: 'claude-haiku-4-5-20251001',
          ruleId: 'haiku-for-small',
          attempts: [attempt('anthropic', 'claude-haiku-4-5')],
          costUsd: 1,
          baselineCostUsd: 3,
        }),
      ),
      // A chain: Anthropic overloaded, OpenRouter answered (at a slightly higher price).
      entry({
        startedAt: T,
        provider: 'openrouter',
        servedModel: 'anthropic/claude-sonnet-4.5',
        ruleId: 'sonnet-fallback',
        attempts: [
          attempt('anthropic', 'claude-sonnet-4-5', 'status', 529),
          attempt('openrouter', 'anthropic/claude-sonnet-4.5'),
        ],
        costUsd: 3.2,
        baselineCostUsd: 3,
      }),
      // The same chain answered by its first target: routed, same model.
      entry({
        startedAt: T,
        ruleId: 'sonnet-fallback',
        attempts: [attempt('anthropic', 'claude-sonnet-4-5')],
        costUsd: 3,
        baselineCostUsd: 3,
      }),
      // Every target failed.
      entry({
        startedAt: T,
        outcome: 'upstream_error',
        status: 504,
        provider: 'openrouter',
        servedModel: 'anthropic/claude-sonnet-4.5',
        ruleId: 'sonnet-fallback',
        attempts: [
          attempt('anthropic', 'claude-sonnet-4-5', 'timeout'),
          attempt('openrouter', 'anthropic/claude-sonnet-4.5', 'connection'),
        ],
        costUsd: 0,
        baselineCostUsd: 0,
      }),
      // A 429 retried on the same target with the next key: not a fallback.
      entry({
        startedAt: T,
        attempts: [
          attempt('anthropic', 'claude-sonnet-4-5', 'status', 429),
          attempt('anthropic', 'claude-sonnet-4-5'),
        ],
        costUsd: 2,
        baselineCostUsd: 2,
      }),
      // An alias: the requested name has no price, so the baseline is unknown.
      entry({
        startedAt: T,
        tool: 'aider',
        provider: 'deepseek',
        requestedModel: 'cheap',
        servedModel: 'deepseek-chat',
        attempts: [attempt('deepseek', 'deepseek-chat')],
        costUsd: 0.1,
        baselineCostUsd: null,
      }),
      // The upstream served another model on its own (no attempts recorded).
      entry({
        startedAt: T,
        requestedModel: 'gpt-4o',
        servedModel: 'gpt-4o-mini',
        costUsd: 0.2,
        baselineCostUsd: 0.2,
      }),
      // Outside the range.
      entry({
        startedAt: range.until,
        servedModel: 'claude-haiku-4-5-20251001',
        ruleId: 'haiku-for-small',
        attempts: [attempt('anthropic', 'claude-haiku-4-5')],
        costUsd: 1,
        baselineCostUsd: 3,
      }),
    ]);
  });

  it('lists requested → served flows of routed requests only, with what they saved where both costs are known', () => {
    const report = substitutionReport(db, range);
    expect(report.from).toBe(new Date(range.from).toISOString());
    expect(report.until).toBe(new Date(range.until).toISOString());
    expect(report.flows).toEqual([
      {
        requestedModel: 'claude-sonnet-4-5',
        servedModel: 'anthropic/claude-sonnet-4.5',
        requests: 2,
        costUsd: 3.2,
        baselineUsd: 3,
        savingsUsd: -0.2,
      },
      {
        requestedModel: 'claude-sonnet-4-5',
        servedModel: 'claude-haiku-4-5-20251001',
        requests: 2,
        costUsd: 2,
        baselineUsd: 6,
        savingsUsd: 4,
      },
      {
        requestedModel: 'claude-sonnet-4-5',
        servedModel: 'claude-sonnet-4-5-20250929',
        requests: 2,
        costUsd: 5,
        baselineUsd: 5,
        savingsUsd: 0,
      },
      {
        requestedModel: 'cheap',
        servedModel: 'deepseek-chat',
        requests: 1,
        costUsd: 0,
        baselineUsd: 0,
        savingsUsd: 0,
      },
      {
        requestedModel: 'gpt-4o',
        servedModel: 'gpt-4o-mini',
        requests: 1,
        costUsd: 0.2,
        baselineUsd: 0.2,
        savingsUsd: 0,
      },
    ]);
  });

  it('sums the same per rule', () => {
    expect(substitutionReport(db, range).byRule).toEqual([
      { ruleId: 'haiku-for-small', requests: 2, costUsd: 2, baselineUsd: 6, savingsUsd: 4 },
      { ruleId: '(no rule)', requests: 3, costUsd: 2.2, baselineUsd: 2.2, savingsUsd: 0 },
      { ruleId: 'sonnet-fallback', requests: 3, costUsd: 6.2, baselineUsd: 6, savingsUsd: -0.2 },
    ]);
  });

  it('counts attempts per target, failures by kind, and the fallbacks each failure caused', () => {
    const targets = substitutionReport(db, range).targets;
    expect(targets).toEqual([
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        attempts: 5,
        ok: 2,
        failures: { status: 2, timeout: 1 },
        fellBack: 1,
      },
      { provider: 'anthropic', model: 'claude-haiku-4-5', attempts: 2, ok: 2, failures: {}, fellBack: 0 },
      {
        provider: 'openrouter',
        model: 'anthropic/claude-sonnet-4.5',
        attempts: 2,
        ok: 1,
        failures: { connection: 1 },
        fellBack: 0,
      },
      { provider: 'deepseek', model: 'deepseek-chat', attempts: 1, ok: 1, failures: {}, fellBack: 0 },
    ]);
  });

  it('is empty for a range without traffic', () => {
    expect(substitutionReport(db, { from: 0, until: 1000 })).toEqual({
      from: '1970-01-01T00:00:00.000Z',
      until: '1970-01-01T00:00:01.000Z',
      flows: [],
      byRule: [],
      targets: [],
    });
  });
});

describe('sameModel', () => {
  it('treats dated snapshots, vendor prefixes and case as the same model', () => {
    expect(sameModel('claude-sonnet-4-5', 'claude-sonnet-4-5-20250929')).toBe(true);
    expect(sameModel('gpt-4o', 'gpt-4o-2024-08-06')).toBe(true);
    expect(sameModel('gemini-2.5-pro', 'models/gemini-2.5-pro')).toBe(true);
    expect(sameModel('claude-opus-4-1', 'anthropic.claude-opus-4-1-20250805-v1:0')).toBe(true);
    expect(sameModel('GPT-5', 'gpt-5')).toBe(true);
  });

  it('tells different models apart', () => {
    expect(sameModel('claude-sonnet-4-5', 'claude-haiku-4-5-20251001')).toBe(false);
    expect(sameModel('gpt-4o', 'gpt-4o-mini')).toBe(false);
    expect(sameModel('gpt-5', 'gpt-5-mini-2025-08-07')).toBe(false);
  });
});

describe('substitutionReport over whole hours (rollup) and partial ones (log)', () => {
  it('agrees with a plain reading of the log for any range', () => {
    const H = 3_600_000;
    const start = Date.UTC(2025, 10, 1);
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const pairs: Array<[string | null, string | null]> = [
      ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
      ['claude-sonnet-4-5', 'claude-haiku-4-5-20251001'],
      ['gpt-5', 'gpt-5-mini'],
      ['cheap', 'deepseek-chat'],
      ['gpt-4o', null],
      [null, 'gemini-2.5-pro'],
    ];
    const attemptSets = [
      [],
      [],
      [attempt('anthropic', 'claude-haiku-4-5')],
      [attempt('anthropic', 'claude-sonnet-4-5', 'status', 529), attempt('openrouter', 'sonnet')],
      [attempt('anthropic', 'claude-sonnet-4-5', 'timeout'), attempt('openrouter', 'sonnet', 'connection')],
    ];
    const entries = Array.from({ length: 1200 }, () => {
      const [requested, served] = pick(pairs);
      return entry({
        startedAt: start + Math.floor(random() * 48 * H),
        requestedModel: requested,
        servedModel: served,
        ruleId: pick([null, 'r1', 'r2']),
        attempts: pick(attemptSets),
        costUsd: random() < 0.15 ? null : Math.round(random() * 1e6) / 1e6,
        baselineCostUsd: random() < 0.15 ? null : Math.round(random() * 1e6) / 1e6,
      });
    });
    store(db, entries);

    const ranges = [
      { from: start, until: start + 48 * H },
      { from: start + 5 * H + 123_456, until: start + 40 * H + 999 },
      { from: start - 10 * H, until: start + 3 * H + 1 },
      { from: start + 7 * H + 1, until: start + 7 * H + 2_000_000 },
    ];
    for (const range of ranges) {
      const report = substitutionReport(db, range);
      const flows = new Map<string, { requests: number; cost: number; baseline: number }>();
      const rules = new Map<string, number>();
      const targets = new Map<string, { attempts: number; ok: number; fellBack: number }>();
      for (const e of entries) {
        if (e.startedAt < range.from || e.startedAt >= range.until) continue;
        const routed =
          e.attempts.length > 0 ||
          (e.requestedModel !== null &&
            e.servedModel !== null &&
            e.requestedModel !== e.servedModel &&
            !sameModel(e.requestedModel, e.servedModel));
        if (!routed) continue;
        const key = `${e.requestedModel ?? '(none)'} → ${e.servedModel ?? '(none)'}`;
        const flow = flows.get(key) ?? { requests: 0, cost: 0, baseline: 0 };
        flow.requests += 1;
        if (e.costUsd !== null && e.baselineCostUsd !== null) {
          flow.cost += e.costUsd;
          flow.baseline += e.baselineCostUsd;
        }
        flows.set(key, flow);
        rules.set(e.ruleId ?? '(no rule)', (rules.get(e.ruleId ?? '(no rule)') ?? 0) + 1);
        e.attempts.forEach((a, i) => {
          const t = targets.get(`${a.provider}/${a.model}`) ?? { attempts: 0, ok: 0, fellBack: 0 };
          t.attempts += 1;
          if (a.result === 'ok') t.ok += 1;
          else if (e.attempts.slice(i + 1).some((b) => b.result === 'ok' && b.model !== a.model))
            t.fellBack += 1;
          targets.set(`${a.provider}/${a.model}`, t);
        });
      }
      expect(report.flows).toHaveLength(flows.size);
      for (const flow of report.flows) {
        const want = flows.get(`${flow.requestedModel} → ${flow.servedModel}`)!;
        expect(flow.requests, JSON.stringify(range)).toBe(want.requests);
        expect(flow.costUsd).toBeCloseTo(want.cost, 9);
        expect(flow.baselineUsd).toBeCloseTo(want.baseline, 9);
      }
      expect(Object.fromEntries(report.byRule.map((r) => [r.ruleId, r.requests]))).toEqual(
        Object.fromEntries(rules),
      );
      expect(
        Object.fromEntries(
          report.targets.map((t) => [
            `${t.provider}/${t.model}`,
            { attempts: t.attempts, ok: t.ok, fellBack: t.fellBack },
          ]),
        ),
      ).toEqual(Object.fromEntries(targets));
    }
  });
});
