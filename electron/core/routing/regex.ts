/**
 * Compiles a rule's regular expression: "pattern" (case-sensitive) or "/pattern/flags". Returns the problem
 * as a string when it does not compile.
 */
export function compileRegex(source: string): RegExp | string {
  const literal = /^\/(.+)\/([dgimsuy]*)$/s.exec(source);
  try {
    // `g` and `y` make test() stateful between requests; they are dropped.
    return literal ? new RegExp(literal[1]!, literal[2]!.replace(/[gy]/g, '')) : new RegExp(source);
  } catch (error) {
    return `invalid regular expression (${(error as Error).message})`;
  }
}

/** `*` matches any run of characters and `?` one character; case-insensitive. */
export function globToRegex(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}
