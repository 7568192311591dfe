import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { THERAPY_RULES } from '../../../src/rules/therapy/index.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { patientWith, run } from '../helpers.ts';

const START = '2015-01-01';
const day = fc.integer({ min: 0, max: 6 * 365 }).map((offset) => addDays(START, offset));
const AGENTS: TherapyAgent[] = [
  'rituximab',
  'ocrelizumab',
  'eculizumab',
  'ravulizumab',
  'azathioprine',
  'satralizumab',
  'natalizumab',
  'interferon_beta',
  'ahsct',
];

/** Records the therapy rules read, dense enough for episodes to start, end and overlap. */
const eventArbitrary: fc.Arbitrary<TimelineEvent> = fc.oneof(
  fc
    .record({
      agent: fc.constantFrom(...AGENTS),
      startDate: day,
      length: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
      doses: fc.array(fc.integer({ min: 1, max: 900 }), { maxLength: 4 }),
    })
    .map(({ agent, startDate, length, doses }) => ({
      type: 'therapy' as const,
      agent,
      startDate,
      ...(length === undefined ? {} : { stopDate: addDays(startDate, length) }),
      // The first dose on the start day (a course whose first recorded dose comes later moves its first-dose date).
      administrations: [0, ...new Set(doses.filter((d) => length === undefined || d <= length))].map((d) => ({
        date: addDays(startDate, d),
      })),
    })),
  fc
    .record({ onsetDate: day, plex: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }) })
    .map(({ onsetDate, plex }) => ({
      type: 'relapse' as const,
      onsetDate,
      phenotype: 'transverse_myelitis' as const,
      severity: 'severe' as const,
      acuteTreatments: plex === undefined ? [] : [{ type: 'plex' as const, startDate: addDays(onsetDate, plex) }],
    })),
  fc.record({
    type: fc.constant('lab' as const),
    date: day,
    test: fc.constantFrom('igg' as const, 'cd19_percent' as const, 'hbsag' as const, 'anti_hbc' as const),
    value: fc.constantFrom(0.05, 0.5, 500, 900),
  }),
  fc.record({
    type: fc.constant('vaccination' as const),
    date: day,
    vaccine: fc.constantFrom('menacwy' as const, 'menb' as const),
  }),
  fc.record({
    type: fc.constant('mri' as const),
    date: day,
    region: fc.constant('spinal_cord' as const),
    extensiveSegments: fc.integer({ min: 2, max: 5 }),
  }),
  day.map((date) => ({
    type: 'antibody' as const,
    date,
    antibody: 'AQP4' as const,
    assay: 'cba_live' as const,
    result: 'positive' as const,
  })),
);

const scenario = fc.record({
  events: fc.uniqueArray(eventArbitrary, { maxLength: 14, selector: (event) => JSON.stringify(event) }),
  asOf: fc.integer({ min: 0, max: 7 * 365 }).map((offset) => addDays(START, offset)),
  later: fc.integer({ min: 1, max: 3 * 365 }),
});

/** A flag's identity across as-of dates: code, date, and what it is about. */
function keyOf(flag: Flag): string {
  const d = flag.details;
  return JSON.stringify([
    flag.code,
    flag.date,
    d.agent ?? d.agents ?? null,
    d.plexStartDate ?? null,
    d.startDate ?? null,
  ]);
}

describe('lifecycle properties of the therapy rules', () => {
  it('statuses are well-formed, one current episode at most, and a resolved or expired flag stays so, unchanged, on every later day', () => {
    fc.assert(
      fc.property(scenario, ({ events, asOf, later }) => {
        const patient = patientWith(events);
        const laterDay = addDays(asOf, later);
        for (const rule of THERAPY_RULES) {
          const now = run(rule, patient, asOf);
          for (const flag of now) {
            expect(flag.date <= asOf).toBe(true);
            if (flag.status === 'open')
              expect(flag.resolvedOn ?? flag.resolution ?? flag.details.expiredOn).toBeUndefined();
            if (flag.status === 'resolved') {
              expect((flag.resolvedOn ?? '9999') <= asOf).toBe(true);
              expect(flag.resolution?.length ?? 0).toBeGreaterThan(10);
            }
            if (flag.status === 'expired') {
              expect(typeof flag.details.expiredOn === 'string' && flag.details.expiredOn <= asOf).toBe(true);
              expect(flag.resolvedOn).toBeUndefined();
            }
          }
          // Recurring conditions: only the current episode may be open.
          for (const code of ['NO_MAINTENANCE_THERAPY', 'LOW_IGG'])
            expect(now.filter((flag) => flag.code === code && flag.status === 'open').length).toBeLessThanOrEqual(1);
          const keys = now.map(keyOf);
          const then = new Map(run(rule, patient, laterDay).map((flag) => [keyOf(flag), flag]));
          for (const flag of now) {
            if (flag.status === 'open' || keys.indexOf(keyOf(flag)) !== keys.lastIndexOf(keyOf(flag))) continue;
            const after = then.get(keyOf(flag));
            expect({
              code: flag.code,
              status: after?.status,
              resolvedOn: after?.resolvedOn,
              resolution: after?.resolution,
              expiredOn: after?.details.expiredOn,
            }).toEqual({
              code: flag.code,
              status: flag.status,
              resolvedOn: flag.resolvedOn,
              resolution: flag.resolution,
              expiredOn: flag.details.expiredOn,
            });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
