import type { DryRunRequest } from '../../../../shared/contract';
import type { Endpoint } from '../../../../shared/dialects';
import type { RequestRecord } from '../../../../shared/records';
import { API_DIALECTS, type ApiDialect, type RouteDryRun } from '../../../../shared/routing';

/** The dry-run tester's form, as typed. */
export interface DryRunForm {
  body: string;
  /** '' = guess from the body's shape. */
  dialect: '' | ApiDialect;
  tool: string;
  model: string;
  outputTokens: string;
}

export const EMPTY_DRY_RUN: DryRunForm = { body: '', dialect: '', tool: '', model: '', outputTokens: '' };

export type DryRunErrors = Partial<Record<keyof DryRunForm, string>>;

export const MAX_BODY_CHARS = 2_000_000;

/** Checks the form and builds the request; `input` is set only when there are no errors. */
export function dryRunInput(form: DryRunForm): { errors: DryRunErrors; input: DryRunRequest | null } {
  const errors: DryRunErrors = {};
  let body: Record<string, unknown> | null = null;
  if (!form.body.trim()) {
    errors.body = 'Paste a request body (JSON), or pick a recent request to start from';
  } else if (form.body.length > MAX_BODY_CHARS) {
    errors.body = 'The body is too large to test here (2 MB at most)';
  } else {
    try {
      const parsed: unknown = JSON.parse(form.body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.body = 'The body must be a JSON object, e.g. { "model": "…", "messages": [ … ] }';
      } else {
        body = parsed as Record<string, unknown>;
      }
    } catch (error) {
      errors.body = `Not valid JSON: ${(error as Error).message}`;
    }
  }
  if (form.dialect && !API_DIALECTS.includes(form.dialect)) errors.dialect = 'Unknown API';
  const output = form.outputTokens.trim();
  if (output && (!/^\d+$/.test(output) || Number(output) < 1 || Number(output) > 10_000_000)) {
    errors.outputTokens = 'A whole number of tokens, at least 1';
  }
  const dialect = form.dialect || (body ? guessDialect(body) : '');
  if (dialect === 'gemini' && !form.model.trim() && !(body && typeof body.model === 'string')) {
    errors.model = 'Gemini names the model in the URL: enter it here';
  }
  if (Object.keys(errors).length > 0 || !body) return { errors, input: null };
  const input: DryRunRequest = { body };
  if (form.dialect) input.dialect = form.dialect;
  if (form.tool.trim()) input.tool = form.tool.trim();
  if (form.model.trim()) input.model = form.model.trim();
  if (output) input.outputTokens = Number(output);
  return { errors, input };
}

/** A rough guess (the core makes the real one) used only to know when a model name is required. */
export function guessDialect(body: Record<string, unknown>): ApiDialect | '' {
  if (Array.isArray(body.contents)) return 'gemini';
  if (body.input !== undefined && body.messages === undefined) return 'openai-responses';
  if (typeof body.max_tokens === 'number' && Array.isArray(body.messages) && body.system !== undefined) {
    return 'anthropic';
  }
  return '';
}

export function endpointDialect(endpoint: Endpoint): ApiDialect | null {
  if (endpoint.startsWith('anthropic-')) return 'anthropic';
  if (endpoint === 'openai-chat') return 'openai-chat';
  if (endpoint === 'openai-responses') return 'openai-responses';
  if (endpoint.startsWith('gemini-')) return 'gemini';
  return null;
}

/** A minimal body in a dialect, to edit before testing. */
export function sampleBody(dialect: ApiDialect, model: string, prompt = 'Refactor this function'): string {
  const m = model || 'claude-sonnet-4-5';
  switch (dialect) {
    case 'anthropic':
      return JSON.stringify(
        { model: m, max_tokens: 1024, messages: [{ role: 'user', content: prompt }] },
        null,
        2,
      );
    case 'openai-chat':
      return JSON.stringify({ model: m, messages: [{ role: 'user', content: prompt }] }, null, 2);
    case 'openai-responses':
      return JSON.stringify({ model: m, input: prompt }, null, 2);
    case 'gemini':
      return JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }, null, 2);
  }
}

/**
 * Bodies are not stored (privacy), so a recent request can only seed the tool, the model, the API and a sample
 * body in that API; the user edits the prompt to what they want to test.
 */
export function prefillFromRecord(record: RequestRecord): DryRunForm {
  const dialect = endpointDialect(record.endpoint) ?? 'anthropic';
  const model = record.requestedModel ?? record.servedModel ?? '';
  return {
    body: sampleBody(dialect, model),
    dialect,
    tool: record.tool,
    model: dialect === 'gemini' ? model : '',
    outputTokens: record.outputTokens > 0 ? String(record.outputTokens) : '',
  };
}

/** What the fired rule saves against the requested model, when both prices are known. */
export function estimateSavings(result: RouteDryRun): number | null {
  const estimate = result.estimate;
  if (!estimate || estimate.costUsd === null || estimate.baselineCostUsd === null) return null;
  return estimate.baselineCostUsd - estimate.costUsd;
}

export function actionSentence(result: RouteDryRun): string {
  const targets = result.targets.map((t) => `${t.provider} / ${t.model}`);
  switch (result.action) {
    case 'route':
      return `Routed to ${targets[0] ?? 'the default provider'}`;
    case 'chain':
      return `Tries ${targets.join(', then ')}`;
    case 'reject':
      return `Rejected${result.reject ? ` with ${result.reject.status}: ${result.reject.message}` : ''}`;
    case 'pass':
      return 'Passes through to the default provider unchanged';
  }
}
