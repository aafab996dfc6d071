import type { IncomingHttpHeaders } from 'node:http';
import { describe, it, expect } from 'vitest';
import { allowedHostsFor, guardRequest } from '../../../../electron/core/proxy/host-guard';

const PORT = 3273;
const allowed = allowedHostsFor('127.0.0.1', PORT);
const guard = (headers: IncomingHttpHeaders) => guardRequest(headers, allowed);

describe('allowedHostsFor', () => {
  it('names the listener by every loopback form with the port', () => {
    expect([...allowed].sort()).toEqual(['127.0.0.1:3273', '[::1]:3273', 'localhost:3273']);
  });

  it('brackets an IPv6 listen address', () => {
    expect(allowedHostsFor('::1', PORT).has('[::1]:3273')).toBe(true);
  });

  it('adds the configured host when it is not a loopback name', () => {
    expect(allowedHostsFor('192.168.1.20', PORT).has('192.168.1.20:3273')).toBe(true);
  });

  it('also accepts the bare names on port 80, where clients omit the port', () => {
    const on80 = allowedHostsFor('127.0.0.1', 80);
    expect(on80.has('localhost')).toBe(true);
    expect(on80.has('localhost:80')).toBe(true);
  });
});

describe('guardRequest: Host', () => {
  it.each(['127.0.0.1:3273', 'localhost:3273', '[::1]:3273', 'LOCALHOST:3273'])('allows Host %s', (host) => {
    expect(guard({ host })).toBeNull();
  });

  it('refuses a foreign Host (DNS rebinding)', () => {
    expect(guard({ host: 'evil.example:3273' })).toMatch(/foreign Host "evil\.example:3273"/);
  });

  it('refuses the right name on the wrong port', () => {
    expect(guard({ host: '127.0.0.1:8080' })).not.toBeNull();
  });

  it('refuses a request without a Host', () => {
    expect(guard({})).not.toBeNull();
  });

  it('caps a long foreign Host in the message', () => {
    const message = guard({ host: `${'a'.repeat(5000)}.example` });
    expect(message?.length).toBeLessThan(200);
  });
});

describe('guardRequest: browser requests', () => {
  const host = '127.0.0.1:3273';

  it('allows a request with no Origin (CLI tools send none)', () => {
    expect(guard({ host, 'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)' })).toBeNull();
  });

  it('allows a same-host Origin', () => {
    expect(guard({ host, origin: 'http://127.0.0.1:3273' })).toBeNull();
    expect(guard({ host, origin: 'http://localhost:3273' })).toBeNull();
  });

  it('refuses a cross-site Origin', () => {
    expect(guard({ host, origin: 'https://evil.example' })).toMatch(
      /cross-site request from https:\/\/evil\.example/,
    );
  });

  it('refuses a loopback Origin on another port', () => {
    expect(guard({ host, origin: 'http://localhost:5173' })).not.toBeNull();
  });

  it('refuses Origin: null (sandboxed iframe, file://)', () => {
    expect(guard({ host, origin: 'null' })).toMatch(/opaque origin/);
  });

  it('refuses an Origin that is not a URL', () => {
    expect(guard({ host, origin: 'not a url' })).toMatch(/invalid Origin/);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site', () => {
    expect(guard({ host, 'sec-fetch-site': 'cross-site' })).toMatch(/cross-site browser request/);
    expect(guard({ host, 'sec-fetch-site': 'same-site' })).not.toBeNull();
  });

  it('allows Sec-Fetch-Site same-origin and none', () => {
    expect(guard({ host, origin: 'http://127.0.0.1:3273', 'sec-fetch-site': 'same-origin' })).toBeNull();
    expect(guard({ host, 'sec-fetch-site': 'none' })).toBeNull();
  });
});
