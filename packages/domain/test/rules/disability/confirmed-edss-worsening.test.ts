import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import type { EdssEvent } from '../../../src/records/edss.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import type { TherapyEvent } from '../../../src/records/therapy.ts';
import {
  confirmationWindow,
  confirmedEdssWorseningRule,
  detectConfirmedWorsening,
  edssSeries,
  findConfirmation,
  requiredIncrease,
  stableReference,
} from '../../../src/rules/disability/confirmed-edss-worsening.ts';
import { DISABILITY_RULES } from '../../../src/rules/disability/index.ts';
import { DEFAULT_RULE_SETTINGS } from '../../../src/rules/settings.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { patientWith, run } from '../helpers.ts';

/*
 * Worked examples checked by hand against msprog (noemimontobbio/msprog R/MSprog.R, R/event_testing.R)
 * with the defaults of this clinic: confirmation 84 days (12 weeks) −30/+30, i.e. days 54-114 after the
 * event; no baseline or confirmation 0-29 days after an attack onset; RAW when an onset is ≤ 30 days
 * before the event (or since the baseline, this rule's addition). Days are offsets from D0.
 */
const D0 = '2023-01-01';
const day = (n: number): CalendarDate => addDays(D0, n);
const edss = (n: number, score: number): EdssEvent => ({ type: 'edss', date: day(n), score });
const attack = (n: number): TimelineEvent => ({
  type: 'relapse',
  onsetDate: day(n),
  phenotype: 'transverse_myelitis',
  severity: 'moderate',
});
const series = (...points: [number, number][]): TimelineEvent[] => points.map(([n, score]) => edss(n, score));
const AS_OF = day(3000);
const S = DEFAULT_RULE_SETTINGS.edssWorsening;

function flagsFor(events: TimelineEvent[], settings: Record<string, unknown> = {}, asOf = AS_OF): Flag[] {
  const overrides = Object.keys(settings).length === 0 ? DEFAULT_RULE_SETTINGS : { edssWorsening: settings };
  return run(confirmedEdssWorseningRule, patientWith(events), asOf, overrides);
}

/** The numbers of each flag, in a form easy to compare. */
const summary = (flags: Flag[]) =>
  flags.map((f) => ({
    date: f.date,
    baseline: `${f.details.baselineDate} ${f.details.baselineScore}`,
    event: f.details.eventScore,
    confirmation: `${f.details.confirmationDate} ${f.details.confirmationScore}`,
    type: f.details.type,
  }));

/** One expected summary row: event day, baseline [day, score], event score, confirmation [day, score]. */
const expected = (
  eventDay: number,
  [baselineDay, baselineScore]: [number, number],
  eventScore: number,
  [confirmationDay, confirmationScore]: [number, number],
  type = 'relapse_independent',
) => ({
  date: day(eventDay),
  baseline: `${day(baselineDay)} ${baselineScore}`,
  event: eventScore,
  confirmation: `${day(confirmationDay)} ${confirmationScore}`,
  type,
});

