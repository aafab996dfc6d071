import type { IncomingHttpHeaders } from 'node:http';
import type { ApiDialect, RouteDryRun } from '../../../shared/routing';
import { ZERO_USAGE } from '../../../shared/usage';
import type { FareboxConfig } from '../config/load-config';
import type { PriceBook } from '../economics/price-book';
import { requestFacts } from './request-facts';
import type { RoutingState } from '../proxy/proxy-context';

export interface DryRunInput {
  body: Record<string, unknown>;
  /** Default: guessed from the body's shape. */
  dialect?: ApiDialect;
  /** Default: "unknown" (what an unrecognised client is recorded as). */
  tool?: string;
  /** Gemini names the model in the URL; give it here. */
  model?: string;
  headers?: IncomingHttpHeaders;
  /** Output assumed for the cost estimate; default 1,000 tokens (a typical coding turn). */
  outputTokens?: number;
  now?: Date;
}

/**
 * Which rule would fire for a request, why, where it would go and what it would cost against the
 * requested model; nothing is sent. Backs `farebox route` and the rules editor's tester.
 */
export function dryRun(
  input: DryRunInput,
  routing: RoutingState,
  config: FareboxConfig,
  priceBook: PriceBook,
): RouteDryRun {
  const dialect = input.dialect ?? guessApiDialect(input.body);
  const tool = input.tool ?? 'unknown';
  const model = input.model ?? (typeof input.body.model === 'string' ? input.body.model : null);
  const facts = requestFacts(dialect, input.body, tool, model, lowerCased(input.headers ?? {}));
  const now = input.now ?? new Date();
  const decision = routing.router.decide(facts, now);
  const estimatedInputTokens = facts.estimatedInputTokens();
  const outputTokens = input.outputTokens ?? 1000;
  const usage = { ...ZERO_USAGE, inputTokens: estimatedInputTokens, outputTokens };
  const clientProvider =
    config.providerFor[dialect === 'gemini' ? 'gemini' : dialect === 'anthropic' ? 'anthropic' : 'openai'];
  const baseline = model
    ? priceBook.price(model, usage, {
        providerDialect: clientProvider.dialect,
        providerBaseUrl: clientProvider.baseUrl,
        at: now,
      })
    : null;
  const first = decision.targets[0];
  const firstProvider = first ? config.providers.find((p) => p.id === first.provider) : undefined;
  const served =
    decision.action === 'reject'
      ? null
      : first && firstProvider
        ? priceBook.price(first.model, usage, {
            providerDialect: firstProvider.dialect,
            providerBaseUrl: firstProvider.baseUrl,
            at: now,
          })
        : baseline;
  return {
    dialect,
    tool,
    requestedModel: model,
    estimatedInputTokens,
    rule: decision.rule ? { id: decision.rule.id, name: decision.rule.name ?? null } : null,
    action: decision.action,
    evaluated: routing.router.explain(facts, now),
    targets: decision.targets,
    reject: decision.reject,
    estimate:
      decision.action === 'reject'
        ? null
        : {
            outputTokens,
            costUsd: served?.costUsd ?? null,
            priceRef: served?.priceRef ?? null,
            baselineCostUsd: baseline?.costUsd ?? null,
            baselinePriceRef: baseline?.priceRef ?? null,
          },
    problems: routing.problems,
  };
}

/** The API a captured request body was written for, judged from its fields. */
export function guessApiDialect(body: Record<string, unknown>): ApiDialect {
  if (Array.isArray(body.contents) || body.systemInstruction !== undefined) return 'gemini';
  if (body.input !== undefined || body.instructions !== undefined) return 'openai-responses';
  if (body.system !== undefined || body.thinking !== undefined || body.stop_sequences !== undefined)
    return 'anthropic';
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const anthropicBlock = messages.some(
    (m) =>
      Array.isArray(m?.content) &&
      (m.content as Array<{ type?: unknown }>).some((b) =>
        ['tool_use', 'tool_result', 'image', 'thinking', 'document'].includes(String(b?.type)),
      ),
  );
  if (anthropicBlock) return 'anthropic';
  const openAiOnly = messages.some(
    (m) => m?.role === 'system' || m?.role === 'tool' || m?.role === 'developer',
  );
  if (openAiOnly) return 'openai-chat';
  // Anthropic tools carry input_schema; OpenAI's are {type: 'function', function: {...}}.
  const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
  if (tools.some((tool) => tool?.input_schema !== undefined)) return 'anthropic';
  return typeof body.max_tokens === 'number' && tools.length === 0 ? 'anthropic' : 'openai-chat';
}

function lowerCased(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
