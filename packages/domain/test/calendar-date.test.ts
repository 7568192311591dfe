import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageInYears,
  calendarDateFromUtcDate,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  toDayNumber,
  todayInClinic,
  utcDateFromCalendarDate,
} from '../src/calendar-date.ts';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2016-01-10', true],
    ['2016-1-10', false],
    ['2016-13-01', false],
    ['2016-04-31', false],
    ['2016-01-10T00:00:00Z', false],
    ['', false],
  ])('%s is a calendar date: %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    // Days across the US and EU daylight-saving changes are whole days, whatever TZ the process has.
    ['2026-03-07', 2, '2026-03-09'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-11-01', -1, '2026-10-31'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('survives the trip through a database DATE (UTC midnight) unchanged in any TZ', () => {
    for (let day = 0; day < 800; day += 7) {
      const date = addDays('2025-01-01', day);
      expect(calendarDateFromUtcDate(utcDateFromCalendarDate(date))).toBe(date);
    }
  });

  it("today is the clinic's local date, not UTC's", () => {
    expect(todayInClinic(new Date(2026, 10, 24, 0, 5))).toBe('2026-11-24');
    expect(todayInClinic(new Date(2026, 10, 23, 23, 55))).toBe('2026-11-23');
  });
});

describe('ageInYears', () => {
  it.each([
    ['1980-06-15', '2020-06-14', 39],
    ['1980-06-15', '2020-06-15', 40],
    ['1980-06-15', '1980-06-15', 0],
    ['2000-02-29', '2021-02-28', 20],
    ['2000-02-29', '2021-03-01', 21],
    ['2000-02-29', '2024-02-29', 24],
    ['1999-12-31', '2000-01-01', 0],
  ])('born %s, on %s: %i', (birth, on, age) => {
    expect(ageInYears(birth, on)).toBe(age);
  });
});

describe('day numbers (arithmetic, checked against Date)', () => {
  const byDate = {
    to: (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000,
    from: (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10),
  };

  it('agree with Date on every day from 1600 to 2400, and back', () => {
    for (let day = byDate.to('1600-01-01'); day <= byDate.to('2400-12-31'); day++) {
      const date = byDate.from(day);
      if (fromDayNumber(day) !== date || toDayNumber(date) !== day)
        expect([day, fromDayNumber(day)]).toEqual([day, date]);
    }
  });

  it('agree with Date at the ends of the representable years and beyond them', () => {
    for (const date of ['0000-01-01', '0000-02-29', '0001-03-01', '9999-12-31', '1970-01-01', '1969-12-31'])
      expect(toDayNumber(date)).toBe(byDate.to(date));
    for (const day of [byDate.to('0000-01-01') - 1, byDate.to('9999-12-31') + 1, 2.5, -0.5])
      expect(fromDayNumber(day)).toBe(byDate.from(day));
  });

  it('roll a day past its month over as Date.parse does, and give NaN where it does', () => {
    for (const date of ['2024-02-30', '2023-02-29', '2024-04-31', '2024-12-31', '2100-02-29', '2000-02-30'])
      expect(toDayNumber(date)).toBe(byDate.to(date));
    expect(fromDayNumber(toDayNumber('2023-02-29'))).toBe('2023-03-01');
    for (const bad of ['2024-13-01', '2024-00-10', '2024-01-32', '2024-01-00', '24-01-01', '2024/01/01', 'x', ''])
      expect(toDayNumber(bad)).toBeNaN();
  });

  it('read a stored Date as its UTC day, whatever its time, as toISOString does', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (value) => {
        expect(calendarDateFromUtcDate(value)).toBe(value.toISOString().slice(0, 10));
      }),
      { numRuns: 20_000 },
    );
    expect(() => calendarDateFromUtcDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('agree with Date on any day of years 0 to 9999 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: byDate.to('0000-01-01'), max: byDate.to('9999-12-31') }), (day) => {
        const date = byDate.from(day);
        expect(fromDayNumber(day)).toBe(date);
        expect(toDayNumber(date)).toBe(day);
      }),
      { numRuns: 20_000 },
    );
  });
});
