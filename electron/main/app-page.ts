import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the window's one page comes from: the built file, or electron-vite's dev server. */
export type AppPage = { kind: 'file'; path: string } | { kind: 'dev-server'; url: string };

export function resolveAppPage(options: {
  isPackaged: boolean;
  mainDir: string;
  env: NodeJS.ProcessEnv;
}): AppPage {
  // Only `electron-vite dev` sets this; a packaged app never trusts an environment-supplied origin.
  const devUrl = options.env['ELECTRON_RENDERER_URL'];
  if (!options.isPackaged && devUrl) return { kind: 'dev-server', url: devUrl };
  return { kind: 'file', path: join(options.mainDir, '..', 'renderer', 'index.html') };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is the app's own page (its hash and query may differ). */
export function isAppPageUrl(url: string | undefined, page: AppPage): boolean {
  if (!url) return false;
  const actual = parse(url);
  if (!actual) return false;
  if (page.kind === 'dev-server') {
    const expected = parse(page.url);
    return expected !== null && actual.origin === expected.origin;
  }
  actual.hash = '';
  actual.search = '';
  return actual.protocol === 'file:' && actual.href === pathToFileURL(page.path).href;
}
