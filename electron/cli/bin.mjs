#!/usr/bin/env -S node --max-old-space-size=512
// The heap cap is not about running out: the proxy's live heap is ~30 MB. Without a cap V8 sizes the heap
// from the machine's memory and lets garbage reach ~100 MB under load before collecting; with it, peak RSS
// under 64 concurrent requests stays near 150 MB at the same throughput, and 512 MB still leaves room for
// many 32 MB request bodies at once. The npm script passes the same flag.
// The `farebox` command. Runs the CLI from a bundle built by esbuild (out/cli/farebox.mjs), rebuilt in about
// a tenth of a second whenever a source file is newer. Loading TypeScript through a runtime loader instead
// would cost the long-running proxy some 40 MB of memory and slower start-up.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'out', 'cli', 'farebox.mjs');
const sources = [join(root, 'electron', 'cli'), join(root, 'electron', 'core'), join(root, 'shared')];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(bundle) ||
  (existsSync(sources[0]) && statSync(bundle).mtimeMs < Math.max(...sources.map(newestSource)));
if (stale) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'electron', 'cli', 'index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as usual (better-sqlite3 is a native addon).
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
await import(pathToFileURL(bundle).href);
