import type { MessageBoxOptions } from 'electron';
import { PortInUseError, type Core, type CoreOptions, type ProxyAddress } from '../core/core-types';

export type PortInUseChoice = 'use-free-port' | 'quit';

const BUTTONS: readonly { label: string; choice: PortInUseChoice }[] = [
  { label: 'Use a free port', choice: 'use-free-port' },
  { label: 'Quit', choice: 'quit' },
];
const QUIT_INDEX = BUTTONS.findIndex((button) => button.choice === 'quit');

export function isPortInUse(error: unknown): error is PortInUseError {
  if (error instanceof PortInUseError) return true;
  // The core may be bundled separately from this shell one day; the code is the stable part.
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'EADDRINUSE' &&
    'port' in error &&
    typeof error.port === 'number'
  );
}

export function portInUseMessageBox(error: PortInUseError): MessageBoxOptions {
  const where = `${error.host}:${error.port}`;
  return {
    type: 'warning',
    title: 'Farebox',
    message: `Port ${error.port} is already in use`,
    detail:
      `Another program (or another Farebox, such as \`farebox serve\`) is listening on ${where}.\n\n` +
      'Farebox can start its proxy on a free port for this session instead. Tools configured for ' +
      `${where} will not reach it until you point them at the new address or free the port and restart.`,
    buttons: BUTTONS.map((button) => button.label),
    defaultId: 0,
    cancelId: QUIT_INDEX,
    noLink: true,
  };
}

/** Maps the message box's button index (Esc / closing the box gives cancelId) to a choice. */
export function portInUseChoice(response: number): PortInUseChoice {
  return BUTTONS[response]?.choice ?? 'quit';
}

export interface StartedCore {
  core: Core;
  address: ProxyAddress;
}

export interface StartCoreDeps {
  create(options: CoreOptions): Core;
  options: CoreOptions;
  askPortInUse(error: PortInUseError): Promise<PortInUseChoice>;
}

/** Starts the core; on a taken port asks once and, if told to, retries on port 0. Null means quit. */
export async function startCoreWithFallback(deps: StartCoreDeps): Promise<StartedCore | null> {
  const first = deps.create(deps.options);
  try {
    return { core: first, address: await first.start() };
  } catch (error) {
    await first.stop().catch(() => undefined);
    if (!isPortInUse(error)) throw error;
    if ((await deps.askPortInUse(error)) === 'quit') return null;
  }
  const retry = deps.create({ ...deps.options, port: 0 });
  try {
    return { core: retry, address: await retry.start() };
  } catch (error) {
    await retry.stop().catch(() => undefined);
    throw error;
  }
}
