import { describe, it, expect } from 'vitest';
import { identifyTool, sessionIdOf } from '../../../../electron/core/proxy/request-identity';

type Headers = Record<string, string | string[] | undefined>;

/** Node lower-cases incoming header names, so the tests do too. */
const tool = (headers: Headers, vendor = 'openai', prefix: string | null = null) =>
  identifyTool(prefix, headers, vendor);

describe('identifyTool: Claude Code', () => {
  it('recognises the claude-cli User-Agent of Claude Code 2.1.197 in -p mode', () => {
    expect(tool({ 'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)' }, 'anthropic')).toBe('claude-code');
  });

  it('recognises the claude-code/<ver> User-Agent of some builds', () => {
    expect(tool({ 'user-agent': 'claude-code/1.0' }, 'anthropic')).toBe('claude-code');
  });

  it('recognises x-app: cli without a telling User-Agent', () => {
    expect(tool({ 'user-agent': 'node-fetch', 'x-app': 'cli' }, 'anthropic')).toBe('claude-code');
  });

  it('recognises anthropic-beta containing claude-code-20250219', () => {
    const headers = {
      'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,oauth-2025-04-20',
      'x-stainless-lang': 'js',
    };
    expect(tool(headers, 'anthropic')).toBe('claude-code');
  });

  it('does not take other anthropic-beta flags (e.g. aider prompt caching) for Claude Code', () => {
    expect(
      tool({ 'anthropic-beta': 'prompt-caching-2024-07-31', 'x-stainless-lang': 'python' }, 'anthropic'),
    ).toBe('anthropic-sdk-python');
  });
});

describe('identifyTool: Codex', () => {
  it('recognises the codex_exec User-Agent of Codex 0.171.0', () => {
    expect(tool({ 'user-agent': 'codex_exec/0.171.0 (Ubuntu 24.04; x86_64) xterm' })).toBe('codex');
  });

  it('recognises codex_cli_rs, codex-tui and Codex Desktop', () => {
    expect(tool({ 'user-agent': 'codex_cli_rs/0.38.0 (Ubuntu 24.04; x86_64) WindowsTerminal' })).toBe(
      'codex',
    );
    expect(tool({ 'user-agent': 'codex-tui/0.100.0 (Mac OS 15.1; arm64) iTerm.app' })).toBe('codex');
    expect(tool({ 'user-agent': 'Codex Desktop/1.2.0 (Mac OS 15.1; arm64)' })).toBe('codex');
  });

  it('recognises the originator header without a telling User-Agent', () => {
    expect(tool({ 'user-agent': 'reqwest/0.12', originator: 'codex_exec' })).toBe('codex');
    expect(tool({ originator: 'codex_vscode' })).toBe('codex');
  });
});

describe('identifyTool: Gemini CLI', () => {
  it('recognises the GeminiCLI-tui User-Agent of Gemini CLI 0.61.0', () => {
    const headers = {
      'user-agent': 'GeminiCLI-tui/0.61.0/gemini-2.5-pro (linux; x64; terminal)',
      'x-goog-api-client': 'google-genai-sdk/1.30.0 gl-node/v20.19.0',
    };
    expect(tool(headers, 'google')).toBe('gemini-cli');
  });

  it('recognises the plain GeminiCLI/<ver> User-Agent', () => {
    expect(tool({ 'user-agent': 'GeminiCLI/0.5.0/gemini-2.5-flash (darwin; arm64)' }, 'google')).toBe(
      'gemini-cli',
    );
  });

  it('recognises the VS Code companion proxying for Gemini CLI', () => {
    const userAgent = 'CloudCodeVSCode/1.0 (aidev_client; os_type=linux; proxy_client=geminicli)';
    expect(tool({ 'user-agent': userAgent }, 'google')).toBe('gemini-cli');
  });
});

describe('identifyTool: IDE extensions', () => {
  it('recognises Roo Code by User-Agent', () => {
    expect(tool({ 'user-agent': 'RooCode/3.25.0', 'x-stainless-lang': 'js' })).toBe('roo-code');
  });

  it('recognises Roo Code by X-Title and by its referer', () => {
    expect(tool({ 'user-agent': 'OpenAI/JS 5.10.0', 'x-title': 'Roo Code' })).toBe('roo-code');
    expect(tool({ 'http-referer': 'https://github.com/RooVetGit/Roo-Cline' })).toBe('roo-code');
    expect(tool({ 'http-referer': 'https://github.com/RooCodeInc/Roo-Code' })).toBe('roo-code');
  });

  it('recognises Cline by X-Title and by HTTP-Referer https://cline.bot', () => {
    expect(tool({ 'user-agent': 'OpenAI/JS 4.96.0', 'x-title': 'Cline', 'x-stainless-lang': 'js' })).toBe(
      'cline',
    );
    expect(tool({ 'http-referer': 'https://cline.bot', 'x-stainless-lang': 'js' })).toBe('cline');
  });

  it('recognises Aider by X-Title and by referer aider.chat', () => {
    const litellm = { 'user-agent': 'OpenAI/Python 1.99.0', 'x-stainless-lang': 'python' };
    expect(tool({ ...litellm, 'x-title': 'Aider' })).toBe('aider');
    expect(tool({ ...litellm, 'http-referer': 'https://aider.chat' })).toBe('aider');
  });

  it('recognises Continue by User-Agent, X-Title and referer', () => {
    expect(tool({ 'user-agent': 'Continue/1.2.0' })).toBe('continue');
    expect(tool({ 'x-title': 'Continue' })).toBe('continue');
    expect(tool({ referer: 'https://continue.dev' })).toBe('continue');
  });

  it('recognises Copilot by User-Agent and by Copilot-Integration-Id', () => {
    expect(tool({ 'user-agent': 'GitHubCopilotChat/0.31.0' })).toBe('copilot');
    expect(tool({ 'copilot-integration-id': 'vscode-chat', 'x-stainless-lang': 'js' })).toBe('copilot');
  });

  it('matches X-Title case-insensitively', () => {
    expect(tool({ 'x-title': 'roo code' })).toBe('roo-code');
  });
});

