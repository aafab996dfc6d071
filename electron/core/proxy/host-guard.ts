import type { IncomingHttpHeaders } from 'node:http';

/**
 * Browsers can be tricked into calling a loopback service (DNS rebinding, cross-site fetch). Tools never send
 * an Origin or a foreign Host, so refuse both: the proxy only answers requests addressed to itself.
 */
export function guardRequest(headers: IncomingHttpHeaders, allowedHosts: ReadonlySet<string>): string | null {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowedHosts.has(host)) return `refusing request for foreign Host "${host.slice(0, 100)}"`;
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      return 'refusing request with an invalid Origin';
    }
    if (!allowedHosts.has(originHost)) return `refusing cross-site request from ${origin.slice(0, 100)}`;
  } else if (origin === 'null') {
    return 'refusing request from an opaque origin';
  }
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return 'refusing cross-site browser request';
  return null;
}

/** Every Host value that names this listener. */
export function allowedHostsFor(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host]);
  const allowed = new Set<string>();
  for (const name of names) {
    allowed.add(`${name}:${port}`.toLowerCase());
    if (port === 80) allowed.add(name.toLowerCase());
  }
  return allowed;
}
