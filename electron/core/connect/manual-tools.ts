import type { ToolConnection } from '../../../shared/dashboard';

/** Tools Farebox does not configure itself: a snippet to copy, and an honest note where one is due. */
export interface ManualTool {
  tool: Extract<ToolConnection['tool'], 'cursor' | 'aider' | 'continue' | 'cline'>;
  title: string;
  snippet: (proxyUrl: string) => string;
  note: string | null;
}

export const MANUAL_TOOLS: readonly ManualTool[] = [
  {
    tool: 'cursor',
    title: 'Cursor',
    snippet: () =>
      [
        '# Cursor → Settings → Models → OpenAI API Key → "Override OpenAI Base URL":',
        'https://<public HTTPS tunnel to Farebox>/t/cursor/v1',
        '# A localhost URL does not work here: Cursor calls this URL from its own servers.',
        '',
      ].join('\n'),
    note:
      'Cursor sends its model calls through Cursor’s own servers, not from your machine, so a proxy on ' +
      'localhost never sees them. Only its "Override OpenAI Base URL" (bring-your-own-key) traffic can go ' +
      'through Farebox, and only via a public HTTPS URL (a tunnel) – your key then passes through Cursor’s ' +
      'servers. Tab completion and Cursor’s built-in models never use the override.',
  },
  {
    tool: 'aider',
    title: 'Aider',
    snippet: (url) =>
      [
        `aider --openai-api-base ${url}/t/aider/v1 --model openai/<model>`,
        '',
        '# or in the environment:',
        `export OPENAI_API_BASE=${url}/t/aider/v1`,
        '# Claude models:',
        `export ANTHROPIC_BASE_URL=${url}/t/aider`,
        '',
      ].join('\n'),
    note: null,
  },
  {
    tool: 'continue',
    title: 'Continue',
    snippet: (url) =>
      [
        '# ~/.continue/config.yaml, on each model:',
        'models:',
        '  - name: GPT via Farebox',
        '    provider: openai',
        '    model: <model>',
        `    apiBase: ${url}/t/continue/v1`,
        '  - name: Claude via Farebox',
        '    provider: anthropic',
        '    model: <model>',
        `    apiBase: ${url}/t/continue/v1`,
        '',
      ].join('\n'),
    note: null,
  },
  {
    tool: 'cline',
    title: 'Cline',
    snippet: (url) =>
      [
        '# Cline → API Provider "OpenAI Compatible":',
        `Base URL: ${url}/t/cline/v1`,
        'API Key:  your provider key (or anything, when Farebox has its own key)',
        'Model ID: <model>',
        '',
        '# or API Provider "Anthropic" → "Use custom base URL":',
        `${url}/t/cline`,
        '',
      ].join('\n'),
    note: null,
  },
];
