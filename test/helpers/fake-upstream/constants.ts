/**
 * Fixed figures the fake upstream reports unless a request sends `x-fake-usage`, so tests can compute the
 * expected cost by hand. Every dialect reports cached input and reasoning, in its own convention
 * (protocols.md §0): Anthropic's input buckets are disjoint, OpenAI's and Gemini's cached counts are subsets.
 */
export const FAKE_USAGE = {
  anthropic: {
    input_tokens: 12,
    cache_creation_input_tokens: 300,
    cache_read_input_tokens: 1500,
    cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 },
    output_tokens: 57,
    output_tokens_details: { thinking_tokens: 21 },
    service_tier: 'standard',
  },
  openaiChat: {
    prompt_tokens: 1830,
    completion_tokens: 95,
    total_tokens: 1925,
    prompt_tokens_details: { cached_tokens: 1536, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 64,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  openaiResponses: {
    input_tokens: 2140,
    input_tokens_details: { cached_tokens: 1792 },
    output_tokens: 130,
    output_tokens_details: { reasoning_tokens: 88 },
    total_tokens: 2270,
  },
  openaiCompletions: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 },
  openaiEmbeddings: { prompt_tokens: 8, total_tokens: 8 },
  gemini: {
    promptTokenCount: 1240,
    cachedContentTokenCount: 1024,
    candidatesTokenCount: 48,
    thoughtsTokenCount: 112,
    totalTokenCount: 1400,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 1240 }],
    cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1024 }],
  },
} as const;

/** What the token-counting endpoints answer. */
export const FAKE_COUNT_TOKENS = { anthropic: 1812, gemini: 1240 } as const;

/**
 * Models used when a request names none, and listed by the models endpoints. Responses echo the requested
 * model unchanged; Gemini reports the model from the URL path as `modelVersion`.
 */
export const FAKE_MODELS = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-5',
  openaiEmbedding: 'text-embedding-3-small',
  openaiCompletion: 'gpt-3.5-turbo-instruct',
  gemini: 'gemini-2.5-flash',
} as const;

/** The assistant's text, in the pieces the streams send it in. */
export const FAKE_TEXT_PIECES: readonly string[] = ['Hello', ' from the', ' fake', ' upstream', '.'];
export const FAKE_TEXT = FAKE_TEXT_PIECES.join('');

/** Arguments of the two tool calls answered under `x-fake-content: tools`. */
export const FAKE_TOOL_ARGS: readonly [Record<string, string>, Record<string, string>] = [
  { path: 'src/index.ts' },
  { path: 'package.json' },
];
export const FAKE_TOOL_NAME = 'read_file';
