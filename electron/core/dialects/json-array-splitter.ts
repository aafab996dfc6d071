/**
 * Gemini's :streamGenerateContent without alt=sse streams a single JSON array (`[{...},\r\n{...}]`) cut at
 * arbitrary byte boundaries. This emits each top-level element's text as soon as its last character arrives,
 * without parsing: it only tracks nesting depth and whether it is inside a string (and after a backslash),
 * and that state survives across feeds, so a chunk may end anywhere, even inside an escape sequence.
 * A bare top-level value that is not wrapped in an array (an error body, say) is emitted as one element.
 */
export interface JsonArraySplitter {
  feed(text: string): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

export function createJsonArraySplitter(onElement: (text: string) => void): JsonArraySplitter {
  let depth = 0; // open brackets and braces, the outer array included
  let inString = false;
  let afterBackslash = false;
  let collecting = false;
  let elementDepth = 0; // depth at which the current element started: 1 inside the outer array
  let pending = ''; // the current element's text from earlier feeds

  return {
    feed(text: string): void {
      let start = collecting ? 0 : -1;

      const finishElementAt = (end: number): void => {
        onElement(pending + text.slice(start, end));
        pending = '';
        collecting = false;
        start = -1;
      };
      const beginElementAt = (index: number): void => {
        collecting = true;
        elementDepth = depth;
        start = index;
      };

      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (inString) {
          if (afterBackslash) afterBackslash = false;
          else if (code === BACKSLASH) afterBackslash = true;
          else if (code === QUOTE) {
            inString = false;
            if (collecting && depth === elementDepth) finishElementAt(i + 1); // a top-level string element
          }
          continue;
        }
        if (code === QUOTE) {
          inString = true;
          if (!collecting) beginElementAt(i);
        } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
          const opensOuterArray = code === OPEN_BRACKET && depth === 0 && !collecting;
          if (!opensOuterArray && !collecting) beginElementAt(i);
          depth++;
        } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
          if (collecting && depth === elementDepth) finishElementAt(i); // a number or literal ended by `]`
          if (depth > 0) depth--;
          if (collecting && depth === elementDepth) finishElementAt(i + 1);
        } else if (code === COMMA || isJsonSpace(code)) {
          if (collecting && depth === elementDepth) finishElementAt(i); // a number or literal ended
        } else if (!collecting) {
          beginElementAt(i); // a number, true, false or null
        }
      }
      if (collecting) pending += text.slice(start);
    },
  };
}
