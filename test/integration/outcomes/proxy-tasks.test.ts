import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../../electron/cli/commands';
import { simulate } from '../../../electron/cli/simulate-command';
import { outcome, tasks } from '../../../electron/cli/tasks-command';
import type { SimulationResult, TaskReport } from '../../../electron/core/outcomes/types';
import { startFakeUpstream, type FakeUpstream } from '../../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../../helpers/start-proxy';

let upstream: FakeUpstream;
let proxy: TestProxy;
let startedAt: number;

function capture(): Io & { text: () => string } {
  const lines: string[] = [];
  return { out: (line) => lines.push(line), err: () => {}, text: () => lines.join('\n') };
}

/*
 * Real traffic through the proxy: two Claude Code requests in session "session-7" (the task is the session id),
 * two chat requests carrying `x-farebox-task: ticket-123` (one of them also from a Claude Code session: the
 * header wins), and one chat request in no task. Costs as in cli-export-stats.test.ts: $0.002691 per Claude
 * request, $0.0002163 per gpt-4o-mini chat request.
 */
beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url);
  startedAt = Date.now();
  const send = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then((r) => r.text());
  const claude = { model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'a' }] };
  const claudeHeaders = { 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': 'session-7' };
  const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'b' }] };
  await send('/t/claude-code/v1/messages', claude, claudeHeaders);
  await send('/t/claude-code/v1/messages', claude, claudeHeaders);
  await send('/v1/chat/completions', chat, { 'x-farebox-task': 'ticket-123' });
  await send('/v1/chat/completions', chat, {
    'x-farebox-task': ' ticket-123 ',
    'x-claude-code-session-id': 'other',
  });
  await send('/v1/chat/completions', chat);
  await proxy.waitForRows(5);
  await proxy.core.stop();
  outcome({ dataDir: proxy.dataDir, task: 'session-7', outcome: 'resolved' }, capture());
  outcome({ dataDir: proxy.dataDir, task: 'ticket-123', outcome: 'abandoned' }, capture());
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

describe('tasks from real traffic', () => {
  it('groups by x-farebox-task, else the session id, and reports cost per resolved task', () => {
    const io = capture();
    tasks({ dataDir: proxy.dataDir, json: true }, io);
    const report = JSON.parse(io.text()) as TaskReport;
    const byId = new Map(report.tasks.map((t) => [t.taskId, t]));
    expect([...byId.keys()].sort()).toEqual(['session-7', 'ticket-123']);
    expect(byId.get('session-7')).toMatchObject({
      outcome: 'resolved',
      tools: ['claude-code'],
      models: ['claude-sonnet-4-5'],
      requests: 2,
    });
    expect(byId.get('session-7')!.costUsd).toBeCloseTo(2 * 0.002691, 12);
    expect(byId.get('ticket-123')).toMatchObject({ outcome: 'abandoned', requests: 2 });
    expect(byId.get('ticket-123')!.costUsd).toBeCloseTo(2 * 0.0002163, 12);
    expect(report.untasked.requests).toBe(1);
    // All-in: (0.005382 + 0.0004326) ÷ 1 resolved; the resolved task's own: 0.005382.
    expect(report.summary.costPerResolvedTaskUsd).toBeCloseTo(0.0058146, 12);
    expect(report.summary.meanResolvedTaskCostUsd).toBeCloseTo(0.005382, 12);
  });

  it('simulates the same traffic: outcome pricing and an ample reservation', () => {
    const io = capture();
    simulate(
      {
        dataDir: proxy.dataDir,
        from: new Date(startedAt - 60_000).toISOString(),
        until: new Date(startedAt + 60 * 60_000).toISOString(),
        units: '1',
        tokensPerMinute: '1000000',
        unitHourPrice: '0.01',
        perResolvedTask: '0.001',
        json: true,
      },
      io,
    );
    const r = JSON.parse(io.text()) as SimulationResult;
    // 2 × 0.002691 + 3 × 0.0002163 = 0.0060309 at list price, all of it on demand.
    expect(r.paid.listPriceUsd).toBeCloseTo(0.0060309, 12);
    expect(r.paid.onDemandUsd).toBeCloseTo(0.0060309, 12);
    // 1 unit × 61 min (1.016666… h) × $0.01; nothing spills at a million tokens a minute.
    expect(r.reserved!.reservationUsd).toBeCloseTo((61 / 60) * 0.01, 12);
    expect(r.reserved!.spillUsd).toBe(0);
    expect(r.reserved!.totalUsd).toBe(r.reserved!.reservationUsd);
    // 1 resolved × $0.001 + the untasked chat request at list price.
    expect(r.outcome).toMatchObject({ resolvedTasks: 1, resolvedUsd: 0.001, untaskedRequests: 1 });
    expect(r.outcome!.totalUsd).toBeCloseTo(0.001 + 0.0002163, 12);
  });
});
