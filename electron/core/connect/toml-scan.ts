/**
 * A TOML reader just deep enough to edit a config file in place: it splits the text into statements (blank
 * lines, comments, table headers, key/value pairs) with their exact offsets, so that an edit can replace one
 * value or insert one line and leave every other byte of the file alone. Values are skipped, not parsed
 * (multi-line strings and arrays included), except for reading a plain string back.
 */

export type StatementKind = 'blank' | 'comment' | 'table' | 'array-table' | 'keyvalue';

export interface TomlStatement {
  kind: StatementKind;
  /** Offset of the statement's first character (its line start). */
  start: number;
  /** Offset just past its line break (or the end of the text). */
  end: number;
  /** Header: the table path. Key/value: the (dotted) key. */
  key: string[];
  /** Key/value: the table the pair belongs to (the last header above it; [] at the top level). */
  table: string[];
  /** Key/value: the exact span of the value text. */
  valueStart: number;
  valueEnd: number;
}

export class TomlScanError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function scanToml(text: string): TomlStatement[] {
  return new Scanner(text).statements();
}

/** The decoded value of a one-line basic or literal string, else null. */
export function tomlStringValue(raw: string): string | null {
  if (raw.startsWith("'") && !raw.startsWith("'''")) {
    return raw.length >= 2 && raw.endsWith("'") ? raw.slice(1, -1) : null;
  }
  if (raw.startsWith('"') && !raw.startsWith('"""')) {
    try {
      return new Scanner(raw).basicStringAt(0).value;
    } catch {
      return null;
    }
  }
  return null;
}

/** A TOML basic string for the value (JSON escapes are all valid TOML escapes). */
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** Every statement's full key path: table path plus key for pairs, the path itself for headers. */
export function fullPath(statement: TomlStatement): string[] {
  return statement.kind === 'keyvalue' ? [...statement.table, ...statement.key] : statement.key;
}

export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => path[i] === part);
}

