/** The wire dialect a provider speaks (config `providers[].dialect`). */
export type ProviderDialect = 'anthropic' | 'openai' | 'gemini';

/**
 * The API a single request uses. OpenAI providers serve several of them; the request log stores this as
 * `endpoint` next to the provider dialect.
 */
export type Endpoint =
  | 'anthropic-messages'
  | 'anthropic-count-tokens'
  | 'anthropic-models'
  | 'openai-chat'
  | 'openai-responses'
  | 'openai-embeddings'
  | 'openai-completions'
  | 'openai-models'
  | 'gemini-generate'
  | 'gemini-stream-generate'
  | 'gemini-count-tokens'
  | 'gemini-models';

export const PROVIDER_DIALECTS: readonly ProviderDialect[] = ['anthropic', 'openai', 'gemini'];

/** Where a request ended up. `in_flight` only exists while the request runs (or after a crash, briefly). */
/** `rejected`: refused on purpose by a routing rule (later also a budget), answered in the client's dialect. */
export type Outcome = 'ok' | 'client_aborted' | 'upstream_error' | 'proxy_error' | 'interrupted' | 'rejected';
