import { calendarDateFromUtcDate, utcDateFromCalendarDate } from '@nmo/domain';

/**
 * A DATE column as read: Prisma gives a Date at UTC midnight; a row read as JSON (load.ts) gives
 * PostgreSQL's ISO text, `YYYY-MM-DD`, whatever the session's DateStyle.
 */
export type StoredDate = Date | string;

/** Database DATE → interchange date (UTC midnight, so no zone drift). */
export const toCalendar = (value: StoredDate): string =>
  typeof value === 'string' ? value : calendarDateFromUtcDate(value);
export const toCalendarOrUndefined = (value: StoredDate | null): string | undefined =>
  value ? toCalendar(value) : undefined;
export const toDbDate = (value: string): Date => utcDateFromCalendarDate(value);
export const toDbDateOrNull = (value: string | null | undefined): Date | null =>
  value ? utcDateFromCalendarDate(value) : null;
/** Absent optional values are NULL in the database. */
export const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
/** NULL columns are absent in the interchange format. */
export const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** Drops absent keys while keeping the key order the object literal gives (exports are deterministic). */
export function compact<T extends Record<string, unknown>>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined && value !== null) out[key] = value;
  return out as T;
}
