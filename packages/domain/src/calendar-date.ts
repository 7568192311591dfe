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

/**
 * Days since 1970-01-01 for a valid calendar date. Plain arithmetic (the proleptic Gregorian
 * calendar's day count, H. Hinnant's days_from_civil): the rules convert dates some hundred
 * thousand times per patient, and Date.parse with its string building was a quarter of a
 * whole-cohort flag refresh (docs/PERFORMANCE.md). A day past its month's end rolls over as
 * Date.parse does ('2024-02-30' is 2024-03-01); anything not shaped YYYY-MM-DD goes to Date.parse.
 */
export function toDayNumber(date: CalendarDate): number {
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 2);
  const day = digits(date, 8, 2);
  const shaped = date.length === 10 && date[4] === '-' && date[7] === '-' && year >= 0;
  if (!shaped || !(month >= 1 && month <= 12) || !(day >= 1 && day <= 31))
    return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - DAYS_FROM_ERA_START_TO_EPOCH;
}

/** The calendar date of a day number (toDayNumber's inverse; H. Hinnant's civil_from_days). */
export function fromDayNumber(day: number): CalendarDate {
  if (!Number.isInteger(day)) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const z = day + DAYS_FROM_ERA_START_TO_EPOCH;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  // toISOString writes years outside 0–9999 with a sign and six digits.
  if (year < 0 || year > 9999) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/** Days in 400 Gregorian years, and from 0000-03-01 (an era's start) to 1970-01-01. */
const DAYS_PER_ERA = 146_097;
const DAYS_FROM_ERA_START_TO_EPOCH = 719_468;

/** The number written by `length` ASCII digits at `start`, or NaN. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
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
  // Its UTC day, by fromDayNumber's arithmetic (every stored date of every record goes through here).
  return fromDayNumber(Math.floor(value.getTime() / MS_PER_DAY));
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
