import { applyEdits, endsWithBlankLine, lineBreakOf, linesAt, type TextEdit } from './text-edits';
import { fullPath, scanToml, startsWith, tomlString, tomlStringValue, type TomlStatement } from './toml-scan';

/**
 * Codex's ~/.codex/config.toml, edited as text so that comments, order and every other table stay byte for
 * byte: a top-level `model_provider = "farebox"` and a `[model_providers.farebox]` table (README "Pointing your
 * tools at Farebox"). A farebox table the user already has keeps its other keys; only ours are set.
 */

export const CODEX_PROVIDER_ID = 'farebox';
const PROVIDER_PATH = ['model_providers', CODEX_PROVIDER_ID];
const SETTING_KEYS = ['name', 'base_url', 'wire_api', 'env_key', 'supports_websockets'] as const;

export class CodexConfigError extends Error {}

/** The provider table's keys and TOML values, in the order they are written. */
export function codexProviderSettings(proxyUrl: string): Array<[string, string]> {
  return [
    ['name', tomlString('Farebox')],
    ['base_url', tomlString(`${proxyUrl}/v1`)],
    ['wire_api', tomlString('responses')],
    // Codex sends this variable's value as the Bearer token; Farebox passes it on (or swaps in its own key).
    ['env_key', tomlString('OPENAI_API_KEY')],
    // Farebox answers a WebSocket upgrade with 426; this skips the attempt.
    ['supports_websockets', 'false'],
  ];
}

/** The lines a user would add by hand (the connect screen's snippet). */
export function codexSnippet(proxyUrl: string): string {
  return [
    `model_provider = "${CODEX_PROVIDER_ID}"`,
    '',
    `[model_providers.${CODEX_PROVIDER_ID}]`,
    ...codexProviderSettings(proxyUrl).map(([key, value]) => `${key} = ${value}`),
    '',
  ].join('\n');
}

export function codexIsApplied(text: string | null, proxyUrl: string): boolean {
  if (text === null) return false;
  let statements: TomlStatement[];
  try {
    statements = scanToml(text);
  } catch {
    return false;
  }
  const value = (path: string[]) => {
    const found = statements.find((s) => s.kind === 'keyvalue' && samePath(fullPath(s), path));
    return found ? tomlStringValue(text.slice(found.valueStart, found.valueEnd)) : null;
  };
  return (
    value(['model_provider']) === CODEX_PROVIDER_ID &&
    value([...PROVIDER_PATH, 'base_url']) === `${proxyUrl}/v1` &&
    value([...PROVIDER_PATH, 'wire_api']) === 'responses'
  );
}

/** The file with Farebox's provider selected; throws CodexConfigError when it cannot be edited safely. */
export function applyCodex(text: string | null, proxyUrl: string): string {
  const source = text ?? '';
  const nl = lineBreakOf(source);
  const statements = scan(source);
  for (const s of statements) {
    if (s.kind === 'keyvalue' && s.table.length === 0 && samePath(s.key, ['model_providers'])) {
      throw new CodexConfigError(
        'model_providers is written as an inline table; add the farebox provider to it by hand',
      );
    }
    if (s.kind === 'array-table' && startsWith(PROVIDER_PATH, s.key)) {
      throw new CodexConfigError(`[[${s.key.join('.')}]] is an array of tables; Codex expects a table`);
    }
  }
  const edits: TextEdit[] = [];

  const selected = topLevel(statements, 'model_provider');
  if (selected) {
    edits.push({ start: selected.valueStart, end: selected.valueEnd, text: tomlString(CODEX_PROVIDER_ID) });
  } else {
    edits.push(
      topLevelInsertion(source, statements, `model_provider = ${tomlString(CODEX_PROVIDER_ID)}`, nl),
    );
  }

  const settings = codexProviderSettings(proxyUrl);
  const header = statements.find((s) => s.kind === 'table' && samePath(s.key, PROVIDER_PATH));
  if (header) {
    const pairs = sectionPairs(statements, header);
    const missing: string[] = [];
    for (const [key, value] of settings) {
      const pair = pairs.find((p) => samePath(p.key, [key]));
      if (pair) edits.push({ start: pair.valueStart, end: pair.valueEnd, text: value });
      else missing.push(`${key} = ${value}`);
    }
    if (missing.length > 0) {
      const at = (pairs[pairs.length - 1] ?? header).end;
      edits.push({ start: at, end: at, text: linesAt(source, at, missing, nl) });
    }
  } else {
    // A farebox provider written as dotted keys or an inline table would clash with the new table.
    for (const s of statements) {
      if (s.kind === 'keyvalue' && startsWith(fullPath(s), PROVIDER_PATH)) {
        edits.push({ start: s.start, end: s.end, text: '' });
      }
    }
    const edited = applyEdits(source, edits);
    const lines = [`[${PROVIDER_PATH.join('.')}]`, ...settings.map(([key, value]) => `${key} = ${value}`)];
    const separator =
      edited === '' ? '' : (edited.endsWith('\n') ? '' : nl) + (endsWithBlankLine(edited) ? '' : nl);
    return edited + separator + lines.map((line) => line + nl).join('');
  }
  return applyEdits(source, edits);
}

/**
 * Takes Farebox out of a file that changed since it was applied (the backup alone would lose those changes):
 * `model_provider` goes back to what it was if it still names farebox; the farebox provider goes if the
 * original had none, else its keys that Farebox set get their original values back.
 */
