import { describe, expect, it } from 'vitest';
import {
  applyClaude,
  claudeIsApplied,
  revertClaude,
} from '../../../../electron/core/connect/claude-settings';
import { applyGemini, geminiIsApplied, revertGemini } from '../../../../electron/core/connect/gemini-env';

const URL = 'http://127.0.0.1:3273';

describe('Claude Code settings.json', () => {
  it('adds env.ANTHROPIC_BASE_URL after the other variables, as 2-space JSON', () => {
    expect(applyClaude('{"env":{"A":"1"},"model":"opus"}', URL)).toBe(
      `{\n  "env": {\n    "A": "1",\n    "ANTHROPIC_BASE_URL": "${URL}"\n  },\n  "model": "opus"\n}`,
    );
  });

  it('keeps a byte-order mark, CRLF and the final newline; an empty file counts as {}', () => {
    expect(applyClaude('\uFEFF{\r\n  "model": "opus"\r\n}\r\n', URL)).toBe(
      `\uFEFF{\r\n  "model": "opus",\r\n  "env": {\r\n    "ANTHROPIC_BASE_URL": "${URL}"\r\n  }\r\n}\r\n`,
    );
    expect(applyClaude('', URL)).toBe(`{\n  "env": {\n    "ANTHROPIC_BASE_URL": "${URL}"\n  }\n}\n`);
  });

  it('refuses what it cannot edit without losing something', () => {
    expect(() => applyClaude('[1]', URL)).toThrow(/not a JSON object/);
    expect(() => applyClaude('{"env":"x"}', URL)).toThrow(/"env" is not an object/);
    expect(() => applyClaude('// comment\n{}', URL)).toThrow(/not valid JSON/);
  });

  it('isApplied compares the exact URL', () => {
    expect(claudeIsApplied(applyClaude(null, URL), URL)).toBe(true);
    expect(claudeIsApplied(applyClaude(null, `${URL}/t/x`), URL)).toBe(false);
    expect(claudeIsApplied('{"env":"x"}', URL)).toBe(false);
    expect(claudeIsApplied(null, URL)).toBe(false);
  });

  it('revert puts back the original value, or removes the key and an env that only held it', () => {
    const withGateway = '{"env":{"ANTHROPIC_BASE_URL":"https://gw"}}';
    const edited = JSON.stringify({ env: { ANTHROPIC_BASE_URL: URL }, theme: 'dark' });
    expect(JSON.parse(revertClaude(edited, withGateway, URL)!)).toEqual({
      env: { ANTHROPIC_BASE_URL: 'https://gw' },
      theme: 'dark',
    });
    expect(JSON.parse(revertClaude(edited, '{}', URL)!)).toEqual({ theme: 'dark' });
    expect(JSON.parse(revertClaude(edited, '{"env":{}}', URL)!)).toEqual({ env: {}, theme: 'dark' });
    // Nothing left of a file that did not exist: it goes.
    expect(revertClaude(JSON.stringify({ env: { ANTHROPIC_BASE_URL: URL } }), null, URL)).toBeNull();
    // A URL the user changed since is theirs.
    const theirs = '{"env":{"ANTHROPIC_BASE_URL":"https://other"}}';
    expect(revertClaude(theirs, null, URL)).toBe(theirs);
  });
});

describe('Gemini CLI .env', () => {
  it('reads values as dotenv does (quotes, comments, export, the last assignment wins)', () => {
    expect(geminiIsApplied(`GOOGLE_GEMINI_BASE_URL="${URL}"\n`, URL)).toBe(true);
    expect(geminiIsApplied(`GOOGLE_GEMINI_BASE_URL='${URL}' # farebox\n`, URL)).toBe(true);
    expect(geminiIsApplied(`export GOOGLE_GEMINI_BASE_URL = ${URL} # farebox`, URL)).toBe(true);
    expect(geminiIsApplied(`GOOGLE_GEMINI_BASE_URL=${URL}\nGOOGLE_GEMINI_BASE_URL=https://x\n`, URL)).toBe(
      false,
    );
    expect(geminiIsApplied(`# GOOGLE_GEMINI_BASE_URL=${URL}\n`, URL)).toBe(false);
    expect(geminiIsApplied(`MY_GOOGLE_GEMINI_BASE_URL=${URL}\n`, URL)).toBe(false);
  });

  it('apply replaces every assignment and leaves other lines alone', () => {
    const source = 'A=1\nGOOGLE_GEMINI_BASE_URL=https://x\n  GOOGLE_GEMINI_BASE_URL=https://y # z\nB=2';
    expect(applyGemini(source, URL)).toBe(
      `A=1\nGOOGLE_GEMINI_BASE_URL=${URL}\n  GOOGLE_GEMINI_BASE_URL=${URL}\nB=2`,
    );
    expect(applyGemini('A=1', URL)).toBe(`A=1\nGOOGLE_GEMINI_BASE_URL=${URL}\n`);
    expect(applyGemini('A=1\r\n', URL)).toBe(`A=1\r\nGOOGLE_GEMINI_BASE_URL=${URL}\r\n`);
  });

  it('revert restores the original assignment or removes ours', () => {
    const applied = `A=1\nGOOGLE_GEMINI_BASE_URL=${URL}\nB=2\n`;
    expect(revertGemini(applied, 'A=1\nGOOGLE_GEMINI_BASE_URL="https://x"\n', URL)).toBe(
      'A=1\nGOOGLE_GEMINI_BASE_URL="https://x"\nB=2\n',
    );
    expect(revertGemini(applied, 'A=1\n', URL)).toBe('A=1\nB=2\n');
    expect(revertGemini(`GOOGLE_GEMINI_BASE_URL=${URL}\n`, null, URL)).toBeNull();
  });
});
