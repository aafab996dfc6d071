import { app } from 'electron';
import { createCore } from '../core';
import { runApp } from './run-app';

// A terminal Ctrl-C (npm start) must take the same path as a menu quit, so the log is flushed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

runApp({ createCore, mainDir: import.meta.dirname }).catch((error: unknown) => {
  console.error('Farebox: startup failed', error);
  app.exit(1);
});
