import type { Channel, Channels, ContractResult, EventName, Events } from '../../../shared/contract';
import type { FareboxApi } from '../env';

export const HTTP_API_PREFIX = '/_farebox/api/';

/** A transport plus whether it pushes events (IPC does; the HTTP admin API does not yet). */
export interface Transport extends FareboxApi {
  readonly live: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What stores use: results unwrapped, failures thrown as ApiError. */
export interface ApiClient {
  readonly live: boolean;
  call<C extends Channel>(channel: C, ...args: Channels[C]['args']): Promise<Channels[C]['result']>;
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** `farebox serve` opens the page as `/#token=<per-launch token>`. */
export function readToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.length > 0 ? token : null;
}

function isContractResult(value: unknown): value is ContractResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  return (
    value.ok === false &&
    'error' in value &&
    typeof value.error === 'object' &&
    value.error !== null &&
    'code' in value.error &&
    typeof value.error.code === 'string'
  );
}

function failure(code: string, message: string): ContractResult<never> {
  return { ok: false, error: { code, message } };
}

export interface HttpTransportOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  token: string | null;
  /** Origin of the admin API; '' means the page's own origin. */
  baseUrl?: string;
}

/** POST `/_farebox/api/<channel>` with `{ "args": [...] }`; the server answers with a ContractResult. */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.baseUrl ?? '';
  return {
    live: false,
    async invoke<C extends Channel>(
      channel: C,
      ...args: Channels[C]['args']
    ): Promise<ContractResult<Channels[C]['result']>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let response: Response;
      try {
        response = await options.fetch(`${base}${HTTP_API_PREFIX}${channel}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ args }),
        });
      } catch (error) {
        return failure('network', error instanceof Error ? error.message : String(error));
      }
      const body: unknown = await response.json().catch(() => null);
      if (isContractResult(body)) return body as ContractResult<Channels[C]['result']>;
      return failure(`http_${response.status}`, response.statusText || 'Unexpected response from Farebox');
    },
    on: () => () => undefined,
  };
}

export function pickTransport(win: Pick<Window, 'api' | 'location' | 'fetch'>): Transport {
  const ipc = win.api;
  if (ipc) return { live: true, invoke: ipc.invoke, on: ipc.on };
  return createHttpTransport({
    fetch: (input, init) => win.fetch(input, init),
    token: readToken(win.location.hash),
  });
}

export function createApiClient(resolveTransport: () => Transport): ApiClient {
  let transport: Transport | null = null;
  const current = (): Transport => (transport ??= resolveTransport());
  return {
    get live() {
      return current().live;
    },
    async call(channel, ...args) {
      const result = await current().invoke(channel, ...args);
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      return result.data;
    },
    subscribe(event, listener) {
      return current().on(event, listener);
    },
  };
}

/** Resolved on first use so that importing this module never touches `window`. */
export const api: ApiClient = createApiClient(() => pickTransport(window));