export function revertCodex(current: string, original: string | null): string | null {
  const statements = scan(current);
  const originalStatements = original === null ? [] : scan(original);
  const nl = lineBreakOf(current);
  const edits: TextEdit[] = [];

  const selected = topLevel(statements, 'model_provider');
  if (
    selected &&
    tomlStringValue(current.slice(selected.valueStart, selected.valueEnd)) === CODEX_PROVIDER_ID
  ) {
    const before = topLevel(originalStatements, 'model_provider');
    if (before) {
      const text = original!.slice(before.valueStart, before.valueEnd);
      edits.push({ start: selected.valueStart, end: selected.valueEnd, text });
    } else {
      edits.push({ start: selected.start, end: selected.end, text: '' });
    }
  }

  const originalDefinitions = originalStatements.filter(
    (s) => (s.kind === 'keyvalue' || s.kind === 'table') && startsWith(fullPath(s), PROVIDER_PATH),
  );
  const originalHeader = originalStatements.find((s) => s.kind === 'table' && samePath(s.key, PROVIDER_PATH));
  const header = statements.find((s) => s.kind === 'table' && samePath(s.key, PROVIDER_PATH));
  if (originalDefinitions.length === 0) {
    edits.push(...providerRemoval(statements));
  } else if (originalHeader && header) {
    const pairs = sectionPairs(statements, header);
    const originalPairs = sectionPairs(originalStatements, originalHeader);
    const missing: string[] = [];
    for (const key of SETTING_KEYS) {
      const pair = pairs.find((p) => samePath(p.key, [key]));
      const before = originalPairs.find((p) => samePath(p.key, [key]));
      const beforeValue = before ? original!.slice(before.valueStart, before.valueEnd) : null;
      if (pair && beforeValue !== null)
        edits.push({ start: pair.valueStart, end: pair.valueEnd, text: beforeValue });
      else if (pair) edits.push({ start: pair.start, end: pair.end, text: '' });
      else if (beforeValue !== null) missing.push(`${key} = ${beforeValue}`);
    }
    if (missing.length > 0) {
      const at = (pairs[pairs.length - 1] ?? header).end;
      edits.push({ start: at, end: at, text: linesAt(current, at, missing, nl) });
    }
  }
  let reverted = applyEdits(current, edits);
  // A removed table at the end leaves the blank line that separated it.
  if (!endsWithBlankLine(current)) reverted = reverted.replace(/(\r?\n)(?:[ \t]*\r?\n)+$/, '$1');
  return original === null && reverted.trim() === '' ? null : reverted;
}

function scan(text: string): TomlStatement[] {
  try {
    return scanToml(text);
  } catch (error) {
    throw new CodexConfigError(`not valid TOML (${(error as Error).message})`);
  }
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}

function topLevel(statements: TomlStatement[], key: string): TomlStatement | undefined {
  return statements.find((s) => s.kind === 'keyvalue' && s.table.length === 0 && samePath(s.key, [key]));
}

/** The key/value pairs of the table that `header` opens (up to the next header). */
function sectionPairs(statements: TomlStatement[], header: TomlStatement): TomlStatement[] {
  const pairs: TomlStatement[] = [];
  for (let i = statements.indexOf(header) + 1; i < statements.length; i++) {
    const s = statements[i]!;
    if (s.kind === 'table' || s.kind === 'array-table') break;
    if (s.kind === 'keyvalue') pairs.push(s);
  }
  return pairs;
}

/**
 * Where a new top-level key goes: after the last top-level pair; with none, before the first table (and the
 * comment lines directly above it, which describe that table), else at the end.
 */
function topLevelInsertion(source: string, statements: TomlStatement[], line: string, nl: string): TextEdit {
  const firstHeader = statements.findIndex((s) => s.kind === 'table' || s.kind === 'array-table');
  const region = firstHeader === -1 ? statements : statements.slice(0, firstHeader);
  const lastPair = region.findLast((s) => s.kind === 'keyvalue');
  if (lastPair)
    return { start: lastPair.end, end: lastPair.end, text: linesAt(source, lastPair.end, [line], nl) };
  if (firstHeader === -1) {
    const at = source.length;
    return { start: at, end: at, text: linesAt(source, at, [line], nl) };
  }
  let index = firstHeader;
  while (index > 0 && statements[index - 1]!.kind === 'comment') index--;
  const at = statements[index]!.start;
  return { start: at, end: at, text: line + nl + nl };
}

/** Edits that remove every definition of the farebox provider (its tables, their pairs, dotted keys). */
function providerRemoval(statements: TomlStatement[]): TextEdit[] {
  const edits: TextEdit[] = [];
  let section: { first: number; last: number } | null = null;
  const close = () => {
    if (!section) return;
    // Blank lines around a removed table would double up: the one before it goes too.
    const before = statements[section.first - 1];
    const after = statements[section.last + 1];
    const takeBlank = before?.kind === 'blank' && (after === undefined || after.kind === 'blank');
    const start = takeBlank ? before.start : statements[section.first]!.start;
    edits.push({ start, end: statements[section.last]!.end, text: '' });
    section = null;
  };
  statements.forEach((s, i) => {
    if (s.kind === 'table' || s.kind === 'array-table') {
      close();
      if (startsWith(s.key, PROVIDER_PATH)) section = { first: i, last: i };
    } else if (section) {
      // Comments and blank lines after a table's last pair belong to what follows.
      if (s.kind === 'keyvalue') section.last = i;
    } else if (s.kind === 'keyvalue' && startsWith(fullPath(s), PROVIDER_PATH)) {
      edits.push({ start: s.start, end: s.end, text: '' });
    }
  });
  close();
  return edits;
}
