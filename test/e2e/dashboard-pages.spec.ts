import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eUnavailable, startDashboard, type Dashboard } from './dashboard-harness';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(`[e2e] SKIPPING the browser tests: ${unavailable}`);

/** Every page of the dashboard, by its route and the heading it shows. */
const PAGES: Array<{ route: string; heading: RegExp }> = [
  { route: 'overview', heading: /overview/i },
  { route: 'spend', heading: /spend/i },
  { route: 'substitution', heading: /substitution/i },
  { route: 'capacity', heading: /capacity|pools/i },
  { route: 'requests', heading: /requests/i },
  { route: 'rules', heading: /rules/i },
  { route: 'budgets', heading: /budgets/i },
  { route: 'tasks', heading: /tasks/i },
  { route: 'providers', heading: /providers/i },
  { route: 'connect', heading: /connect/i },
  { route: 'settings', heading: /settings/i },
];

describe.skipIf(unavailable !== null)('the dashboard in Chromium', () => {
  let app: Dashboard;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.proxyUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const claude = (tool: string, model = 'claude-sonnet-4-5') =>
    post(
      `/t/${tool}/v1/messages`,
      { model, max_tokens: 200, messages: [{ role: 'user', content: 'hello' }] },
      { 'anthropic-version': '2023-06-01' },
    );
  const open = async (route: string) => {
    await app.page.evaluate((r) => (window.location.hash = `#/${r}`), route);
  };

  beforeAll(async () => {
    app = await startDashboard({
      rules: [
        {
          id: 'codex-cheap',
          when: { tools: ['codex'] },
          then: { route: { provider: 'openai', model: 'gpt-4.1-mini' } },
        },
      ],
    });
    // Real traffic for every page to show: a few tools and models, one substitution, one error.
    await (await claude('claude-code')).text();
    await (await claude('claude-code', 'claude-haiku-4-5')).text();
    await (await post('/t/codex/v1/responses', { model: 'gpt-5', input: 'hi' })).text();
    await (
      await post('/v1/chat/completions', {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      })
    ).text();
    await (
      await post(
        '/v1/chat/completions',
        { model: 'gpt-4o-mini', messages: [] },
        { 'x-fake-behavior': 'status:500' },
      )
    ).text();
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.stop();
  });

  for (const { route, heading } of PAGES) {
    it(`renders the ${route} page with real data`, async () => {
      await open(route);
      await app.page.getByRole('heading', { level: 1, name: heading }).first().waitFor({ timeout: 15_000 });
      // Let data arrive before the screenshot (no error banners on a healthy core).
      await app.page.waitForTimeout(500);
      expect(await app.page.getByRole('alert').count()).toBe(0);
      await app.screenshot(`page-${route}`);
    });
  }

  it('shows the proxied requests in the request log', async () => {
    await open('requests');
    await app.page.getByText('claude-haiku-4-5').first().waitFor({ timeout: 15_000 });
    await app.page.getByText('gpt-4.1-mini').first().waitFor({ timeout: 15_000 });
  });

  it('updates the overview live as requests arrive', async () => {
    await open('overview');
    const spendCard = app.page.getByText(/\d+ requests/).first();
    await spendCard.waitFor({ timeout: 15_000 });
    const before = Number(/(\d+) requests/.exec((await spendCard.textContent()) ?? '')?.[1]);
    await (await claude('claude-code', 'claude-haiku-4-5')).text();
    // No reload: the page hears requests:recorded over the event stream.
    await expect
      .poll(async () => Number(/(\d+) requests/.exec((await spendCard.textContent()) ?? '')?.[1]), {
        timeout: 10_000,
      })
      .toBe(before + 1);
  });

  it('connects Claude Code in one click, with a backup and an undo', async () => {
    const settings = join(app.home, '.claude', 'settings.json');
    expect(existsSync(settings)).toBe(false);
    await open('connect');
    await app.page.getByRole('button', { name: 'Apply for Claude Code' }).click();
    await expect.poll(() => existsSync(settings), { timeout: 10_000 }).toBe(true);
    const written = JSON.parse(readFileSync(settings, 'utf8')) as { env: Record<string, string> };
    expect(written.env.ANTHROPIC_BASE_URL).toBe(app.proxyUrl);
    await app.screenshot('connect-applied');
    await app.page.getByRole('button', { name: 'Undo for Claude Code' }).click();
    await expect.poll(() => existsSync(settings), { timeout: 10_000 }).toBe(false);
  });

  it('changes retention from the Settings page', async () => {
    await open('settings');
    await app.page.getByLabel('Keep requests for (days, 0 = forever)').fill('30');
    await app.page.getByRole('button', { name: 'Save retention' }).click();
    await app.page.getByRole('status').filter({ hasText: /Saved/ }).first().waitFor({ timeout: 10_000 });
    const token = new URL(app.dashboardUrl).hash.replace('#token=', '');
    const answer = await fetch(`${app.proxyUrl}/_farebox/api/settings:get`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{"args":[]}',
    });
    expect(((await answer.json()) as { data: { retentionDays: number } }).data.retentionDays).toBe(30);
  });

  it('validates a form before anything is saved', async () => {
    await open('budgets');
    await app.page.getByRole('button', { name: 'Add budget' }).click();
    await app.page.getByLabel('Id', { exact: true }).last().fill('bad budget id!');
    await app.page.getByLabel('Amount per period (USD)', { exact: true }).last().fill('-5');
    await app.page.getByRole('button', { name: 'Save budgets' }).click();
    await app.page
      .getByText(/Not saved/)
      .first()
      .waitFor({ timeout: 10_000 });
    await app.page.getByRole('button', { name: 'Discard changes' }).click();
  });

  it('a rule created in the UI changes where the next request goes', async () => {
    await open('rules');
    await app.page.getByRole('button', { name: 'Add rule' }).click();
    await app.page.getByLabel('Id', { exact: true }).last().fill('claude-to-mini');
    await app.page.getByLabel('Requested models', { exact: true }).last().fill('claude-*');
    await app.page.getByLabel('Route to one target').last().check();
    await app.page.getByLabel('Provider', { exact: true }).last().selectOption('openai');
    // The first "Model" field is the new rule's target (the dry-run tester below has one too).
    await app.page.getByLabel('Model', { exact: true }).first().fill('gpt-4.1-nano');
    await app.page.getByRole('button', { name: 'Save rules' }).click();
    await expect
      .poll(async () => (await app.page.getByRole('status').allTextContents()).join(' '), { timeout: 10_000 })
      .toMatch(/saved/i);
    await app.screenshot('rules-after-save');

    const before = app.upstream.requests.length;
    const answer = await claude('claude-code');
    expect(answer.status).toBe(200);
    const sent = app.upstream.requests.slice(before).at(-1)!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect((sent.json as { model: string }).model).toBe('gpt-4.1-nano');
  });

  it('a budget set in the UI blocks at its limit, in the tool’s own dialect', async () => {
    await open('budgets');
    await app.page.getByRole('button', { name: 'Add budget' }).click();
    await app.page.getByLabel('Id', { exact: true }).last().fill('tiny');
    await app.page.getByLabel('Amount per period (USD)', { exact: true }).last().fill('0.0001');
    await app.page.getByRole('button', { name: 'Save budgets' }).click();
    await expect
      .poll(async () => (await app.page.getByRole('status').allTextContents()).join(' '), { timeout: 10_000 })
      .toMatch(/saved/i);

    const refused = await post('/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('insufficient_quota');
    expect(body.error.message).toContain('budget');
    await open('budgets');
    await app.page.getByText('tiny').first().waitFor({ timeout: 10_000 });
    await app.screenshot('budgets-after-block');
  });
});
