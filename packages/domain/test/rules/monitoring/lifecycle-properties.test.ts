import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { LAB_TESTS, MRI_REGIONS, RELAPSE_PHENOTYPES } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { eventIdentity } from '../../../src/records/event.ts';
import { MONITORING_RULES } from '../../../src/rules/monitoring/index.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { patientWith, run } from '../helpers.ts';

const START = '2018-01-01';
const day = fc.integer({ min: 0, max: 6 * 365 }).map((offset) => addDays(START, offset));

const event: fc.Arbitrary<TimelineEvent> = fc.oneof(
  fc.record({ type: fc.constant('edss' as const), date: day, score: fc.constant(3) }),
  fc.record({ type: fc.constant('mri' as const), date: day, region: fc.constantFrom(...MRI_REGIONS) }),
  fc.record({
    type: fc.constant('visual' as const),
    date: day,
    eye: fc.constantFrom('OD' as const, 'OS' as const),
    logmar: fc.constant(0.1),
  }),
  fc.record({
    type: fc.constant('relapse' as const),
    onsetDate: day,
    phenotype: fc.constantFrom(...RELAPSE_PHENOTYPES),
    severity: fc.constant('moderate' as const),
  }),
  fc.record({
    type: fc.constant('antibody' as const),
    date: day,
    antibody: fc.constant('AQP4' as const),
    assay: fc.constant('cba_live' as const),
    result: fc.constantFrom('positive' as const, 'negative' as const),
  }),
  fc
    .record({
      agent: fc.constantFrom('azathioprine' as const, 'mycophenolate' as const),
      startDate: day,
      length: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
    })
    .map(({ agent, startDate, length }) => ({
      type: 'therapy' as const,
      agent,
      startDate,
      ...(length === undefined ? {} : { stopDate: addDays(startDate, length) }),
    })),
  fc.record({
    type: fc.constant('lab' as const),
    date: day,
    test: fc.constantFrom(...LAB_TESTS.filter((test) => test !== 'tpmt')),
    value: fc.constant(5),
  }),
  fc.record({
    type: fc.constant('lab' as const),
    date: day,
    test: fc.constant('tpmt' as const),
    result: fc.constant('normal' as const),
  }),
);

const timeline = fc.record({
  events: fc.uniqueArray(event, { maxLength: 30, selector: (e) => eventIdentity(e as TimelineEvent) }),
  asOf: fc.integer({ min: 0, max: 7 * 365 }).map((offset) => addDays(START, offset)),
  aqp4Status: fc.constantFrom('positive' as const, 'negative' as const, 'unknown' as const),
  diagnosisDate: fc.option(day, { nil: undefined }),
});

/** The series a flag belongs to: only one flag of a series may be open (the current episode). */
function series(flag: Flag): string {
  if (flag.code === 'MRI_OVERDUE' && flag.details.reason === 'attack_without_mri') return `MRI attack ${flag.date}`;
  if (flag.code === 'LAB_MONITORING_OVERDUE') return `LAB ${flag.details.agent} ${flag.details.test}`;
  return `${flag.code} ${String(flag.details.reason ?? '')}`;
}

describe('monitoring lifecycle, for any timeline', () => {
  it('at most one open flag per series; resolutions are records between the flag and as-of; expiries after the flag', () => {
    fc.assert(
      fc.property(timeline, ({ events, asOf, aqp4Status, diagnosisDate }) => {
        const patient = patientWith(events, { aqp4Status, ...(diagnosisDate ? { diagnosisDate } : {}) });
        for (const rule of MONITORING_RULES) {
          const flags = run(rule, patient, asOf);
          const open = flags.filter((flag) => flag.status === 'open').map(series);
          expect(new Set(open).size).toBe(open.length);
          for (const flag of flags) {
            expect(flag.date <= asOf).toBe(true);
            if (flag.status === 'resolved') {
              expect(flag.resolvedOn && flag.resolvedOn <= asOf).toBe(true);
              expect(flag.resolution?.length).toBeGreaterThan(10);
            } else {
              expect(flag.resolvedOn).toBeUndefined();
            }
            if (flag.status === 'expired') expect(String(flag.details.expiredOn) <= asOf).toBe(true);
            // An episode is resolved on or after the day it is dated (the due day, the onset, the first dose).
            if (flag.code !== 'LAB_MONITORING_OVERDUE' || flag.details.test !== 'tpmt') {
              if (flag.resolvedOn) expect(flag.resolvedOn >= flag.date).toBe(true);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a flag open on one day is there on any later day under the same date (open, resolved or expired)', () => {
    fc.assert(
      fc.property(timeline, fc.integer({ min: 1, max: 800 }), ({ events, asOf, aqp4Status }, days) => {
        const patient = patientWith(events, { aqp4Status });
        for (const rule of MONITORING_RULES) {
          const later = run(rule, patient, addDays(asOf, days)).map((flag) => `${series(flag)} ${flag.date}`);
          for (const flag of run(rule, patient, asOf).filter((f) => f.status === 'open')) {
            expect(later).toContain(`${series(flag)} ${flag.date}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
