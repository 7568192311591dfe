import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageInYears,
  calendarDateFromUtcDate,
  daysBetween,
  isCalendarDate,
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
