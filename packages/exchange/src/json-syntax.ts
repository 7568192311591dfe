/**
 * A JSON syntax error as a person can act on it: "line 12, column 5: not valid JSON: …". Node 20's
 * JSON.parse says "at position N" (a character offset) for most errors, but nothing for "Unexpected
 * token" and "Unexpected end of JSON input"; there the place is found by scanning the text (RFC 8259).
 * Node quotes the file around an unexpected token; that quote is dropped, as the file may hold
 * patient data and import errors are shown and logged.
 */
export function jsonSyntaxMessage(text: string, error: Error): string {
  const position = /\bat position (\d+)/.exec(error.message);
  const offset = position ? Number(position[1]) : jsonErrorOffset(text);
  const reason = error.message
    .replace(/^(Unexpected token .+?), (\.\.\.)?".*is not valid JSON$/s, '$1')
    // "in JSON at position 7", and Node 22's "(line 1 column 8)" after it.
    .replace(/ (in JSON )?at position \d+.*$/s, '');
  return `${offset === undefined ? '' : `${lineAndColumn(text, offset)}: `}not valid JSON: ${reason}`;
}

/** 1-based; CRLF, LF and a lone CR each end a line, and a character outside the BMP is one column, as in editors. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  let column = 1 + (offset - end);
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    // The second half of a surrogate pair is not a character of its own.
    if (code < 0xdc00 || code > 0xdfff) column++;
  }
  return `line ${line}, column ${column}`;
}

const ESCAPES = new Set([...'"\\/bfnrt']);
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * The offset of the first character that cannot continue valid JSON (the text's length when it ends
 * too soon), or undefined for valid JSON. Containers are tracked on a list, not by recursion, so a
 * deeply nested file cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  };
  const digits = () => {
    const start = i;
    while (isDigit(text[i])) i++;
    return i > start;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    for (;;) {
      // Control characters must be escaped inside strings.
      if (i >= text.length || text.charCodeAt(i) < 0x20) return false;
      const c = text[i++];
      if (c === '"') return true;
      if (c !== '\\') continue;
      if (text[i] !== 'u') {
        if (!ESCAPES.has(text[i] ?? '')) return false;
        i++;
        continue;
      }
      for (let k = 1; k <= 4; k++)
        if (!HEX_DIGIT.test(text[i + k] ?? '')) {
          i += k;
          return false;
        }
      i += 5;
    }
  };
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!digits()) return false;
    if (text[i] === '.') {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (): boolean => {
    const word = ['true', 'false', 'null'].find((candidate) => candidate[0] === text[i]);
    if (!word) return false;
    for (const character of word) {
      if (text[i] !== character) return false;
      i++;
    }
    return true;
  };
  const member = (): boolean => {
    if (!string()) return false;
    skipSpace();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };

  const closers: string[] = [];
  for (;;) {
    // A value, or the opening of a container whose first value comes next.
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      const closer = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] !== closer) {
        if (closer === '}' && !member()) return i;
        closers.push(closer);
        continue;
      }
      i++;
    } else if (c === '"') {
      if (!string()) return i;
    } else if (c === '-' || isDigit(c)) {
      if (!number()) return i;
    } else if (!literal()) return i;
    // After a value: close containers until a comma asks for the next value.
    for (;;) {
      skipSpace();
      const closer = closers.at(-1);
      if (closer === undefined) return i < text.length ? i : undefined;
      if (text[i] === ',') {
        i++;
        if (closer === '}') {
          skipSpace();
          if (!member()) return i;
        }
        break;
      }
      if (text[i] !== closer) return i;
      i++;
      closers.pop();
    }
  }
}
