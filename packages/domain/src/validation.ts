import type { z } from 'zod';

/** A validation failure on one field, as users and API clients see it. */
export interface FieldError {
  /** JSON path such as `patients[3].events[7].score`; empty for the whole document. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** Turns a ZodError into one plain-language error per field, in document order. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({ path: formatPath([...issue.path, key]), message: 'is not a known field' });
    } else if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
      const path = issue.path.at(-1) === issue.discriminator ? issue.path : [...issue.path, issue.discriminator];
      errors.push({ path: formatPath(path), message: 'is not a known event type' });
    } else {
      errors.push({ path: formatPath(issue.path), message: plainIssueMessage(issue) });
    }
  }
  return errors;
}

/**
 * One issue's message in plain words: Zod's own defaults ("Invalid input: expected number, received
 * string") become "must be a number"; our schemas' messages are kept. The forms use it too, so a
 * field shows the same words before and after the server checks it.
 */
export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  // Zod's defaults start "Invalid …" or "Too …"; our schemas' own messages are kept as written.
  if (!/^(Invalid|Too (small|big))\b/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      // Issues carry no input unless asked for; Zod's own wording says whether the value was missing.
      if (/received undefined$/.test(issue.message)) return 'is required';
      return issue.expected === 'int' ? 'must be a whole number' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return boundMessage('at least', 'more than', issue.minimum, issue.inclusive, issue.origin);
    case 'too_big':
      return boundMessage('at most', 'less than', issue.maximum, issue.inclusive, issue.origin);
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return `is not a valid ${issue.format.replaceAll('_', ' ')}`;
    default:
      return 'is not valid';
  }
}

function boundMessage(
  inclusiveWords: string,
  exclusiveWords: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
  origin: string,
): string {
  const words = inclusive === false ? exclusiveWords : inclusiveWords;
  if (origin === 'string')
    return Number(bound) === 1 && words === 'at least' ? 'must not be empty' : `must be ${words} ${bound} characters`;
  if (origin === 'array' || origin === 'set') return `must have ${words} ${bound} items`;
  return `must be ${words} ${bound}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}

/** Orders errors as they appear in the document (array indices compared as numbers). */
export function compareFieldPaths(a: string, b: string): number {
  const split = (p: string) => p.split(/[.[\]]+/).filter(Boolean);
  const sa = split(a);
  const sb = split(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string;
    const y = sb[i] as string;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return 0;
  }
  return sa.length - sb.length;
}

/**
 * Text PostgreSQL cannot store or that is not text at all: a NUL character (U+0000; PostgreSQL's
 * text and jsonb refuse it) or half of a surrogate pair (not valid Unicode, cannot be written as UTF-8).
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isUnsafeText = (text: string): boolean => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates (invalid text)';

/**
 * Every string (and object key) in a JSON-like value that is unsafe text, as field errors with
 * their paths; at most `limit` of them. Run on input before anything reads or stores it.
 */
export function unsafeTextErrors(value: unknown, limit = 20): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (inner: unknown, path: PropertyKey[]) => {
    if (errors.length >= limit) return;
    if (typeof inner === 'string') {
      if (isUnsafeText(inner)) errors.push({ path: formatPath(path), message: UNSAFE_TEXT_MESSAGE });
    } else if (Array.isArray(inner)) {
      inner.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    } else if (inner !== null && typeof inner === 'object') {
      for (const [key, item] of Object.entries(inner)) {
        if (isUnsafeText(key))
          errors.push({ path: formatPath(path), message: `has a key that ${UNSAFE_TEXT_MESSAGE}` });
        visit(item, [...path, key]);
      }
    }
  };
  visit(value, []);
  return errors;
}
