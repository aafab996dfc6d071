type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** User-Agent prefixes, most specific first (protocols.md §6.10). */
const USER_AGENT_TOOLS: readonly [RegExp, string][] = [
  [/^claude-(cli|code)\//i, 'claude-code'],
  [/^(codex_|codex-|codex desktop)/i, 'codex'],
  [/^GeminiCLI/i, 'gemini-cli'],
  [/^CloudCodeVSCode\/.*proxy_client=geminicli/i, 'gemini-cli'],
  [/^CloudCodeVSCode\//i, 'gemini-code-assist'],
  [/^RooCode\//i, 'roo-code'],
  [/^Cline\//i, 'cline'],
  [/^Kilo-?Code\//i, 'kilo-code'],
  [/^aider\//i, 'aider'],
  [/^GitHubCopilotChat\//i, 'copilot'],
  [/^antigravity\//i, 'antigravity'],
  [/^opencode\//i, 'opencode'],
  [/^Continue\//i, 'continue'],
  [/^litellm\//i, 'litellm'],
];

/** OpenRouter-style attribution headers that several tools send with every request. */
const TITLE_TOOLS: Record<string, string> = {
  cline: 'cline',
  'roo code': 'roo-code',
  aider: 'aider',
  continue: 'continue',
  'kilo code': 'kilo-code',
};

const REFERER_TOOLS: readonly [RegExp, string][] = [
  [/cline\.bot/i, 'cline'],
  [/Roo-(Cline|Code)/i, 'roo-code'],
  [/aider\.chat/i, 'aider'],
  [/continue\.dev/i, 'continue'],
];

/**
 * Names the tool that sent a request: the /t/<tool> prefix wins (the only method that cannot be spoofed by
 * accident), then the User-Agent, then secondary headers, then the SDK by language, else "unknown".
 */
export function identifyTool(prefixTool: string | null, headers: Headers, vendor: string): string {
  if (prefixTool) return prefixTool;
  const userAgent = header(headers, 'user-agent');
  for (const [pattern, tool] of USER_AGENT_TOOLS) if (pattern.test(userAgent)) return tool;

  const originator = header(headers, 'originator').toLowerCase();
  if (originator.startsWith('codex')) return 'codex';
  if (header(headers, 'x-app') === 'cli' || header(headers, 'anthropic-beta').includes('claude-code-')) {
    return 'claude-code';
  }
  const title = TITLE_TOOLS[header(headers, 'x-title').toLowerCase()];
  if (title) return title;
  const referer = header(headers, 'http-referer') || header(headers, 'referer');
  for (const [pattern, tool] of REFERER_TOOLS) if (pattern.test(referer)) return tool;
  if (header(headers, 'copilot-integration-id') || header(headers, 'editor-version')) return 'copilot';

  const sdkLanguage = sdkLanguageOf(headers, userAgent);
  if (sdkLanguage) return `${vendor}-sdk-${sdkLanguage}`;
  return 'unknown';
}

function sdkLanguageOf(headers: Headers, userAgent: string): string | null {
  const stainless = header(headers, 'x-stainless-lang').toLowerCase();
  if (stainless) return stainless === 'js' ? 'js' : stainless;
  const googleClient = header(headers, 'x-goog-api-client');
  if (googleClient.includes('google-genai-sdk')) {
    const language = /gl-(node|python|go|java)/.exec(googleClient)?.[1];
    return language === 'node' ? 'js' : (language ?? 'unknown');
  }
  const match = /^(OpenAI|Anthropic)\/(JS|Python|Go|Java)/i.exec(userAgent);
  return match ? match[2]!.toLowerCase() : null;
}

const SESSION_HEADERS = ['x-claude-code-session-id', 'session-id', 'session_id', 'conversation_id'];

/** The tool's own session id (Claude Code, Codex), from its headers or Claude Code's metadata.user_id. */
export function sessionIdOf(headers: Headers, body: unknown): string | null {
  for (const name of SESSION_HEADERS) {
    const value = header(headers, name);
    if (value) return value.slice(0, 200);
  }
  const userId = (body as { metadata?: { user_id?: unknown } } | null)?.metadata?.user_id;
  if (typeof userId !== 'string') return null;
  // Claude Code sends either a JSON string with session_id or "user_<hash>_account_<id>_session_<uuid>".
  const match =
    /session_id"?\s*[:=]\s*"?([0-9a-f-]{8,})/i.exec(userId) ?? /_session_([0-9a-f-]{8,})/i.exec(userId);
  return match ? match[1]! : null;
}
