import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against `farebox serve`, the
 * way a user runs it. Needs the built renderer and CLI (npm test builds them first).
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser and one serve process per file; files run one after another on a 2-CPU machine.
    maxWorkers: 1,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
