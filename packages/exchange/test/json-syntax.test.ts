import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeImportProblems, detectImportFormat, parseImportText, parseTimelineJson } from '../src/index.ts';
import { jsonErrorOffset } from '../src/json-syntax.ts';

const EXAMPLE = await readFile(new URL('./fixtures/design-example.json', import.meta.url), 'utf8');

const errorsOf = (text: string) => {
  const parsed = parseTimelineJson(text);
  return parsed.ok ? [] : parsed.errors.map((error) => `${error.path}: ${error.message}`);
};
/** The 1-based line and column of an offset, counted here independently of the code under test. */
function at(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}

describe('JSON files with a byte-order mark', () => {
  it('are read like the same file without it, by the importer too', () => {
    const withBom = `\uFEFF${EXAMPLE}`;
    const parsed = parseTimelineJson(withBom);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(parsed).toEqual(parseTimelineJson(EXAMPLE));
    const format = detectImportFormat(undefined, withBom);
    expect(format).toBe('json');
    expect(parseImportText(withBom, format).ok).toBe(true);
  });
});

describe('JSON syntax errors', () => {
  it('a truncated file: the line and column where the text ends', () => {
    // Cut inside `true`, where Node's message ("Unexpected end of JSON input") gives no position.
    const cut = EXAMPLE.slice(0, EXAMPLE.indexOf('true') + 2);
    expect(errorsOf(cut)).toEqual([`: ${at(cut, cut.length)}: not valid JSON: Unexpected end of JSON input`]);
    // Cut inside a string, where the message gives a position.
    const inString = EXAMPLE.slice(0, EXAMPLE.indexOf('Maria') + 2);
    expect(errorsOf(inString)).toEqual([`: ${at(inString, inString.length)}: not valid JSON: Unterminated string`]);
  });

  it('a trailing comma: the line and column of the closing bracket after it', () => {
    const text = EXAMPLE.replace('"score": 3.5 }', '"score": 3.5, }');
    const offset = text.indexOf('"score": 3.5, }') + '"score": 3.5, '.length;
    expect(errorsOf(text)).toEqual([`: ${at(text, offset)}: not valid JSON: Expected double-quoted property name`]);
    const inList = '{\n  "format": "nmo-timeline",\n  "version": 1,\n  "patients": [],\n}\n';
    expect(errorsOf(inList)).toEqual([': line 5, column 1: not valid JSON: Expected double-quoted property name']);
  });

  it('an error on a later line of a file with a byte-order mark: the mark is not a column', () => {
    const missingComma = '\uFEFF{\n  "format": "nmo-timeline",\n  "version": 1\n  "patients": []\n}\n';
    expect(errorsOf(missingComma)).toEqual([
      `: line 4, column 3: not valid JSON: Expected ',' or '}' after property value`,
    ]);
    // Node's "Unexpected token" messages give no position; and they quote the file, which is not repeated.
    const wrongBracket = '\uFEFF{\n  "format": "nmo-timeline",\n  "version": 1,\n  "patients": [}\n';
    expect(errorsOf(wrongBracket)).toEqual([": line 4, column 16: not valid JSON: Unexpected token '}'"]);
  });

  it('counts CRLF and lone CR line ends once, and a character outside the BMP as one column', () => {
    expect(errorsOf('{\r\n"a": 1,\r\n"b": x}')).toEqual([": line 3, column 6: not valid JSON: Unexpected token 'x'"]);
    expect(errorsOf('{\r"a": "😀", x}')).toEqual([
      ': line 2, column 11: not valid JSON: Expected double-quoted property name',
    ]);
  });

  it('the scan finds the place JSON.parse names, wherever its message names one', () => {
    // Every one-character deletion of the example, and insertions of characters that break JSON.
    const variants = [...EXAMPLE].flatMap((_, offset) => [
      EXAMPLE.slice(0, offset) + EXAMPLE.slice(offset + 1),
      ...[',', '}', ']', '"', 'x', '0', '.', '\\', '\u0001'].map(
        (c) => EXAMPLE.slice(0, offset) + c + EXAMPLE.slice(offset),
      ),
    ]);
    let compared = 0;
    const disagreements: string[] = [];
    for (const text of variants) {
      const found = jsonErrorOffset(text);
      let message = '';
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      const position = /at position (\d+)/.exec(message);
      if (!message || !position) {
        if ((found === undefined) !== !message) disagreements.push(`${message || 'valid'}: ${found}`);
        continue;
      }
      compared++;
      if (found !== Number(position[1])) disagreements.push(`${message}: ${found}`);
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });

  it('are listed by the importer with their line and column', () => {
    const parsed = parseImportText('{\n  "format": "nmo-timeline",\n  "version": 1,\n  "patients": [}\n', 'json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(describeImportProblems(parsed.errors)).toBe("line 4, column 16: not valid JSON: Unexpected token '}'");
  });
});
