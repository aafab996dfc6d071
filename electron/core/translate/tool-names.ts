import { createHash } from 'node:crypto';

/** OpenAI and Gemini cap function names at 64 characters. */
const MAX_LENGTH = 64;
/** Letters, digits, "_" and "-" only (Anthropic refuses ".", Gemini a leading digit): valid for every target. */
const VALID = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * Maps tool names the target would reject (too long, odd characters; MCP tools often are) to short,
 * deterministic ones, and back. Deterministic, so every turn of a conversation maps a name the same way
 * without any state kept between requests.
 */
export class ToolNameMap {
  private readonly toClientNames = new Map<string, string>();

  /** The name to send upstream; remembers how to restore it. */
  toUpstream(name: string): string {
    if (VALID.test(name)) return name;
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
    const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z_]/, '_');
    const short = `${cleaned.slice(0, MAX_LENGTH - 9)}_${hash}`;
    this.toClientNames.set(short, name);
    return short;
  }

  /** The client's original name for a name that came back from upstream. */
  toClient(name: string): string {
    return this.toClientNames.get(name) ?? name;
  }
}
