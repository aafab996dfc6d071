#!/usr/bin/env node
/**
 * Refreshes the bundled price table: resources/prices/genai-prices.json (+ the upstream licence next to it).
 *
 * Farebox prices requests with @pydantic/genai-prices' calcPrice, but always on the data in
 * resources/prices/genai-prices.json (the price book loads it with updatePrices/setProviderData), never on
 * whatever happens to be bundled inside node_modules. That keeps every recorded cost traceable to a committed
 * file whose `packageVersion` / `extractedAt` end up in each request's price source.
 *
 * Update procedure:
 *   1. Offline, from the installed package: bump "@pydantic/genai-prices" in package.json (pinned, no range),
 *      `npm install`, then `npm run prices:update`. The script evaluates the provider array literal at the top of
 *      the package's dist/index.js (data only, in an empty vm context) and writes it out.
 *   2. Online, newest data without a package bump: `npm run prices:update -- --remote` downloads the package's
 *      own REMOTE_DATA_JSON_URL. `packageVersion` then still names the installed package (whose calcPrice
 *      interprets the data) and `remoteUrl` records where the data came from.
 *   3. Review the diff of resources/prices/genai-prices.json, run the price-book tests, commit.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const PACKAGE = '@pydantic/genai-prices';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(repoRoot, 'resources', 'prices');

function packageRoot() {
  // The package's exports map hides package.json; resolve its entry and walk up to the folder holding it.
  let dir = dirname(fileURLToPath(import.meta.resolve(PACKAGE)));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package root of ${PACKAGE}`);
    dir = parent;
  }
  return dir;
}

/** Returns the index just past the bracket that closes the one at `start`, skipping string literals. */
function matchingBracket(src, start) {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      for (i++; i < src.length && src[i] !== ch; i++) if (src[i] === '\\') i++;
    } else if (ch === '[' || ch === '{' || ch === '(') {
      depth++;
    } else if (ch === ']' || ch === '}' || ch === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('unterminated provider array literal');
}

function extractFromPackage(root) {
  const src = readFileSync(join(root, 'dist', 'index.js'), 'utf8');
  const head = /^\s*(?:const|let|var)\s+[\w$]+\s*=\s*\[/.exec(src);
  if (!head)
    throw new Error('dist/index.js does not start with the provider array literal; the build changed');
  const open = head[0].length - 1;
  const literal = src.slice(open, matchingBracket(src, open));
  // Data only (object/array/string/number literals and `!0`), so an empty context with no globals suffices.
  return vm.runInNewContext(`(${literal})`, Object.create(null), { timeout: 10_000 });
}

async function downloadRemote(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const body = await res.json();
  return Array.isArray(body) ? body : body?.providers;
}

function validate(providers) {
  if (!Array.isArray(providers) || providers.length === 0)
    throw new Error('provider data is not a non-empty array');
  for (const p of providers) {
    if (typeof p?.id !== 'string' || typeof p.api_pattern !== 'string' || !Array.isArray(p.models)) {
      throw new Error(`malformed provider entry: ${JSON.stringify(p)?.slice(0, 200)}`);
    }
  }
  // Round-trip through JSON so that only plain data reaches the file.
  return JSON.parse(JSON.stringify(providers));
}

async function main() {
  const remote = process.argv.includes('--remote');
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  let remoteUrl;
  let raw;
  if (remote) {
    ({ REMOTE_DATA_JSON_URL: remoteUrl } = await import(PACKAGE));
    raw = await downloadRemote(remoteUrl);
  } else {
    raw = extractFromPackage(root);
  }
  const providers = validate(raw);
  const out = {
    source: PACKAGE,
    packageVersion: pkg.version,
    extractedAt: new Date().toISOString(),
    ...(remoteUrl ? { remoteUrl } : {}),
    providers,
  };

  mkdirSync(outDir, { recursive: true });
  const dataFile = join(outDir, 'genai-prices.json');
  writeFileSync(dataFile, `${JSON.stringify(out, null, 1)}\n`);
  const licenceFile = join(outDir, 'LICENSE-genai-prices.txt');
  writeFileSync(licenceFile, readFileSync(join(root, 'LICENSE'), 'utf8'));

  const models = providers.reduce((n, p) => n + p.models.length, 0);
  console.log(
    `wrote ${dataFile}: ${PACKAGE}@${pkg.version} (${remote ? `remote ${remoteUrl}` : 'bundled data'}), ` +
      `${providers.length} providers, ${models} models`,
  );
  console.log(`wrote ${licenceFile}`);
}

main().catch((err) => {
  console.error(`prices:update failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
