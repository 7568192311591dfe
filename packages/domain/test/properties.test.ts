import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, daysBetween } from '../src/calendar-date.ts';
import {
  ACUTE_TREATMENT_TYPES,
  LAB_TESTS,
  MRI_REGIONS,
  RELAPSE_PHENOTYPES,
  RELAPSE_SEVERITIES,
  THERAPY_AGENTS,
} from '../src/enums.ts';
import { patientMetrics } from '../src/metrics/patient-metrics.ts';
import { EDSS_STEPS } from '../src/records/edss.ts';
import { eventIdentity, type TimelineEvent } from '../src/records/event.ts';
import { evaluateFlags, ruleContext } from '../src/rules/engine.ts';
import { patientWith } from './rules/helpers.ts';

const START = '2010-01-01';
const day = fc.integer({ min: 0, max: 15 * 365 }).map((offset) => addDays(START, offset));

const eventArbitrary: fc.Arbitrary<TimelineEvent> = fc.oneof(
  fc.record({
    type: fc.constant('edss' as const),
    date: day,
    score: fc.constantFrom(...EDSS_STEPS),
  }),
  fc
    .record({
      type: fc.constant('relapse' as const),
      onsetDate: day,
      phenotype: fc.constantFrom(...RELAPSE_PHENOTYPES),
      severity: fc.constantFrom(...RELAPSE_SEVERITIES),
      acuteTreatments: fc.array(
        fc.record({
          type: fc.constantFrom(...ACUTE_TREATMENT_TYPES),
          offset: fc.integer({ min: 0, max: 40 }),
          days: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    })
    .map(({ acuteTreatments, ...relapse }) => ({
      ...relapse,
      acuteTreatments: acuteTreatments.map(({ offset, days, type }) => ({
        type,
        startDate: addDays(relapse.onsetDate, offset),
        ...(days === undefined ? {} : { days }),
      })),
    })),
  fc
    .record({
      type: fc.constant('therapy' as const),
      agent: fc.constantFrom(...THERAPY_AGENTS),
      startDate: day,
      length: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
      doses: fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 4 }),
    })
    .map(({ length, doses, ...therapy }) => ({
      ...therapy,
      ...(length === undefined ? {} : { stopDate: addDays(therapy.startDate, length) }),
      administrations: [...new Set(doses.filter((d) => length === undefined || d <= length))].map((d) => ({
        date: addDays(therapy.startDate, d),
        doseMg: 1000,
      })),
    })),
  fc.record({
    type: fc.constant('lab' as const),
    date: day,
    test: fc.constantFrom(...LAB_TESTS),
    value: fc.double({ min: 0, max: 2000, noNaN: true }),
  }),
  fc.record({
    type: fc.constant('mri' as const),
    date: day,
    region: fc.constantFrom(...MRI_REGIONS),
    extensiveSegments: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    type: fc.constant('vaccination' as const),
    date: day,
    vaccine: fc.constantFrom('menacwy' as const, 'menb' as const),
  }),
  fc.record({
    type: fc.constant('visual' as const),
    date: day,
    eye: fc.constantFrom('OD' as const, 'OS' as const),
    logmar: fc.constant(0.2),
  }),
);

const timelineArbitrary = fc.record({
  // A valid timeline never holds two events of one identity (same kind and date): the format
  // rejects the repeat and the database's identity index refuses it.
  events: fc.uniqueArray(eventArbitrary, { maxLength: 25, selector: (event) => eventIdentity(event as TimelineEvent) }),
  asOf: fc.integer({ min: 0, max: 17 * 365 }).map((offset) => addDays(START, offset)),
  aqp4Status: fc.constantFrom('positive' as const, 'negative' as const, 'unknown' as const),
});

/** The event moved `days` later: every date in it (onset, start, stop, acute treatments, doses). */
function shiftEvent(event: TimelineEvent, days: number): TimelineEvent {
  const later = (date: CalendarDate) => addDays(date, days);
  switch (event.type) {
    case 'relapse':
      return {
        ...event,
        onsetDate: later(event.onsetDate),
        ...(event.acuteTreatments
          ? { acuteTreatments: event.acuteTreatments.map((t) => ({ ...t, startDate: later(t.startDate) })) }
          : {}),
      };
    case 'therapy':
      return {
        ...event,
        startDate: later(event.startDate),
        ...(event.stopDate ? { stopDate: later(event.stopDate) } : {}),
        ...(event.administrations
          ? { administrations: event.administrations.map((a) => ({ ...a, date: later(a.date) })) }
          : {}),
      };
    case 'pregnancy':
      return {
        ...event,
        startDate: later(event.startDate),
        ...(event.expectedEndDate ? { expectedEndDate: later(event.expectedEndDate) } : {}),
        ...(event.endDate ? { endDate: later(event.endDate) } : {}),
        ...(event.breastfeedingUntil ? { breastfeedingUntil: later(event.breastfeedingUntil) } : {}),
      };
    case 'prophylaxis':
      return {
        ...event,
        startDate: later(event.startDate),
        ...(event.stopDate ? { stopDate: later(event.stopDate) } : {}),
      };
    default:
      return { ...event, date: later(event.date) };
  }
}

/**
 * The same timeline with records dated after `asOf` added, nothing else changed: new events
 * (generated from START and shifted past as-of, skipping any whose identity is taken); on each
 * attack an acute treatment after as-of; on each therapy not stopped by as-of a dose after as-of
 * (by its stop), and a stop after as-of when it has none. Dates are `k` days after as-of (at least
 * 1), never before the event's own date.
 */
function withLaterRecords(
  events: readonly TimelineEvent[],
  asOf: CalendarDate,
  extra: readonly TimelineEvent[],
  k: readonly number[],
): TimelineEvent[] {
  const after = (i: number, notBefore: CalendarDate) => {
    const date = addDays(asOf, 1 + (k[i % k.length] ?? 0));
    return date < notBefore ? notBefore : date;
  };
  const extended = events.map((event, i): TimelineEvent => {
    if (event.type === 'relapse') {
      const treatment = {
        type: ACUTE_TREATMENT_TYPES[i % ACUTE_TREATMENT_TYPES.length] ?? 'ivmp',
        startDate: after(i, event.onsetDate),
      };
      return { ...event, acuteTreatments: [...(event.acuteTreatments ?? []), treatment] };
    }
    if (event.type === 'therapy') {
      const dose = after(i, event.startDate);
      if (!event.stopDate) {
        // A stop after as-of (not before the added dose) and a dose after as-of.
        const stopDate = after(i + 1, dose);
        return {
          ...event,
          stopDate,
          administrations: [...(event.administrations ?? []), { date: dose, doseMg: 1000 }],
        };
      }
      // Stopped by as-of: a dose after the stop would not be valid. Stopped later: a dose by the stop.
      if (event.stopDate <= asOf) return event;
      const date = [dose, event.stopDate].sort()[0] ?? dose; // the earlier (ISO dates sort as text)
      return { ...event, administrations: [...(event.administrations ?? []), { date, doseMg: 1000 }] };
    }
    return event;
  });
  const taken = new Set(extended.map(eventIdentity));
  const shift = daysBetween(START, asOf) + 1;
  for (const event of extra.map((e) => shiftEvent(e, shift))) {
    if (taken.has(eventIdentity(event))) continue;
    taken.add(eventIdentity(event));
    extended.push(event);
  }
  return extended;
}

describe('properties of the rules engine', () => {
  it('records dated after the as-of date never change any flag of any code, or its status', () => {
    fc.assert(
      fc.property(
        timelineArbitrary,
        fc.array(eventArbitrary, { maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 5 }),
        ({ events, asOf, aqp4Status }, extra, k) => {
          const later = withLaterRecords(events, asOf, extra, k);
          const before = evaluateFlags(patientWith(events, { aqp4Status }), asOf);
          expect(evaluateFlags(patientWith(later, { aqp4Status }), asOf)).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the order events were entered never changes the flags or the metrics', () => {
    fc.assert(
      fc.property(timelineArbitrary, fc.infiniteStream(fc.nat()), ({ events, asOf, aqp4Status }, randomness) => {
        const shuffled = [...events]
          .map((event) => ({ event, key: randomness.next().value }))
          .sort((a, b) => a.key - b.key)
          .map((entry) => entry.event);
        const original = patientWith(events, { aqp4Status });
        const reordered = patientWith(shuffled, { aqp4Status });
        expect(evaluateFlags(reordered, asOf)).toEqual(evaluateFlags(original, asOf));
        expect(patientMetrics(ruleContext(reordered, asOf))).toEqual(patientMetrics(ruleContext(original, asOf)));
      }),
      { numRuns: 300 },
    );
  });

  it('ARR times follow-up equals the attack count, overall and per therapy episode', () => {
    fc.assert(
      fc.property(timelineArbitrary, ({ events, asOf }) => {
        const metrics = patientMetrics(ruleContext(patientWith(events), asOf));
        if (metrics.annualizedRelapseRate !== null && metrics.followUpYears !== null) {
          expect(metrics.annualizedRelapseRate * metrics.followUpYears).toBeCloseTo(metrics.attackCount, 9);
        }
        for (const episode of metrics.therapyEpisodes) {
          expect(episode.annualizedRelapseRate * episode.exposureYears).toBeCloseTo(episode.attacks, 9);
          expect(episode.attacks).toBeLessThanOrEqual(metrics.attackCount);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('flags are well-formed: known severity and status, a source, and never dated after as-of', () => {
    fc.assert(
      fc.property(timelineArbitrary, ({ events, asOf, aqp4Status }) => {
        for (const flag of evaluateFlags(patientWith(events, { aqp4Status }), asOf)) {
          expect(['critical', 'warning', 'info']).toContain(flag.severity);
          expect(['open', 'resolved', 'expired']).toContain(flag.status);
          // A resolution is a record on or before as-of, in words; only resolved flags carry one.
          if (flag.status === 'resolved') {
            expect(flag.resolvedOn !== undefined && flag.resolvedOn <= asOf && flag.resolvedOn >= flag.date).toBe(true);
            expect(flag.resolution?.length ?? 0).toBeGreaterThan(5);
          } else {
            expect(flag.resolvedOn).toBeUndefined();
            expect(flag.resolution).toBeUndefined();
          }
          if (flag.status === 'expired') expect(String(flag.details.expiredOn) <= asOf).toBe(true);
          expect(flag.source.length).toBeGreaterThan(20);
          expect(flag.message.length).toBeGreaterThan(20);
          expect(flag.date <= asOf).toBe(true);
          expect(() => JSON.stringify(flag.details)).not.toThrow();
        }
      }),
      { numRuns: 200 },
    );
  });
});
