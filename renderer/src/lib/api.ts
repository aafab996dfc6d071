import type { Channel, Channels, ContractResult, EventName, Events } from '../../../shared/contract';
import type { FareboxApi } from '../env';

export const HTTP_API_PREFIX = '/_farebox/api/';
/** Server-Sent Events of the HTTP admin API: `event:` is the contract's event name, `data:` its JSON payload. */
export const HTTP_EVENTS_PATH = '/_farebox/events';

/** A transport plus whether it pushes events (IPC does, and the HTTP admin API over Server-Sent Events). */
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

const TOKEN_KEY = 'farebox.token';
let capturedToken: string | null | undefined;

type TokenWindow = {
  location: Pick<Location, 'hash'>;
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
};

/**
 * Reads the admin token once, at start, before the router rewrites the hash: from `#token=…` when present
 * (kept in sessionStorage so a reload of the tab still works), else from an earlier load of this tab.
 */
export function captureToken(win: TokenWindow): string | null {
  if (capturedToken !== undefined) return capturedToken;
  const fromHash = readToken(win.location.hash);
  let token = fromHash;
  try {
    if (fromHash) win.sessionStorage?.setItem(TOKEN_KEY, fromHash);
    else token = win.sessionStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    // Storage can be unavailable (privacy settings); the token from the hash still works for this load.
  }
  capturedToken = token;
  return token;
}

/** Tests only: forget the captured token. */
export function resetCapturedToken(): void {
  capturedToken = undefined;
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

/** The part of EventSource the transport uses (so tests can fake it). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface HttpTransportOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  token: string | null;
  /** Origin of the admin API; '' means the page's own origin. */
  baseUrl?: string;
  /** Opens the event stream; without it the transport is not live and stores poll instead. */
  eventSource?: (url: string) => EventSourceLike;
  /** Delay before reopening a stream the server closed (EventSource retries by itself otherwise). */
  reconnectMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const CLOSED = 2;

/**
 * One EventSource shared by every listener, opened on the first subscription and closed with the last.
 * EventSource reconnects by itself after network errors; when the server answers with an error status it
 * gives up (readyState CLOSED), so this reopens it after a pause.
 */
function createEventStream(url: string, options: HttpTransportOptions): Transport['on'] {
  const open = options.eventSource!;
  const reconnectMs = options.reconnectMs ?? 5_000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const forwarders = new Map<string, (event: MessageEvent<string>) => void>();
  let source: EventSourceLike | null = null;
  let retry: unknown = null;

  const forwarder = (name: string) => (event: MessageEvent<string>) => {
    let payload: unknown;
    try {
      payload = JSON.parse(event.data);
    } catch {
      return;
    }
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        (listener as (payload: unknown) => void)(payload);
      } catch (error) {
        console.error(`Farebox: a listener for ${name} failed`, error);
      }
    }
  };

  const attach = (name: string) => {
    if (!source || forwarders.has(name)) return;
    const forward = forwarder(name);
    forwarders.set(name, forward);
    source.addEventListener(name, forward);
  };

  const onError = () => {
    if (!source || source.readyState !== CLOSED || retry !== null) return;
    disconnect();
    retry = setTimer(() => {
      retry = null;
      if (listeners.size > 0) connect();
    }, reconnectMs);
  };

  const connect = () => {
    source = open(url);
    source.addEventListener('error', onError);
    for (const name of listeners.keys()) attach(name);
  };

  const disconnect = () => {
    if (!source) return;
    for (const [name, forward] of forwarders) source.removeEventListener(name, forward);
    source.removeEventListener('error', onError);
    forwarders.clear();
    source.close();
    source = null;
  };

  return (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    if (!source && retry === null) connect();
    else attach(event);
    return () => {
      const current = listeners.get(event);
      if (!current?.delete(entry)) return;
      if (current.size === 0) {
        listeners.delete(event);
        const forward = forwarders.get(event);
        if (forward && source) source.removeEventListener(event, forward);
        forwarders.delete(event);
      }
      if (listeners.size === 0) {
        if (retry !== null) clearTimer(retry);
        retry = null;
        disconnect();
      }
    };
  };
}

export function eventsUrl(token: string | null, baseUrl = ''): string {
  return `${baseUrl}${HTTP_EVENTS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/**
 * POST `/_farebox/api/<channel>` with `{ "args": [...] }`; the server answers with a ContractResult.
 * Events arrive over `GET /_farebox/events?token=…` (EventSource cannot send an Authorization header).
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.baseUrl ?? '';
  const on: Transport['on'] = options.eventSource
    ? createEventStream(eventsUrl(options.token, base), options)
    : () => () => undefined;
  return {
    live: options.eventSource !== undefined,
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
    on,
  };
}

type TransportWindow = Pick<Window, 'api' | 'location' | 'fetch'> & {
  EventSource?: new (url: string) => EventSourceLike;
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
};

export function pickTransport(win: TransportWindow): Transport {
  const ipc = win.api;
  if (ipc) return { live: true, invoke: ipc.invoke, on: ipc.on };
  const EventSourceImpl = win.EventSource;
  return createHttpTransport({
    fetch: (input, init) => win.fetch(input, init),
    token: captureToken(win),
    ...(EventSourceImpl ? { eventSource: (url: string) => new EventSourceImpl(url) } : {}),
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

export interface WatchOptions {
  /** Bursts of events collapse into one reload after this quiet time. */
  debounceMs?: number;
  /** Reload interval when the transport pushes no events. */
  pollMs?: number;
  /** Reload interval even when live, to heal events missed while a stream reconnected (0: never). */
  healMs?: number;
}

/**
 * Keeps a store current: reloads (debounced) on the given events when the transport is live, polls otherwise.
 * `onEvent` sees each payload first (e.g. to prepend a row before the reload). Returns the stop function.
 */
export function watch<E extends EventName>(
  client: ApiClient,
  events: readonly E[],
  reload: () => void,
  options: WatchOptions & { onEvent?: (event: E, payload: Events[E]) => void } = {},
): () => void {
  const debounceMs = options.debounceMs ?? 300;
  const stops: (() => void)[] = [];
  let debounce: ReturnType<typeof setTimeout> | undefined;
  if (client.live) {
    for (const event of events) {
      stops.push(
        client.subscribe(event, (payload) => {
          options.onEvent?.(event, payload);
          clearTimeout(debounce);
          debounce = setTimeout(reload, debounceMs);
        }),
      );
    }
    const healMs = options.healMs ?? 60_000;
    if (healMs > 0) {
      const timer = setInterval(reload, healMs);
      stops.push(() => clearInterval(timer));
    }
  } else {
    const timer = setInterval(reload, options.pollMs ?? 5_000);
    stops.push(() => clearInterval(timer));
  }
  return () => {
    clearTimeout(debounce);
    for (const stop of stops) stop();
  };
}

/**
 * One load at a time: calls during one queue a single follow-up, so the last state always lands and a
 * burst of triggers costs at most two loads.
 */
export function serialized(load: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let again = false;
  return () => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
