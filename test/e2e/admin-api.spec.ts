import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eUnavailable, startDashboard, type Dashboard } from './dashboard-harness';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(`[e2e] SKIPPING the browser tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('the HTTP admin API of farebox serve', () => {
  let app: Dashboard;
  beforeAll(async () => {
    app = await startDashboard();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const api = (channel: string, init: RequestInit = {}) =>
    fetch(`${app.proxyUrl}/_farebox/api/${channel}`, { method: 'POST', ...init });
  const token = () => new URL(app.dashboardUrl).hash.replace('#token=', '');

  it('answers the contract with the per-launch token, and refuses without it', async () => {
    const ok = await api('app:status', {
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [] }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, data: { proxyUrl: app.proxyUrl } });
    const missing = await api('app:status', { body: '{"args":[]}' });
    expect(missing.status).toBe(401);
    const wrong = await api('app:status', { headers: { authorization: 'Bearer nope' }, body: '{"args":[]}' });
    expect(wrong.status).toBe(401);
  });

  it('refuses cross-site pages and foreign Host headers', async () => {
    const crossSite = await api('app:status', {
      headers: { authorization: `Bearer ${token()}`, origin: 'https://evil.example' },
      body: '{"args":[]}',
    });
    expect(crossSite.status).toBe(403);
  });

  it('checks arguments and names unknown channels', async () => {
    const headers = { authorization: `Bearer ${token()}` };
    const unknown = await api('nope:never', { headers, body: '{"args":[]}' });
    expect(unknown.status).toBe(404);
    const bad = await api('stats:month', { headers, body: '{"args":["not-a-month"]}' });
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('serves the dashboard page with a strict content security policy', async () => {
    const response = await fetch(`${app.proxyUrl}/_farebox/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
    const escape = await fetch(`${app.proxyUrl}/_farebox/..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
  });

  it('renders in Chromium with live data from the proxy', async () => {
    await fetch(`${app.proxyUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await app.page.reload();
    await app.page.getByText('gpt-4o-mini').first().waitFor({ timeout: 15_000 });
    await app.screenshot('overview');
  });
});
