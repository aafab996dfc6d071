/** Requests shaped like the ones Claude Code sends (system blocks with cache_control, several tool calls per turn). */

export const LONG_TOOL_NAME =
  'mcp__some-really-long-server-name__and_an_even_longer_tool_name_that_exceeds_limits';

export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export function claudeCodeRequest(): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-6',
    max_tokens: 32000,
    temperature: 1,
    stream: true,
    metadata: { user_id: 'user_abc_session_123' },
    stop_sequences: ['</done>'],
    thinking: { type: 'enabled', budget_tokens: 10000 },
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1' },
      { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Main instructions.', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ],
    tools: [
      {
        name: 'Read',
        description: 'Read a file',
        input_schema: {
          type: 'object',
          properties: { file_path: { type: 'string' } },
          required: ['file_path'],
        },
      },
      {
        name: 'Grep',
        description: 'Search',
        input_schema: { type: 'object', properties: { pattern: { type: 'string' } } },
      },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
      {
        name: LONG_TOOL_NAME,
        description: 'An MCP tool',
        input_schema: { type: 'object', properties: { q: { type: 'string' } } },
        cache_control: { type: 'ephemeral' },
      },
    ],
    tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>Context</system-reminder>' },
          { type: 'text', text: 'Fix the bug shown in this screenshot.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
        ],
      },
      {
        role: 'assistant',
        content: [
          {
            type: 'thinking',
            thinking: 'Let me read the file and search.',
            signature: 'EqQBCkYIBxgCKkDrealsignature',
          },
          { type: 'text', text: 'I will look at the code.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'Read', input: { file_path: '/repo/a.py' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'Grep', input: { pattern: 'def main' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: 'print("hi")' },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01B',
            content: [
              { type: 'text', text: 'a.py:1: def main' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/plot.png' } },
            ],
          },
          {
            type: 'text',
            text: '<system-reminder>Todo list empty</system-reminder>',
            cache_control: { type: 'ephemeral' },
          },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'tool_use', id: 'toolu_01C', name: LONG_TOOL_NAME, input: { q: 'docs' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01C', is_error: true, content: 'Server unavailable' },
        ],
      },
    ],
  };
}
