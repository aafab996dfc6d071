import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Runs the real AI coding CLIs (installed by test/tools/install-clis.sh into .tools/) against the proxy.
 * Kept apart from the main suite: it needs the install, spawns native binaries and takes longer.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/tools/**/*.test.ts'],
    // Each suite runs its CLI once in beforeAll; the run itself is killed after 60 s (harness.ts), so even a
    // hanging CLI (Codex waits for the network forever on a refused connection) fails within the budget.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The CLIs mostly wait on I/O: run the three files side by side even on a 2-CPU machine, where vitest
    // would otherwise use a single worker and a failing run could take 3 × the CLI timeout.
    maxWorkers: 3,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
