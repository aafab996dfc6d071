import { lineBreakOf } from './text-edits';

/**
 * Gemini CLI's ~/.gemini/.env (a dotenv file it loads at start): `GOOGLE_GEMINI_BASE_URL` names the proxy.
 * Only that variable's lines change; every other line stays byte for byte.
 */

export const GEMINI_BASE_URL_VAR = 'GOOGLE_GEMINI_BASE_URL';

const LINE = new RegExp(`^([ \\t]*(?:export[ \\t]+)?)${GEMINI_BASE_URL_VAR}[ \\t]*=(.*)$`);

interface Line {
  text: string;
  /** The line break after it ('' for a last line without one). */
  br: string;
}

export function geminiIsApplied(text: string | null, proxyUrl: string): boolean {
  if (text === null) return false;
  // dotenv: a later assignment wins.
  const last = splitLines(text).findLast((line) => LINE.test(line.text));
  return last !== undefined && valueOf(last.text) === proxyUrl;
}

export function applyGemini(text: string | null, proxyUrl: string): string {
  const source = text ?? '';
  const lines = splitLines(source);
  const assignment = `${GEMINI_BASE_URL_VAR}=${proxyUrl}`;
  let found = false;
  for (const line of lines) {
    const match = LINE.exec(line.text);
    if (!match) continue;
    found = true;
    line.text = match[1] + assignment;
  }
  if (found) return joinLines(lines);
  const nl = lineBreakOf(source);
  return source + (source === '' || source.endsWith('\n') ? '' : nl) + assignment + nl;
}

/**
 * Takes the variable out of a file that changed since it was applied: its lines get the original value back,
 * or go. Null: nothing is left of a file that did not exist before.
 */
export function revertGemini(current: string, original: string | null, appliedUrl: string): string | null {
  const lines = splitLines(current);
  const ours = lines.filter((line) => LINE.test(line.text) && valueOf(line.text) === appliedUrl);
  if (ours.length === 0) return current;
  const before = original === null ? undefined : splitLines(original).findLast((l) => LINE.test(l.text));
  const kept = before
    ? lines.map((line) => (ours.includes(line) ? { ...line, text: before.text } : line))
    : lines.filter((line) => !ours.includes(line));
  const text = joinLines(kept);
  return original === null && text.trim() === '' ? null : text;
}

export function geminiSnippet(proxyUrl: string): string {
  return [
    `export ${GEMINI_BASE_URL_VAR}=${proxyUrl}`,
    'export GEMINI_API_KEY=<your Gemini API key>',
    '',
    '# or for every session, in ~/.gemini/.env:',
    `${GEMINI_BASE_URL_VAR}=${proxyUrl}`,
    '',
  ].join('\n');
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\n]*?)(\r?\n|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    lines.push({ text: match[1]!, br: match[2]! });
  }
  return lines;
}

function joinLines(lines: readonly Line[]): string {
  return lines.map((line) => line.text + line.br).join('');
}

/** The value as dotenv reads it: quotes removed, or an unquoted value up to a ` #` comment. */
function valueOf(line: string): string {
  const raw = (LINE.exec(line)?.[2] ?? '').trim();
  const quoted = /^(['"`])(.*)\1/.exec(raw);
  if (quoted) return quoted[2]!;
  return raw.replace(/\s+#.*$/, '').trim();
}
