import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { maintenanceDiscontinuedRule } from '../../../src/rules/therapy/maintenance-discontinued.ts';
import { noMaintenanceTherapyRule } from '../../../src/rules/therapy/no-maintenance-therapy.ts';
import { attack, codes, patientWith, run } from '../helpers.ts';
import { therapy } from '../therapy/builders.ts';
import { lifecycles, resolved } from '../therapy/lifecycle.ts';
import { pregnancy } from './builders.ts';

/** Stopping maintenance for a pregnancy is a pause: the successor window counts from the pregnancy's end. */
const START = '2024-03-01';
const END = '2024-11-20';
const both = (events: Parameters<typeof patientWith>[0], asOf: string) => {
  const patient = patientWith([attack('2020-01-01'), ...events]);
  return [...run(maintenanceDiscontinuedRule, patient, asOf), ...run(noMaintenanceTherapyRule, patient, asOf)];
};

describe('a stop for pregnancy is not a discontinuation', () => {
  const stoppedFor = (stopDate: string, stopReason?: 'pregnancy' | 'adverse_event') =>
    therapy('azathioprine', '2020-01-01', { stopDate, ...(stopReason ? { stopReason } : {}) });

  it.each([
    ['during the pregnancy', END, []],
    ['on end + 30 (the successor window)', addDays(END, 30), []],
    ['on end + 31', addDays(END, 31), ['MAINTENANCE_DISCONTINUED', 'NO_MAINTENANCE_THERAPY']],
  ])('stop reason pregnancy, stopped before conception: as of %s', (_label, asOf, expected) => {
    const events = [stoppedFor('2024-01-15', 'pregnancy'), pregnancy(START, { endDate: END, outcome: 'live_birth' })];
    expect(codes(both(events, asOf))).toEqual(expected);
  });

  it.each([
    ['on end + 30', addDays(END, 30), []],
    ['on end + 31', addDays(END, 31), ['MAINTENANCE_DISCONTINUED', 'NO_MAINTENANCE_THERAPY']],
  ])('any stop on a day of a recorded pregnancy: as of %s', (_label, asOf, expected) => {
    const events = [
      stoppedFor('2024-04-01', 'adverse_event'),
      pregnancy(START, { endDate: END, outcome: 'live_birth' }),
    ];
    expect(codes(both(events, asOf))).toEqual(expected);
  });

  it('a stop the day before a pregnancy, for another reason, is a discontinuation as usual', () => {
    const events = [stoppedFor('2024-02-29', 'adverse_event'), pregnancy(START)];
    expect(codes(both(events, addDays('2024-02-29', 31)))).toEqual([
      'MAINTENANCE_DISCONTINUED',
      'NO_MAINTENANCE_THERAPY',
    ]);
  });

  it('the window counts from the expected end, else start + 280, while no end is recorded', () => {
    const expected = [stoppedFor('2024-04-01'), pregnancy(START, { expectedEndDate: '2024-12-06' })];
    expect(both(expected, '2025-01-05')).toEqual([]);
    expect(codes(both(expected, '2025-01-06'))).toEqual(['MAINTENANCE_DISCONTINUED', 'NO_MAINTENANCE_THERAPY']);
    const assumed = [stoppedFor('2024-04-01'), pregnancy(START)];
    const lastDay = addDays(addDays(START, 280), 30);
    expect(both(assumed, lastDay)).toEqual([]);
    expect(codes(both(assumed, addDays(lastDay, 1)))).toHaveLength(2);
  });

  it('breastfeeding does not move the window: restart is expected after delivery', () => {
    const events = [
      stoppedFor('2024-04-01'),
      pregnancy(START, { endDate: END, outcome: 'live_birth', breastfeedingUntil: '2025-06-01' }),
    ];
    expect(codes(both(events, addDays(END, 31)))).toHaveLength(2);
  });

  it('a stop for pregnancy with none recorded waits 365 days for conception', () => {
    const events = [stoppedFor('2024-01-15', 'pregnancy')];
    expect(both(events, addDays('2024-01-15', 365 + 30))).toEqual([]);
    expect(codes(both(events, addDays('2024-01-15', 365 + 31)))).toHaveLength(2);
  });

  it('the flag after the window says so, and a restart resolves it', () => {
    const events = [
      stoppedFor('2024-01-15', 'pregnancy'),
      pregnancy(START, { endDate: END, outcome: 'live_birth' }),
      therapy('rituximab', '2025-02-01'),
    ];
    const flags = run(maintenanceDiscontinuedRule, patientWith([attack('2020-01-01'), ...events]), '2025-03-01');
    expect(flags[0]?.details.pregnancyPause).toEqual({
      why: 'stop_reason',
      pregnancyStart: START,
      until: END,
      untilBasis: 'recorded',
    });
    expect(flags[0]?.message).toContain(`within 30 days of the pregnancy's end on ${END} (by ${addDays(END, 30)})`);
    expect(lifecycles(flags)).toEqual([resolved('2024-01-15', '2025-02-01', 'switched to rituximab on 2025-02-01')]);
  });

  it('a restart within the window after the pregnancy leaves no history', () => {
    const events = [
      stoppedFor('2024-01-15', 'pregnancy'),
      pregnancy(START, { endDate: END, outcome: 'live_birth' }),
      therapy('rituximab', addDays(END, 30)),
    ];
    expect(both(events, '2025-06-01')).toEqual([]);
  });
});
