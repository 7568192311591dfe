import { z } from 'zod';
import { isCalendarDate } from '../calendar-date.ts';

/** Error for a wrong type: "is required" when the field is missing, else `message`. */
export function expected(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

/** A calendar date written YYYY-MM-DD (no time, no zone). */
export const calendarDate = z
  .string({ error: expected('must be a date written YYYY-MM-DD') })
  .refine(isCalendarDate, { error: 'must be a real calendar date written YYYY-MM-DD' });

/** A number within [min, max]; the message names the range so the user can fix it. */
export function boundedNumber(min: number, max: number, unit = '') {
  const suffix = unit ? ` ${unit}` : '';
  return z
    .number({ error: expected('must be a number') })
    .refine((v) => Number.isFinite(v) && v >= min && v <= max, { error: `must be between ${min} and ${max}${suffix}` });
}

/** A whole number within [min, max]. */
export function boundedInteger(min: number, max: number) {
  return z
    .number({ error: expected('must be a whole number') })
    .refine((v) => Number.isInteger(v) && v >= min && v <= max, {
      error: `must be a whole number between ${min} and ${max}`,
    });
}

export function positiveNumber(max: number, unit = '') {
  const suffix = unit ? ` ${unit}` : '';
  return z.number({ error: expected('must be a number') }).refine((v) => Number.isFinite(v) && v > 0 && v <= max, {
    error: `must be greater than 0 and at most ${max}${suffix}`,
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: expected(`must be one of ${values.join(', ')}`) });
}

/** Free text: trimmed length limits only. Never exported to researchers (DESIGN.md roles). */
export function freeText(max: number) {
  return z.string({ error: expected('must be text') }).max(max, { error: `must be at most ${max} characters` });
}
