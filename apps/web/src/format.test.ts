import { describe, expect, it } from 'vitest';
import { datesInText, flagTitle, formatDate, formatDateTime, setClinicDateLocale } from './format.ts';

describe('formatDate: one date format for every date a user reads', () => {
  it('writes a calendar date as day, short month and year in the clinic locale', () => {
    expect(formatDate('2024-02-03')).toBe('3 Feb 2024');
    expect(formatDate('1980-02-29')).toBe('29 Feb 1980');
  });

  it('never drifts a day, whatever the browser time zone (calendar dates are read in UTC)', () => {
    expect(formatDate('2024-01-01')).toBe('1 Jan 2024');
    expect(formatDate('2024-12-31')).toBe('31 Dec 2024');
  });

  it('follows another locale when the clinic sets one', () => {
    expect(formatDate('2024-02-03', 'en-US')).toBe('Feb 3, 2024');
    expect(formatDate('2024-02-03', 'de-DE')).toBe('3. Feb. 2024');
  });

  it("uses the clinic's locale setting once the shell has read it", () => {
    setClinicDateLocale('en-US');
    try {
      expect(formatDate('2024-02-03')).toBe('Feb 3, 2024');
    } finally {
      setClinicDateLocale('en-GB');
    }
    expect(formatDate('2024-02-03')).toBe('3 Feb 2024');
  });

  it('shows a dash for a missing date and leaves text that is not a date as it is', () => {
    expect(formatDate(null)).toBe('–');
    expect(formatDate(undefined)).toBe('–');
    expect(formatDate('unknown')).toBe('unknown');
  });

  it('writes a moment with its time in the same day-month-year order', () => {
    const local = new Date(2024, 1, 3, 14, 5);
    expect(formatDateTime(local)).toBe('3 Feb 2024, 14:05');
    expect(formatDateTime(null)).toBe('–');
  });
});

describe('flagTitle: flags by title, never by code', () => {
  it('writes codes as a sentence with the clinical acronyms kept', () => {
    expect(flagTitle('EDSS_OVERDUE')).toBe('EDSS overdue');
    expect(flagTitle('LOW_IGG')).toBe('Low IgG');
    expect(flagTitle('BREAKTHROUGH_RELAPSE')).toBe('Breakthrough relapse');
  });
});

describe('datesInText: the server sentences read in the clinic date format', () => {
  it('rewrites every ISO date and leaves other numbers alone', () => {
    expect(datesInText('Attack on 2026-09-06 (day 20); next due 2027-01-31, 601 days overdue', 'en-GB')).toBe(
      'Attack on 6 Sept 2026 (day 20); next due 31 Jan 2027, 601 days overdue',
    );
    expect(datesInText('doi:10.1007/s00415-023-11910-z', 'en-GB')).toBe('doi:10.1007/s00415-023-11910-z');
  });
});
