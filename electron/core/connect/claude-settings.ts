/**
 * Claude Code's ~/.claude/settings.json: `env.ANTHROPIC_BASE_URL` names the proxy (Claude Code appends
 * /v1/messages itself). Every other key stays; the file is written back as 2-space JSON.
 */

export const CLAUDE_BASE_URL_VAR = 'ANTHROPIC_BASE_URL';

export class ClaudeSettingsError extends Error {}

type JsonObject = Record<string, unknown>;

export function claudeIsApplied(text: string | null, proxyUrl: string): boolean {
  if (text === null) return false;
  try {
    return envOf(parse(text))?.[CLAUDE_BASE_URL_VAR] === proxyUrl;
  } catch {
    return false;
  }
}

export function applyClaude(text: string | null, proxyUrl: string): string {
  const settings = text === null ? {} : parse(text);
  const env = envOf(settings) ?? {};
  env[CLAUDE_BASE_URL_VAR] = proxyUrl;
  settings.env = env;
  return serialize(settings, text);
}

/**
 * Takes the base URL out of a file that changed since it was applied: back to the original value, or gone
 * (with an `env` that only existed for it). Null: nothing is left of a file that did not exist before.
 */
export function revertClaude(current: string, original: string | null, appliedUrl: string): string | null {
  const settings = parse(current);
  const env = envOf(settings);
  if (env?.[CLAUDE_BASE_URL_VAR] !== appliedUrl) return current;
  const before = original === null ? null : safeParse(original);
  const beforeEnv = before ? envOf(before) : undefined;
  if (beforeEnv && Object.hasOwn(beforeEnv, CLAUDE_BASE_URL_VAR)) {
    env[CLAUDE_BASE_URL_VAR] = beforeEnv[CLAUDE_BASE_URL_VAR];
  } else {
    delete env[CLAUDE_BASE_URL_VAR];
    if (Object.keys(env).length === 0 && !(before && Object.hasOwn(before, 'env'))) delete settings.env;
  }
  if (original === null && Object.keys(settings).length === 0) return null;
  return serialize(settings, current);
}

export function claudeSnippet(proxyUrl: string): string {
  return [
    `export ${CLAUDE_BASE_URL_VAR}=${proxyUrl}`,
    '',
    '# or for every session, in ~/.claude/settings.json:',
    JSON.stringify({ env: { [CLAUDE_BASE_URL_VAR]: proxyUrl } }, null, 2),
    '',
  ].join('\n');
}

function parse(text: string): JsonObject {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ClaudeSettingsError('not valid JSON');
  }
  if (!isObject(value)) throw new ClaudeSettingsError('not a JSON object');
  return value;
}

function safeParse(text: string): JsonObject | null {
  try {
    return parse(text);
  } catch {
    return null;
  }
}

function envOf(settings: JsonObject): JsonObject | undefined {
  const env = settings.env;
  if (env === undefined) return undefined;
  if (!isObject(env)) throw new ClaudeSettingsError('"env" is not an object');
  return env;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 2-space JSON; the byte-order mark, line breaks and final newline of the file it replaces are kept. */
function serialize(settings: JsonObject, previous: string | null): string {
  const bom = previous?.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = previous?.includes('\r\n') ?? false;
  const finalNewline = previous === null || previous.trim() === '' || /\n$/.test(previous);
  let text = JSON.stringify(settings, null, 2) + (finalNewline ? '\n' : '');
  if (crlf) text = text.replace(/\n/g, '\r\n');
  return bom + text;
}
