import type { Channel, Channels, ContractResult, Handlers } from '../../../shared/contract';

/** Electron drops custom error properties across IPC, so errors travel as data: a code and a message. */
export function toContractError(error: unknown): ContractResult<never> {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code, message } };
}

export async function invokeHandler<C extends Channel>(
  handlers: Handlers,
  channel: C,
  args: readonly unknown[],
): Promise<ContractResult<Channels[C]['result']>> {
  // Handlers validate their own arguments; here they are only as trustworthy as the renderer that sent them.
  const handler = handlers[channel] as (...args: readonly unknown[]) => unknown;
  try {
    const data = (await handler(...args)) as Channels[C]['result'];
    return { ok: true, data };
  } catch (error) {
    return toContractError(error);
  }
}
