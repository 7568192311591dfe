/**
 * Calendar dates as 'YYYY-MM-DD' strings: a clinic date has no time and no zone, so it is never
 * held in a Date object whose meaning depends on TZ. Arithmetic goes through UTC days only.
 */
export type CalendarDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isCalendarDate(value: string): boolean {
  const match = PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
}

/** Days since 1970-01-01 for a valid calendar date. */
export function toDayNumber(date: CalendarDate): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

export function fromDayNumber(day: number): CalendarDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
/** The later of two calendar dates. */
export const laterDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);
/** The earlier of two calendar dates. */
export const earlierDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? b : a);

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Today in the clinic's own time zone (the process's TZ), not in UTC. */
export function todayInClinic(now: Date = new Date()): CalendarDate {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A database DATE arrives as a Date at UTC midnight; this reads it back without zone drift. */
export function calendarDateFromUtcDate(value: Date): CalendarDate {
  return value.toISOString().slice(0, 10);
}

export function utcDateFromCalendarDate(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/**
 * Completed years of age on a day. Someone born on 29 February turns a year older on 1 March in
 * common years (the day after 28 February), as civil-age rules in most jurisdictions count it.
 */
export function ageInYears(birthDate: CalendarDate, on: CalendarDate): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