describe('CONFIRMED_EDSS_WORSENING', () => {
  it('is registered in DISABILITY_RULES', () => {
    expect(DISABILITY_RULES).toContain(confirmedEdssWorseningRule);
    expect(confirmedEdssWorseningRule.codes).toEqual(['CONFIRMED_EDSS_WORSENING']);
  });

  describe('threshold (msprog compute_delta: 1.5 if 0, 1.0 if 0.5 ≤ b < 5.5, 0.5 if b ≥ 5.5)', () => {
    it.each([
      [0, 1.5],
      [0.5, 1.0],
      [1, 1.0],
      [5, 1.0],
      [5.5, 0.5],
      [6, 0.5],
      [9.5, 0.5],
    ])('from baseline %s the required increase is %s', (baseline, expected) => {
      expect(requiredIncrease(baseline, S)).toBe(expected);
    });

    it('moves the high-baseline cut-off with settings.highBaselineFrom', () => {
      expect(requiredIncrease(5.5, { ...S, highBaselineFrom: 6 })).toBe(1.0);
      expect(requiredIncrease(6, { ...S, highBaselineFrom: 6 })).toBe(0.5);
    });

    // Event on day 100, confirmed on day 184 (84 days) at the same score.
    it.each([
      [0, 1.0, false],
      [0, 1.5, true],
      [0.5, 1.0, false],
      [0.5, 1.5, true],
      [5, 5.5, false],
      [5, 6, true],
      [5.5, 5.5, false],
      [5.5, 6, true],
      [6.5, 7, true],
    ])('baseline %s, later %s sustained: flag %s', (baseline, later, fires) => {
      const flags = flagsFor(series([0, baseline], [100, later], [184, later]));
      expect(flags).toHaveLength(fires ? 1 : 0);
      if (fires) {
        expect(flags[0]?.details).toMatchObject({
          baselineScore: baseline,
          eventScore: later,
          increase: later - baseline,
          requiredIncrease: requiredIncrease(baseline, S),
        });
      }
    });

    it('writes a custom threshold as it is in the message', () => {
      const [flag] = flagsFor(series([0, 3], [100, 4], [184, 4]), { increaseFromLow: 0.75 });
      expect(flag?.message).toContain('(+1.0; +0.75 needed from this baseline; 4.0 at the 2023-04-11 event)');
      expect(flag?.details.requiredIncrease).toBe(0.75);
    });

    it('uses the settings thresholds (increaseFromLow 1.5 silences a +1.0 change)', () => {
      const events = series([0, 3], [100, 4], [184, 4]);
      expect(flagsFor(events)).toHaveLength(1);
      expect(flagsFor(events, { increaseFromLow: 1.5 })).toHaveLength(0);
    });
  });

  describe('confirmation window: first assessment dated in [event + 84 − 30, event + 84 + 30]', () => {
    it('computes the window in calendar days', () => {
      expect(confirmationWindow(day(100), S)).toEqual({ from: day(154), to: day(214) });
    });

    it('findConfirmation: nothing to confirm for an index outside the series', () => {
      const assessments = [{ date: day(0), score: 3 }];
      expect(findConfirmation(assessments, 5, 3, 'worsening', [], S)).toBeNull();
      expect(findConfirmation(assessments, 0, 3, 'worsening', [], S)).toBeNull();
    });

    it.each([
      [53, false],
      [54, true],
      [84, true],
      [114, true],
      [115, false],
    ])('a single later assessment %s days after the event confirms: %s', (offset, fires) => {
      const flags = flagsFor(series([0, 3], [100, 4], [100 + offset, 4]));
      expect(flags).toHaveLength(fires ? 1 : 0);
      if (fires) expect(flags[0]?.details.confirmationDate).toBe(day(100 + offset));
    });

    it.each([
      [83, false],
      [84, true],
      [85, false],
    ])('with zero tolerance, only day 84 confirms (%s days: %s)', (offset, fires) => {
      const flags = flagsFor(series([0, 3], [100, 4], [100 + offset, 4]), {
        confirmationToleranceBeforeDays: 0,
        confirmationToleranceAfterDays: 0,
      });
      expect(flags).toHaveLength(fires ? 1 : 0);
    });

    it('takes 24-week confirmation from settings (confirmationDays 168)', () => {
      const events = series([0, 3], [100, 4], [184, 4]);
      expect(flagsFor(events, { confirmationDays: 168 })).toHaveLength(0);
      expect(flagsFor([...events, edss(268, 4)], { confirmationDays: 168 })).toHaveLength(1);
    });

    it('an assessment too early to confirm does not confirm, but must sustain (msprog check_intermediate)', () => {
      // Day 130 is before the window; it sustains, day 184 confirms.
      expect(summary(flagsFor(series([0, 3], [100, 4], [130, 4.5], [184, 4])))).toEqual([
        expected(100, [0, 3], 4, [184, 4]),
      ]);
      // Day 130 falls back to 3.5 (< 3 + 1.0): the worsening was not sustained, nothing is confirmed.
      expect(flagsFor(series([0, 3], [100, 4], [130, 3.5], [184, 4]))).toEqual([]);
    });

    it('confirms at the first in-window assessment only: if it falls back, a later one cannot confirm', () => {
      // msprog uses conf_idx[[1]]; day 200 would have day 160 between it and the event.
      expect(flagsFor(series([0, 3], [100, 4], [160, 3.5], [200, 4]))).toEqual([]);
    });

    it('the confirmation score may differ from the event score as long as it sustains the threshold', () => {
      const [flag] = flagsFor(series([0, 3], [100, 5], [184, 4]));
      expect(flag?.details).toMatchObject({ eventScore: 5, confirmationScore: 4, increase: 2, confirmedIncrease: 1 });
    });

    // The message reports the confirmed change (baseline -> confirmed score), the event's peak only as
    // the event's; the details keep both. Baseline 2.0 on day 0, event on day 100.
    it.each<[number, number, string]>([
      [3.5, 3.5, 'to 3.5, confirmed on 2023-07-04 (+1.5; +1.0 needed from this baseline; 3.5 at the 2023-04-11 event)'],
      [4.5, 3.5, 'to 3.5, confirmed on 2023-07-04 (+1.5; +1.0 needed from this baseline; 4.5 at the 2023-04-11 event)'],
      [6, 3, 'to 3.0, confirmed on 2023-07-04 (+1.0; +1.0 needed from this baseline; 6.0 at the 2023-04-11 event)'],
    ])('event %d confirmed at %d: the message names the confirmed score', (eventScore, confirmed, text) => {
      const [flag] = flagsFor(series([0, 2], [100, eventScore], [184, confirmed]));
      expect(flag?.message).toContain(`EDSS worsened from 2.0 (2023-01-01) ${text}`);
      expect(flag?.details).toMatchObject({
        baselineScore: 2,
        eventScore,
        confirmationScore: confirmed,
        increase: eventScore - 2,
        confirmedIncrease: confirmed - 2,
      });
    });

    it('a confirmation below the threshold from the baseline confirms nothing (2.0 -> 4.0 event, 2.5 later)', () => {
      expect(flagsFor(series([0, 2], [100, 4], [184, 2.5]))).toEqual([]);
    });
  });

  describe('missing confirmation and the as-of date', () => {
    it('a worsening at the last assessment is not flagged (msprog impute_last_visit = 0)', () => {
      expect(flagsFor(series([0, 3], [100, 4.5]))).toEqual([]);
    });

    it('no EDSS, a single EDSS, or a flat series: no flag and no crash', () => {
      expect(flagsFor([])).toEqual([]);
      expect(flagsFor(series([0, 3]))).toEqual([]);
      expect(flagsFor([attack(5)])).toEqual([]);
      expect(flagsFor(series([0, 3], [100, 3], [200, 3.5]))).toEqual([]);
    });

    it.each([
      [183, 0],
      [184, 1],
      [185, 1],
    ])('as of day %s (confirmation recorded on day 184): %s flag(s)', (asOf, count) => {
      expect(flagsFor(series([0, 3], [100, 4], [184, 4]), {}, day(asOf))).toHaveLength(count);
    });
  });

  describe('attacks and confirmation (an assessment 0-29 days after an onset cannot confirm)', () => {
    // Event day 100, only confirmation candidate day 184.
    it.each([
      [154, true], // 30 days before: far enough (msprog relapse_to_conf: distance ≥ 30)
      [155, false], // 29 days before
      [184, false], // same day
      [185, true], // onset after the assessment: no influence
    ])('attack onset on day %s: confirmed %s', (onset, fires) => {
      expect(flagsFor([...series([0, 3], [100, 4], [184, 4]), attack(onset)])).toHaveLength(fires ? 1 : 0);
    });

    it('skips a confirmation candidate inside the attack window and takes the next one in the window', () => {
      // Attack day 170: day 184 (14 days) cannot confirm but must sustain; day 200 (30 days) confirms.
      const flags = flagsFor([...series([0, 3], [100, 4], [184, 4.5], [200, 4]), attack(170)]);
      expect(flags[0]?.details).toMatchObject({ confirmationDate: day(200), confirmationScore: 4 });
    });

    it('follows settings.relapseWindowBeforeConfirmationDays', () => {
      const events = [...series([0, 3], [100, 4], [184, 4]), attack(164)];
      expect(flagsFor(events)).toHaveLength(0);
      expect(flagsFor(events, { relapseWindowBeforeConfirmationDays: 20 })).toHaveLength(1);
    });

    it('stableReference: onset days 0 to window − 1 before the date exclude it', () => {
      expect(stableReference(day(30), [day(0)], 30)).toBe(true);
      expect(stableReference(day(29), [day(0)], 30)).toBe(false);
      expect(stableReference(day(0), [day(0)], 30)).toBe(false);
      expect(stableReference(day(0), [day(1)], 30)).toBe(true);
      expect(stableReference(day(0), [day(0)], 0)).toBe(true);
    });
  });

  describe('baseline: the first assessment not 0-29 days after an attack onset (msprog relapse_to_bl)', () => {
    it.each([
      // Attack day 0: day 29 (2.0) is inside the window, the baseline is day 30 (3.0); 3 → 4 on day 130.
      [0, day(30), 3, day(130)],
      // Attack day −1: day 29 is 30 days after it, so it is the baseline (2.0); 2 → 3 on day 30,
      // confirmed on day 130 (100 days later, within 54-114).
      [-1, day(29), 2, day(30)],
    ])('attack on day %s: baseline %s (%s), event %s', (onset, baselineDate, baselineScore, eventDate) => {
      const flags = flagsFor([...series([29, 2], [30, 3], [130, 4], [214, 4]), attack(onset)]);
      expect(flags[0]?.date).toBe(eventDate);
      expect(flags[0]?.details).toMatchObject({ baselineDate, baselineScore, type: 'relapse_independent' });
    });

    it('no flag when every assessment is within an attack window', () => {
      expect(flagsFor([...series([0, 3], [20, 5]), attack(0)])).toEqual([]);
    });

    it('no flag when only the last assessment is stable (nothing after the baseline)', () => {
      expect(flagsFor([...series([0, 3], [40, 5]), attack(0), attack(39)])).toEqual([]);
      expect(flagsFor([...series([0, 3], [40, 5]), attack(0)])).toEqual([]);
    });
  });

  describe('relapse-associated (RAW) or relapse-independent', () => {
    // Baseline day 0 (2.0); event day 200 (3.5); confirmation day 290 (3.5).
    const course = series([0, 2], [200, 3.5], [290, 3.5]);

    it.each([
      [undefined, 'relapse_independent', undefined],
      [200, 'relapse_associated', day(200)], // onset on the event day (msprog distance 0 ≤ relapse_assoc)
      [170, 'relapse_associated', day(170)], // 30 days before the event
      [50, 'relapse_associated', day(50)], // between baseline and event, 150 days before (msprog: undefined CDW)
      [201, 'relapse_independent', undefined], // the day after the event
      [300, 'relapse_independent', undefined], // after the confirmation
    ])('attack on day %s: %s', (onset, type, related) => {
      const events = onset === undefined ? course : [...course, attack(onset)];
      const flags = flagsFor(events);
      expect(flags).toHaveLength(1);
      expect(flags[0]?.details.type).toBe(type);
      expect(flags[0]?.details.relatedAttackOnset).toBe(related);
    });

    it('an attack on the baseline day moves the baseline to day 200, leaving nothing to confirm', () => {
      expect(flagsFor([...course, attack(0)])).toEqual([]);
    });

    it('an attack on the baseline day counts when the reference window is 0 (msprog relapse_to_bl = 0)', () => {
      const [flag] = flagsFor([...course, attack(0)], { relapseWindowBeforeConfirmationDays: 0 });
      expect(flag?.details).toMatchObject({ type: 'relapse_associated', relatedAttackOnset: day(0) });
    });

    // The window before the event reaches before the baseline only when it is longer than the reference
    // window; with msprog's current relapse_assoc = 90: onset day −40, baseline day 0 (40 days later).
    it.each([
      [50, 'relapse_associated'], // event − onset = 90
      [51, 'relapse_independent'], // 91
    ])('window 90 days, onset day −40, event day %s: %s', (eventDay, type) => {
      const events = [...series([0, 2], [eventDay, 3.5], [eventDay + 84, 3.5]), attack(-40)];
      const [flag] = flagsFor(events, { relapseWindowBeforeEventDays: 90 });
      expect(flag?.details.type).toBe(type);
    });

    it.each([
      [30, 'relapse_associated'],
      [31, 'relapse_independent'],
    ])('reference window 0, onset %s days before an event the day after baseline: %s', (gap, type) => {
      const events = [...series([0, 2], [1, 3.5], [85, 3.5]), attack(1 - gap)];
      const [flag] = flagsFor(events, { relapseWindowBeforeConfirmationDays: 0 });
      expect(flag?.details.type).toBe(type);
    });

    it('names the latest qualifying attack', () => {
      const [flag] = flagsFor([...course, attack(60), attack(150)]);
      expect(flag?.details.relatedAttackOnset).toBe(day(150));
    });

    it('says which, with the numbers (relapse-associated)', () => {
      const [flag] = flagsFor([...course, attack(180)]);
      expect(flag).toEqual({
        code: 'CONFIRMED_EDSS_WORSENING',
        severity: 'warning',
        status: 'expired',
        date: '2023-07-20',
        message:
          'EDSS worsened from 2.0 (2023-01-01) to 3.5, confirmed on 2023-10-18 (+1.5; +1.0 needed from this baseline; ' +
          '3.5 at the 2023-07-20 event): relapse-associated worsening after the attack of 2023-06-30.',
        source: SOURCES.edssWorsening,
        details: {
          baselineDate: '2023-01-01',
          baselineScore: 2,
          eventScore: 3.5,
          confirmationDate: '2023-10-18',
          confirmationScore: 3.5,
          increase: 1.5,
          confirmedIncrease: 1.5,
          requiredIncrease: 1,
          type: 'relapse_associated',
          relatedAttackOnset: '2023-06-30',
          attackOnsetsBetweenEventAndConfirmation: [],
          baselineScheme: 'roving',
          daysEventToConfirmation: 90,
          // Confirmed on day 290 (2023-10-18), open for 365 days, expired from day 656.
          expiredOn: '2024-10-18',
        },
      });
    });

    it('says which and asks for review (relapse-independent)', () => {
      const [flag] = flagsFor(course);
      expect(flag?.message).toBe(
        'EDSS worsened from 2.0 (2023-01-01) to 3.5, confirmed on 2023-10-18 (+1.5; +1.0 needed from this baseline; ' +
          '3.5 at the 2023-07-20 event), with no attack since the baseline or in the 30 days before: ' +
          'relapse-independent worsening is unusual in NMOSD and calls for review (missed attack or mis-scoring).',
      );
      expect(flag?.details).not.toHaveProperty('relatedAttackOnset');
      expect(flag?.details.type).toBe('relapse_independent');
    });

    it('points at attacks between the event and the confirmation (msprog: neither RAW nor PIRA)', () => {
      const [one] = flagsFor([...course, attack(210)]);
      expect(one?.details.attackOnsetsBetweenEventAndConfirmation).toEqual([day(210)]);
      expect(one?.message).toContain(
        'Attack onset 2023-07-30 is after the worsening was first recorded: check the onset date.',
      );
      const [two] = flagsFor([...course, attack(205), attack(250)]);
      expect(two?.message).toContain('Attack onsets 2023-07-25, 2023-09-08 are after the worsening was first recorded');
      expect(two?.details.type).toBe('relapse_independent');
    });
  });

  describe('fixed vs roving baseline', () => {
    it('roving (default) reports each step; fixed reports only the first (msprog firstCDW)', () => {
      // 2 → 3 (day 100, confirmed 184); roving baseline 3 (day 184) → 4 (day 300, confirmed 384).
      const events = series([0, 2], [100, 3], [184, 3], [300, 4], [384, 4]);
      expect(summary(flagsFor(events))).toEqual([
        expected(100, [0, 2], 3, [184, 3]),
        expected(300, [184, 3], 4, [384, 4]),
      ]);
      const fixed = flagsFor(events, { baseline: 'fixed' });
      expect(summary(fixed)).toEqual([expected(100, [0, 2], 3, [184, 3])]);
      expect(fixed[0]?.details.baselineScheme).toBe('fixed');
    });

    it('roving re-baselines to a confirmed lower score (Kappos 2018; msprog roving)', () => {
      // 4.0 → 2.5 confirmed (improvement ≥ 1.0); then 3.5 is +1.0 from 2.5 but not from 4.0.
      const events = series([0, 4], [100, 2.5], [184, 2.5], [300, 3.5], [384, 3.5]);
      expect(summary(flagsFor(events))).toEqual([expected(300, [184, 2.5], 3.5, [384, 3.5])]);
      expect(flagsFor(events, { baseline: 'fixed' })).toEqual([]);
    });

    it('an unconfirmed improvement does not move the baseline', () => {
      const events = series([0, 4], [100, 2.5], [150, 4], [300, 5], [384, 5]);
      expect(summary(flagsFor(events))[0]?.baseline).toBe(`${day(0)} 4`);
    });

    it('a confirmed sub-threshold rise does not move the baseline (msprog sub_threshold_rebl = none)', () => {
      // 2.0 → 2.5 confirmed is below +1.0; 3.0 on day 300 is +1.0 from the day-0 baseline.
      const events = series([0, 2], [100, 2.5], [184, 2.5], [300, 3], [384, 3]);
      expect(summary(flagsFor(events))).toEqual([expected(300, [0, 2], 3, [384, 3])]);
    });

    it('fixed: an unconfirmed first rise does not stop the search for the first confirmed one', () => {
      const events = series([0, 2], [100, 3], [150, 2], [300, 3.5], [384, 3.5]);
      expect(summary(flagsFor(events, { baseline: 'fixed' }))[0]?.date).toBe(day(300));
    });
  });

  it('worked example, several events in one series (msprog baseline="roving", event="multiple")', () => {
    const events = [
      ...series(
        [0, 1], // baseline
        [90, 2], // +1.0 from 1.0; window days 144-204
        [180, 2], // confirms event 1; roving baseline 2.0 (day 180)
        [270, 2.5], // +0.5: no change
        [410, 4], // +2.0 from 2.0, 10 days after the day-400 attack; window days 464-524
        [420, 4.5], // too early, sustains
        [470, 3.5], // 70 days after the attack: confirms event 2 at 3.5; baseline 3.5 (day 470)
        [560, 3], // −0.5: no change
        [650, 2.5], // −1.0: improvement; window days 704-764
        [720, 2.5], // confirms the improvement: baseline 2.5 (day 720)
        [800, 3.5], // +1.0 from 2.5; window days 854-914
        [880, 3.5], // confirms event 3
      ),
      attack(400),
    ];
    expect(summary(flagsFor(events))).toEqual([
      expected(90, [0, 1], 2, [180, 2]),
      expected(410, [180, 2], 4, [470, 3.5], 'relapse_associated'),
      expected(800, [720, 2.5], 3.5, [880, 3.5]),
    ]);
    expect(flagsFor(events)[1]?.details.relatedAttackOnset).toBe(day(400));
    // Fixed baseline (msprog baseline="fixed", event="firstCDW"): only the first.
    expect(summary(flagsFor(events, { baseline: 'fixed' }))).toHaveLength(1);
    // As of day 879 the third event is not confirmed yet.
    expect(flagsFor(events, {}, day(879))).toHaveLength(2);
  });

  it('does not depend on input order (the timeline sorts)', () => {
    const events = [...series([0, 2], [100, 3], [184, 3], [300, 4], [384, 4]), attack(290)];
    const reversed = [...events].reverse();
    expect(flagsFor(reversed)).toEqual(flagsFor(events));
    expect(flagsFor(reversed)).toHaveLength(2);
  });

  it('keeps the higher score when one date was entered twice (order-independent)', () => {
    const twice = [edss(100, 3), edss(100, 4)];
    expect(edssSeries(twice)).toEqual([{ date: day(100), score: 4 }]);
    expect(edssSeries([...twice].reverse())).toEqual([{ date: day(100), score: 4 }]);
    const a = flagsFor([edss(0, 3), ...twice, edss(184, 4)]);
    const b = flagsFor([edss(0, 3), ...[...twice].reverse(), edss(184, 4)]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(1);
  });

  describe('lifecycle: resolved by a change of maintenance on or after the confirmation, else expired after 365 days', () => {
    // Baseline day 0 (2.0); event day 200 (3.5); confirmed on day 290.
    const course = series([0, 2], [200, 3.5], [290, 3.5]);
    const CONFIRMED = day(290);
    const therapy = (agent: TherapyAgent, start: number, stop?: number, doses: number[] = []): TherapyEvent => ({
      type: 'therapy',
      agent,
      startDate: day(start),
      ...(stop === undefined ? {} : { stopDate: day(stop) }),
      ...(doses.length > 0 ? { administrations: doses.map((n) => ({ date: day(n), doseMg: 1000 })) } : {}),
    });
    const state = (events: TimelineEvent[], asOfDay: number, settings?: Record<string, unknown>) =>
      run(confirmedEdssWorseningRule, patientWith([...course, ...events]), day(asOfDay), settings).map((f) => ({
        status: f.status,
        ...(f.resolvedOn ? { resolvedOn: f.resolvedOn, resolution: f.resolution } : {}),
        ...(f.status === 'expired' ? { expiredOn: f.details.expiredOn } : {}),
      }));
    type State = ReturnType<typeof state>;
    const open: State = [{ status: 'open' }];
    const expired: State = [{ status: 'expired', expiredOn: day(656) }];
    const resolved = (n: number, resolution: string): State => [{ status: 'resolved', resolvedOn: day(n), resolution }];

    it.each<[string, TimelineEvent[], number, ReturnType<typeof state>]>([
      ['no therapy', [], 289, []],
      ['no therapy', [], 290, open],
      ['no therapy', [], 655, open],
      ['no therapy', [], 656, expired],
      [
        'eculizumab with its scheduled doses',
        [therapy('eculizumab', -400, undefined, [276, 290, 304, 318])],
        655,
        open,
      ],
      [
        'eculizumab with its scheduled doses',
        [therapy('eculizumab', -400, undefined, [276, 290, 304, 318])],
        656,
        expired,
      ],
      [
        'rituximab dosed the day before the confirmation',
        [therapy('rituximab', -400, undefined, [-400, 289])],
        656,
        expired,
      ],
      ['rituximab redosed on the confirmation day', [therapy('rituximab', -400, undefined, [-400, 290])], 289, []],
      [
        'rituximab redosed on the confirmation day',
        [therapy('rituximab', -400, undefined, [-400, 290])],
        290,
        resolved(290, `rituximab redosed on ${CONFIRMED}`),
      ],
      ['rituximab redosed on day 480', [therapy('rituximab', -400, undefined, [-400, 480])], 479, open],
      [
        'rituximab redosed on day 480',
        [therapy('rituximab', -400, undefined, [-400, 480])],
        480,
        resolved(480, `rituximab redosed on ${day(480)}`),
      ],
      ['a switch on day 400', [therapy('azathioprine', -400, 400), therapy('mycophenolate', 400)], 399, open],
      [
        'a switch on day 400',
        [therapy('azathioprine', -400, 400), therapy('mycophenolate', 400)],
        400,
        resolved(400, `switched to mycophenolate on ${day(400)}`),
      ],
      [
        'a switch on day 400, seen after the review window',
        [therapy('azathioprine', -400, 400), therapy('mycophenolate', 400)],
        700,
        resolved(400, `switched to mycophenolate on ${day(400)}`),
      ],
      ['azathioprine stopped on day 500', [therapy('azathioprine', -400, 500)], 499, open],
      [
        'azathioprine stopped on day 500',
        [therapy('azathioprine', -400, 500)],
        500,
        resolved(500, `azathioprine stopped on ${day(500)}`),
      ],
      [
        'a switch on day 250, before the confirmation (the new therapy is then judged)',
        [therapy('azathioprine', -400, 250), therapy('mycophenolate', 250)],
        656,
        expired,
      ],
      [
        'no maintenance until rituximab started on the confirmation day',
        [therapy('rituximab', 290)],
        290,
        resolved(290, `rituximab started on ${CONFIRMED}`),
      ],
      ['no maintenance until satralizumab on day 300', [therapy('satralizumab', 300)], 299, open],
      [
        'no maintenance until satralizumab on day 300',
        [therapy('satralizumab', 300)],
        300,
        resolved(300, `satralizumab started on ${day(300)}`),
      ],
    ])('%s, as of day %i', (_label, events, asOfDay, expected) => {
      expect(state(events, asOfDay)).toEqual(expected);
    });

    it('follows settings.lifecycle.worseningReviewDays', () => {
      const settings = { lifecycle: { worseningReviewDays: 100 } };
      expect(state([], 390, settings)).toEqual(open);
      expect(state([], 391, settings)).toEqual([{ status: 'expired', expiredOn: day(391) }]);
    });

    it('gives each worsening event its own lifecycle', () => {
      // 2 → 3 (confirmed day 184) and 3 → 4 (confirmed day 384); mycophenolate started on day 300.
      const events = [...series([0, 2], [100, 3], [184, 3], [300, 4], [384, 4]), therapy('mycophenolate', 300)];
      const flags = run(confirmedEdssWorseningRule, patientWith(events), day(400));
      expect(flags.map((f) => [f.date, f.status, f.resolution])).toEqual([
        [day(100), 'resolved', `mycophenolate started on ${day(300)}`],
        [day(300), 'open', undefined],
      ]);
    });
  });

  describe('properties', () => {
    const scoreArb = fc.integer({ min: 0, max: 20 }).map((n) => n / 2);
    const daysArb = fc.uniqueArray(fc.integer({ min: 0, max: 1500 }), { minLength: 0, maxLength: 14 });
    const onsetsArb = fc.uniqueArray(fc.integer({ min: -60, max: 1500 }), { maxLength: 4 });
    const schemeArb = fc.constantFrom('fixed' as const, 'roving' as const);
    /** Assessment days, scores, attack onset days and baseline scheme: what every property draws. */
    const courseArbs = [daysArb, fc.array(scoreArb, { minLength: 1 }), onsetsArb, schemeArb] as const;
    const courseEvents = (days: number[], scores: number[], onsets: number[]): TimelineEvent[] => [
      ...days.map((n, i) => edss(n, scores[i % scores.length] ?? 0)),
      ...onsets.map(attack),
    ];

    it('a non-increasing series never yields an event', () => {
      fc.assert(
        fc.property(...courseArbs, (days, scores, onsets, baseline) => {
          const sortedDays = [...days].sort((a, b) => a - b);
          const falling = [...scores].sort((a, b) => b - a);
          const assessments = sortedDays.map((n, i) => ({
            date: day(n),
            score: falling[Math.min(i, falling.length - 1)] ?? 0,
          }));
          const result = detectConfirmedWorsening(assessments, onsets.map(day).sort(), { ...S, baseline });
          expect(result).toEqual([]);
        }),
      );
    });

    /** Fisher-Yates driven by generated numbers, so fast-check can shrink a failing order. */
    function shuffle<T>(items: readonly T[], random: readonly number[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = (random[i % random.length] ?? 0) % (i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    }

    it('shuffling the input order never changes the flags', () => {
      fc.assert(
        fc.property(
          ...courseArbs,
          fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
          (days, scores, onsets, baseline, random) => {
            const events = courseEvents(days, scores, onsets);
            expect(flagsFor(shuffle(events, random), { baseline })).toEqual(flagsFor(events, { baseline }));
          },
        ),
      );
    });

    it('every flag meets the definition (threshold, window, sustained, stable confirmation; fixed: at most one)', () => {
      fc.assert(
        fc.property(...courseArbs, (days, scores, onsets, baseline) => {
          const events = courseEvents(days, scores, onsets);
          const flags = flagsFor(events, { baseline });
          if (baseline === 'fixed') expect(flags.length).toBeLessThanOrEqual(1);
          for (const flag of flags) {
            const d = flag.details as {
              baselineDate: string;
              baselineScore: number;
              eventScore: number;
              confirmationDate: string;
              confirmationScore: number;
              requiredIncrease: number;
            };
            const required = requiredIncrease(d.baselineScore, S);
            expect(d.requiredIncrease).toBe(required);
            expect(d.eventScore - d.baselineScore).toBeGreaterThanOrEqual(required);
            expect(d.confirmationScore - d.baselineScore).toBeGreaterThanOrEqual(required);
            const window = confirmationWindow(flag.date, S);
            expect(d.confirmationDate >= window.from && d.confirmationDate <= window.to).toBe(true);
            expect(stableReference(d.confirmationDate, onsets.map(day), S.relapseWindowBeforeConfirmationDays)).toBe(
              true,
            );
            expect(stableReference(d.baselineDate, onsets.map(day), S.relapseWindowBeforeConfirmationDays)).toBe(true);
            expect(d.baselineDate < flag.date).toBe(true);
          }
        }),
      );
    });
  });
});