describe('identifyTool: SDKs by language', () => {
  it('names the Stainless SDK language with the vendor', () => {
    expect(tool({ 'x-stainless-lang': 'js' }, 'anthropic')).toBe('anthropic-sdk-js');
    expect(tool({ 'x-stainless-lang': 'python' }, 'openai')).toBe('openai-sdk-python');
  });

  it('names the Google GenAI SDK language from x-goog-api-client', () => {
    expect(tool({ 'x-goog-api-client': 'google-genai-sdk/1.30.0 gl-node/v20.19.0' }, 'google')).toBe(
      'google-sdk-js',
    );
    expect(tool({ 'x-goog-api-client': 'google-genai-sdk/1.40.0 gl-python/3.12.3' }, 'google')).toBe(
      'google-sdk-python',
    );
  });

  it('falls back to the SDK User-Agent', () => {
    expect(tool({ 'user-agent': 'OpenAI/Python 1.99.0' })).toBe('openai-sdk-python');
    expect(tool({ 'user-agent': 'OpenAI/JS 5.10.0' })).toBe('openai-sdk-js');
  });
});

describe('identifyTool: precedence and fallbacks', () => {
  it('lets the /t/<tool> prefix win over the User-Agent', () => {
    expect(
      tool({ 'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)', 'x-app': 'cli' }, 'anthropic', 'mine'),
    ).toBe('mine');
  });

  it('lets the User-Agent win over the secondary headers', () => {
    expect(tool({ 'user-agent': 'RooCode/3.25.0', 'x-title': 'Cline' })).toBe('roo-code');
  });

  it('reads the first value of a repeated header', () => {
    expect(tool({ 'user-agent': ['claude-cli/2.1.197 (external, cli)', 'other/1'] }, 'anthropic')).toBe(
      'claude-code',
    );
  });

  it('answers unknown when nothing identifies the client', () => {
    expect(tool({})).toBe('unknown');
    expect(tool({ 'user-agent': 'curl/8.5.0', accept: '*/*' })).toBe('unknown');
  });
});

describe('sessionIdOf', () => {
  it('reads Claude Code x-claude-code-session-id', () => {
    expect(sessionIdOf({ 'x-claude-code-session-id': '0b8e7c2a-1d4f-4a8e-9c3b-5f6a7b8c9d0e' }, {})).toBe(
      '0b8e7c2a-1d4f-4a8e-9c3b-5f6a7b8c9d0e',
    );
  });

  it('reads the Codex session-id header and the older session_id', () => {
    expect(sessionIdOf({ 'session-id': '019a-codex-new' }, {})).toBe('019a-codex-new');
    expect(sessionIdOf({ session_id: '019a-codex-old' }, {})).toBe('019a-codex-old');
  });

  it('prefers a header over metadata.user_id', () => {
    const body = { metadata: { user_id: 'user_abc_account_x_session_11111111-2222-3333-4444-555555555555' } };
    expect(sessionIdOf({ 'x-claude-code-session-id': 'from-header' }, body)).toBe('from-header');
  });

  it('reads session_id from a metadata.user_id that is a JSON string', () => {
    const userId = JSON.stringify({
      device_id: 'd41d8cd98f00b204e9800998ecf8427e',
      account_uuid: '',
      session_id: '7f0c3e1a-9b2d-4c5e-8f6a-1b2c3d4e5f60',
    });
    expect(sessionIdOf({}, { metadata: { user_id: userId } })).toBe('7f0c3e1a-9b2d-4c5e-8f6a-1b2c3d4e5f60');
  });

  it('reads the session from a user_<hash>_account_<id>_session_<uuid> user_id', () => {
    const body = {
      metadata: { user_id: 'user_abc123_account_x_session_5a6b7c8d-0000-4111-8222-933344445555' },
    };
    expect(sessionIdOf({}, body)).toBe('5a6b7c8d-0000-4111-8222-933344445555');
  });

  it('caps a header value at 200 characters', () => {
    expect(sessionIdOf({ 'session-id': 'a'.repeat(500) }, null)).toHaveLength(200);
  });

  it('answers null when there is no session', () => {
    expect(sessionIdOf({}, null)).toBeNull();
    expect(sessionIdOf({}, {})).toBeNull();
    expect(sessionIdOf({}, { metadata: { user_id: 42 } })).toBeNull();
    expect(sessionIdOf({}, { metadata: { user_id: 'user_plain' } })).toBeNull();
    expect(sessionIdOf({ 'session-id': '' }, 'not an object')).toBeNull();
  });
});
