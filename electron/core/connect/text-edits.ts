/** A replacement of text[start, end) (an insertion when start === end). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits in one pass; edits at the same offset apply in the order given, so several
 * insertions at the end of a file come out in order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, order) => ({ edit, order }));
  sorted.sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
  let out = '';
  let cursor = 0;
  for (const { edit } of sorted) {
    if (edit.start < cursor) throw new Error('overlapping text edits');
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** The file's line break: CRLF when it already uses one, else LF. */
export function lineBreakOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Text to insert at `at` so that `lines` start on a line of their own and end with a line break. */
export function linesAt(text: string, at: number, lines: readonly string[], nl: string): string {
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  return (needsBreak ? nl : '') + lines.map((line) => line + nl).join('');
}

/** Whether the text ends with an empty line (or is empty), so a new block needs no blank line before it. */
export function endsWithBlankLine(text: string): boolean {
  return text === '' || /(^|\n)[ \t]*\r?\n$/.test(text);
}