const BARE_KEY = /[A-Za-z0-9_-]/;

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  statements(): TomlStatement[] {
    const out: TomlStatement[] = [];
    let table: string[] = [];
    if (this.text.startsWith('\uFEFF')) this.pos = 1;
    while (this.pos < this.text.length) {
      const start = out.length === 0 ? 0 : this.pos;
      this.skipSpaces();
      const c = this.text[this.pos];
      const base = { start, key: [] as string[], table, valueStart: -1, valueEnd: -1 };
      if (c === undefined || this.atLineBreak()) {
        this.endLine();
        out.push({ ...base, kind: 'blank', end: this.pos });
      } else if (c === '#') {
        this.skipComment();
        this.endLine();
        out.push({ ...base, kind: 'comment', end: this.pos });
      } else if (c === '[') {
        const array = this.text[this.pos + 1] === '[';
        this.pos += array ? 2 : 1;
        const key = this.key(']');
        if (!this.text.startsWith(array ? ']]' : ']', this.pos)) this.fail(`expected ${array ? ']]' : ']'}`);
        this.pos += array ? 2 : 1;
        this.finishLine();
        table = key;
        out.push({ ...base, kind: array ? 'array-table' : 'table', key, table: key, end: this.pos });
      } else {
        const key = this.key('=');
        if (this.text[this.pos] !== '=') this.fail('expected "=" after a key');
        this.pos++;
        this.skipSpaces();
        const valueStart = this.pos;
        const valueEnd = this.value();
        this.finishLine();
        out.push({ ...base, kind: 'keyvalue', key, valueStart, valueEnd, end: this.pos });
      }
    }
    return out;
  }

  basicStringAt(at: number): { value: string; end: number } {
    this.pos = at + 1;
    let value = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n' || c === '\r') this.fail('unterminated string');
      if (c === '"') return { value, end: ++this.pos };
      if (c === '\\') {
        value += this.escape();
      } else {
        value += c;
        this.pos++;
      }
    }
  }

  /** A dotted key up to `terminator` (not consumed). */
  private key(terminator: string): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.text[this.pos];
      if (c === '"') {
        if (this.text.startsWith('"""', this.pos)) this.fail('a key cannot be a multi-line string');
        parts.push(this.basicStringAt(this.pos).value);
      } else if (c === "'") {
        const close = this.text.indexOf("'", this.pos + 1);
        const line = this.lineEndFrom(this.pos);
        if (close === -1 || close > line) this.fail('unterminated string');
        parts.push(this.text.slice(this.pos + 1, close));
        this.pos = close + 1;
      } else {
        const from = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos]!)) this.pos++;
        if (this.pos === from) this.fail('expected a key');
        parts.push(this.text.slice(from, this.pos));
      }
      this.skipSpaces();
      if (this.text[this.pos] === '.') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== terminator) this.fail(`expected "${terminator}"`);
      return parts;
    }
  }

  /** Skips one value; returns the offset just past it. */
  private value(): number {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") {
      this.skipString();
      return this.pos;
    }
    if (c === '[' || c === '{') {
      let depth = 0;
      for (;;) {
        const d = this.text[this.pos];
        if (d === undefined) this.fail(`unterminated ${c === '[' ? 'array' : 'inline table'}`);
        if (d === '"' || d === "'") {
          this.skipString();
          continue;
        }
        if (d === '#') {
          this.skipComment();
          continue;
        }
        this.pos++;
        if (d === '[' || d === '{') depth++;
        else if (d === ']' || d === '}') {
          depth--;
          if (depth === 0) return this.pos;
        }
      }
    }
    // Numbers, booleans, dates (which may contain one space): up to a comment or the line's end.
    const from = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== '#' && !this.atLineBreak()) this.pos++;
    let end = this.pos;
    while (end > from && (this.text[end - 1] === ' ' || this.text[end - 1] === '\t')) end--;
    if (end === from) this.fail('expected a value');
    this.pos = end;
    return end;
  }

  private skipString(): void {
    const quote = this.text[this.pos]!;
    const triple = quote.repeat(3);
    if (this.text.startsWith(triple, this.pos)) {
      this.pos += 3;
      const close = this.findClose(triple, quote === '"');
      if (close === -1) this.fail('unterminated multi-line string');
      this.pos = close + 3;
      // Up to two quotes right before the closing delimiter belong to the content ("""a"""" is `a"`).
      for (let extra = 0; extra < 2 && this.text[this.pos] === quote; extra++) this.pos++;
      return;
    }
    if (quote === '"') {
      this.basicStringAt(this.pos);
      return;
    }
    const close = this.text.indexOf("'", this.pos + 1);
    if (close === -1 || close > this.lineEndFrom(this.pos)) this.fail('unterminated string');
    this.pos = close + 1;
  }

  /** The next unescaped `delimiter` from pos (backslash escapes count only in basic strings). */
  private findClose(delimiter: string, escapes: boolean): number {
    let i = this.pos;
    while (i < this.text.length) {
      if (escapes && this.text[i] === '\\') {
        i += 2;
        continue;
      }
      if (this.text.startsWith(delimiter, i)) return i;
      i++;
    }
    return -1;
  }

  private escape(): string {
    const e = this.text[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = {
      b: '\b',
      t: '\t',
      n: '\n',
      f: '\f',
      r: '\r',
      e: '\x1b',
      '"': '"',
      '\\': '\\',
    };
    if (e !== undefined && e in simple) return simple[e]!;
    const digits = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
    if (digits === 0) this.fail('invalid escape in a string');
    const hex = this.text.slice(this.pos, this.pos + digits);
    if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) this.fail('invalid escape in a string');
    this.pos += digits;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail('invalid escape in a string');
    return String.fromCodePoint(code);
  }

  /** After a header or value: optional spaces and a comment, then the line's end. */
  private finishLine(): void {
    this.skipSpaces();
    if (this.text[this.pos] === '#') this.skipComment();
    if (this.pos < this.text.length && !this.atLineBreak()) this.fail('unexpected text after the value');
    this.endLine();
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private skipComment(): void {
    while (this.pos < this.text.length && !this.atLineBreak()) this.pos++;
  }

  private atLineBreak(): boolean {
    const c = this.text[this.pos];
    return c === '\n' || (c === '\r' && this.text[this.pos + 1] === '\n');
  }

  private endLine(): void {
    if (this.text[this.pos] === '\r') this.pos++;
    if (this.text[this.pos] === '\n') this.pos++;
  }

  private lineEndFrom(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end === -1 ? this.text.length : end;
  }

  private fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new TomlScanError(line, message);
  }
}
