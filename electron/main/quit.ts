export const STOP_TIMEOUT_MS = 15_000;

/** The part of Electron's `app` this needs; structural so tests can pass a fake. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Holds the quit until the core has stopped, because stop() records in-flight requests and flushes the log.
 * A core that never settles must not keep the app alive forever, hence the timeout.
 */
export function holdQuitUntilStopped(
  app: QuittableApp,
  stop: () => Promise<void>,
  onError: (error: unknown) => void,
  timeoutMs = STOP_TIMEOUT_MS,
): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`core.stop() did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    Promise.race([stop(), timeout])
      .catch(onError)
      .finally(() => {
        clearTimeout(timer);
        state = 'stopped';
        app.quit();
      });
  });
}
