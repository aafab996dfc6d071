import type { ProviderConfig } from './config-schema';

/** With no providers configured, each dialect goes to its public API and the client's own key passes through. */
export const DEFAULT_PROVIDERS: readonly ProviderConfig[] = [
  { id: 'anthropic', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com', keyCooldownMs: 60_000 },
  { id: 'openai', dialect: 'openai', baseUrl: 'https://api.openai.com', keyCooldownMs: 60_000 },
  {
    id: 'gemini',
    dialect: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    keyCooldownMs: 60_000,
  },
];
