import { ANTHROPIC_REASONING_PREFIX } from '../../../../../electron/core/translate/responses';

/** A Farebox-packed Anthropic thinking block, as responseFromChat writes it and Codex replays it. */
export function packedThinking(thinking: string, signature: string): string {
  return ANTHROPIC_REASONING_PREFIX + Buffer.from(JSON.stringify({ thinking, signature })).toString('base64');
}

export const APPLY_PATCH_GRAMMAR = 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF';

export const PATCH =
  '*** Begin Patch\n*** Update File: src/app.ts\n@@\n-const a = 1;\n+const a = 2;\n*** End Patch\n';

/** Codex tools as 0.17x sends them: functions, a freeform apply_patch, hosted ones. */
export const CODEX_TOOLS = [
  {
    type: 'function',
    name: 'shell',
    description: 'Runs a shell command and returns its output.',
    strict: false,
    parameters: {
      type: 'object',
      properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } },
      required: ['command'],
      additionalProperties: false,
    },
  },
  {
    type: 'custom',
    name: 'apply_patch',
    description: 'Use the `apply_patch` tool to edit files.',
    format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_GRAMMAR },
  },
  { type: 'web_search' },
  { type: 'local_shell' },
];

/** A third Codex turn: two earlier turns with parallel calls, a patch, thinking from Claude, an image. */
export function codexThirdTurn(): Record<string, unknown> {
  return {
    model: 'gpt-5.5-codex',
    instructions: 'You are Codex, a coding agent.',
    input: [
      {
        type: 'message',
        role: 'developer',
        content: [
          {
            type: 'input_text',
            text: '<permissions instructions>workspace-write</permissions instructions>',
          },
        ],
      },
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '<environment_context>cwd: /repo</environment_context>' }],
      },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Why does this screenshot show a = 1?' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' },
          { type: 'input_image', file_id: 'file-abc' },
        ],
      },
      // Turn 1: Claude thought, said something, and called two tools in parallel.
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'Look at the file.' }],
        encrypted_content: packedThinking('Look at the file.', 'sig-turn-1'),
      },
      {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }],
      },
      {
        type: 'function_call',
        call_id: 'call_a',
        name: 'shell',
        arguments: '{"command":["cat","src/app.ts"]}',
      },
      { type: 'function_call', call_id: 'call_b', name: 'shell', arguments: '{"command":["git","status"]}' },
      // Outputs arrive in reverse order, one as content parts.
      { type: 'function_call_output', call_id: 'call_b', output: 'clean' },
      {
        type: 'function_call_output',
        call_id: 'call_a',
        output: [{ type: 'input_text', text: 'const a = 1;' }],
      },
      // Turn 2: an OpenAI-encrypted reasoning item (from an earlier OpenAI turn) and a patch.
      { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'gAAAAABopenai-encrypted' },
      { type: 'custom_tool_call', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: PATCH },
      { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Success. Updated src/app.ts' },
      // A hosted-tool call from a turn served by OpenAI, and an interrupted call with no output.
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
      { type: 'function_call', call_id: 'call_lost', name: 'shell', arguments: '{"command":["sleep","99"]}' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Now run the tests.' }] },
    ],
    tools: CODEX_TOOLS,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { effort: 'xhigh', summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'thread-1234',
    text: { verbosity: 'medium' },
  };
}
