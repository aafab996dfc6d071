import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ConnectableTool, ToolConnection } from '../../../shared/dashboard';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';
import { withSeen } from '../pages/connect/connect-view';
import type { SaveMessage } from './rules-store';

export interface ConnectState {
  tools: ToolConnection[];
  proxyUrl: string | null;
  loading: boolean;
  error: string | null;
  /** A tool whose config is being written or restored. */
  busy: Partial<Record<ConnectableTool, 'apply' | 'undo'>>;
  messages: Partial<Record<string, SaveMessage>>;
  load(): Promise<void>;
  apply(tool: ConnectableTool): Promise<void>;
  undo(tool: ConnectableTool): Promise<void>;
  /** A request arrived from `tool` at `at` (requests:recorded). */
  seen(tool: string, at: string): void;
  start(): () => void;
}

export interface ConnectStoreOptions {
  pollMs?: number;
  debounceMs?: number;
}

export function createConnectStore(
  client: ApiClient,
  options: ConnectStoreOptions = {},
): StoreApi<ConnectState> {
  return createStore<ConnectState>()((set, get) => {
    const refresh = serialized(async () => {
      try {
        const tools = await client.call('connect:list');
        set({ tools, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    const replace = (connection: ToolConnection) =>
      set({ tools: get().tools.map((t) => (t.tool === connection.tool ? connection : t)) });
    const run = async (tool: ConnectableTool, kind: 'apply' | 'undo') => {
      if (get().busy[tool]) return;
      set({ busy: { ...get().busy, [tool]: kind }, messages: { ...get().messages, [tool]: undefined } });
      try {
        const connection = await client.call(kind === 'apply' ? 'connect:apply' : 'connect:undo', tool);
        replace(connection);
        const text =
          kind === 'apply'
            ? `Connected. ${connection.configPath ? `Wrote ${connection.configPath}. ` : ''}Restart the tool (or open a new session) and send a request to see it here.`
            : 'Restored your previous config.';
        set({ messages: { ...get().messages, [tool]: { kind: 'ok', text } } });
      } catch (error) {
        set({
          messages: {
            ...get().messages,
            [tool]: {
              kind: 'error',
              text: `${kind === 'apply' ? 'Apply' : 'Undo'} failed: ${errorMessage(error)}`,
            },
          },
        });
      } finally {
        const { [tool]: _done, ...rest } = get().busy;
        set({ busy: rest });
      }
    };

    return {
      tools: [],
      proxyUrl: null,
      loading: true,
      error: null,
      busy: {},
      messages: {},

      async load() {
        const [, status] = await Promise.allSettled([refresh(), client.call('app:status')]);
        if (status.status === 'fulfilled') set({ proxyUrl: status.value.proxyUrl });
      },
      apply: (tool) => run(tool, 'apply'),
      undo: (tool) => run(tool, 'undo'),

      seen(tool, at) {
        const tools = withSeen(get().tools, tool, at);
        if (tools !== get().tools) set({ tools });
      },

      start() {
        void get().load();
        return watch(client, ['requests:recorded'], () => void refresh(), {
          pollMs: options.pollMs ?? 5_000,
          // lastSeenAt moves at once from the event; the reload only confirms it.
          debounceMs: options.debounceMs ?? 5_000,
          onEvent: (_event, record) => get().seen(record.tool, record.startedAt),
        });
      },
    };
  });
}

export const connectStore = createConnectStore(api);

export function useConnect<T>(selector: (state: ConnectState) => T): T {
  return useStore(connectStore, selector);
}

export function selectConnection(
  state: Pick<ConnectState, 'tools'>,
  tool: string,
): ToolConnection | undefined {
  return state.tools.find((t) => t.tool === tool);
}
