import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { EdssEvent } from '../../records/edss.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { firstMaintenanceChange } from '../therapy-change.ts';
import { therapiesActiveOn } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';

/**
 * CONFIRMED_EDSS_WORSENING (warning): confirmed disability worsening (CDW) on the EDSS series, each
 * event classed as relapse-associated (RAW) or relapse-independent. Source: edssWorsening.
 *
 * The definitions follow msprog (Montobbio et al. 2024; R package noemimontobbio/msprog, R/MSprog.R,
 * R/event_testing.R; Python port noemimontobbio/pymsprog) run with its defaults
 * `proceed_from='firstconf'`, `check_intermediate=TRUE`, `sub_threshold_rebl='none'`, `bl_geq=FALSE`,
 * `relapse_rebl=FALSE`, `relapse_to_event=0`, `require_sust_days=0`, `impute_last_visit=0`, and with
 * `event='firstCDW'` for the fixed baseline, `event='multiple'` for the roving one (the pairings msprog
 * documents). Roving reference: Kappos et al., Mult Scler 2018;24:963 ("resets the reference score
 * after confirmation of a new score"). Day arithmetic is in whole calendar days; every window below
 * includes both of its ends unless it says otherwise.
 *
 * 1. Threshold (`requiredIncrease`, msprog `compute_delta`): +increaseFromZero (1.5) from EDSS 0,
 *    +increaseFromLow (1.0) from 1.0 (the next EDSS step) up to below highBaselineFrom (5.5), +increaseFromHigh (0.5) from
 *    highBaselineFrom up. A score worsens when score − baseline ≥ the threshold of the baseline; it
 *    improves when baseline − score ≥ that same threshold (msprog `is_event`).
 * 2. Baseline: the first assessment that is not within the attack-influence window, i.e. not dated
 *    0 to relapseWindowBeforeConfirmationDays − 1 days after an attack onset (msprog `relapse_to_bl`,
 *    which defaults to the same 30 days as `relapse_to_conf`; there is no separate setting here, see
 *    `stableReference`). 'fixed' keeps it and reports only the first CDW (msprog `baseline='fixed'`,
 *    `event='firstCDW'`: with a fixed baseline every later visit of a plateau would be a new "event").
 *    'roving' moves it to the confirmation assessment of every confirmed worsening AND every confirmed
 *    improvement (msprog `baseline='roving'`), and reports every CDW.
 * 3. Event: scanning forward from the assessment after the baseline, the first assessment whose score
 *    differs from the baseline by at least the threshold (msprog "change"). If it is not confirmed, the
 *    scan goes on from the next assessment.
 * 4. Confirmation (`findConfirmation`): the first assessment dated in
 *    [event + confirmationDays − confirmationToleranceBeforeDays, event + confirmationDays +
 *    confirmationToleranceAfterDays] (defaults: days 54 to 114) that is a stable reference (item 2),
 *    provided it and every assessment between the event and it still show the change from the
 *    baseline (msprog `check_intermediate`). If the first stable in-window assessment does not, the
 *    event is unconfirmed (a later one could not help: the earlier one would lie between).
 * 5. Type (`classifyWorsening`): relapse-associated when an attack onset falls on or before the event
 *    day and either within relapseWindowBeforeEventDays before it (event − onset ≤ 30 days, msprog
 *    `relapse_assoc`, inclusive) or on/after the baseline day. msprog calls the latter case (attack
 *    between baseline and event, but earlier than the RAW window) neither RAW nor PIRA ("undefined
 *    CDW"; its PIRA needs no relapse between baseline and confirmation, Müller et al., JAMA Neurol
 *    2023); here it counts as relapse-associated, because in NMOSD disability accrues in steps with
 *    attacks, so the review question "was an attack missed?" does not arise. Otherwise the event is
 *    relapse-independent; attack onsets after the event but not after the confirmation (msprog's
 *    other "undefined" case) are listed in the flag so the reviewer can check their onset dates.
 *
 * Where this differs from msprog: two scores on one date (not allowed by the record checks) keep the
 * higher, so that input order never matters (msprog keeps the last row); msprog drops relapses more
 * than `relapse_to_bl` days before the first visit, which cannot change the outcome here when the two
 * relapse windows are equal (defaults) and is not mirrored. Default numbers: msprog's current
 * defaults are `relapse_assoc = 90` and `conf_tol_days = c(7, 730.5)`; the clinic settings use 30 days
 * and −30/+30 days (msprog README example and earlier `rel_infl = 30`), which the tests cover, and
 * also relapseWindowBeforeEventDays = 90.
 *
 * Lifecycle: each worsening event is resolved by the first change of maintenance treatment on or
 * after its confirmation date (therapy-change.ts, judged against the maintenance courses taken on that
 * day that started before it): another maintenance agent started, a dose of rituximab, ocrelizumab or
 * inebilizumab, or one of those courses stopped ("switched to satralizumab on 2021-09-01"). Disability
 * in NMOSD accrues with attacks and the answer to a failing therapy is a switch (Kümpfel et al., NEMOS
 * 2024; source edssWorsening). Otherwise open up to confirmation +
 * settings.lifecycle.worseningReviewDays (default 365, included: one EDSS interval, a clinic setting)
 * and expired from the next day.
 */
export const confirmedEdssWorseningRule: Rule = {
  codes: ['CONFIRMED_EDSS_WORSENING'],
  evaluate({ timeline, asOf, settings }) {
    const s = settings.edssWorsening;
    // Every record's onset: a worsening within an attack (a later record of it) is relapse-associated too.
    const onsets = timeline.relapses.flatMap((r) => r.recordOnsets).sort();
    return detectConfirmedWorsening(edssSeries(timeline.edss), onsets, s).map((event) => {
      const confirmed = event.confirmation.date;
      const maintenance = therapiesActiveOn(
        timeline,
        confirmed,
        (course) => MAINTENANCE_AGENTS.has(course.agent) && course.startDate < confirmed,
      );
      return settle(worseningFlag(event, s.relapseWindowBeforeEventDays), asOf, {
        resolvedBy: firstMaintenanceChange(timeline, maintenance, confirmed),
        actionableUntil: addDays(confirmed, settings.lifecycle.worseningReviewDays),
      });
    });
  },
};

type WorseningSettings = RuleSettings['edssWorsening'];

export interface Assessment {
  date: CalendarDate;
  score: number;
}

export type WorseningType = 'relapse_associated' | 'relapse_independent';

export interface WorseningEvent {
  baseline: Assessment;
  event: Assessment;
  confirmation: Assessment;
  requiredIncrease: number;
  type: WorseningType;
  /** The latest attack onset that makes the event relapse-associated (null when independent). */
  relatedAttackOnset: CalendarDate | null;
  /** Attack onsets after the event day up to the confirmation day. */
  attackOnsetsBetweenEventAndConfirmation: CalendarDate[];
  baselineScheme: WorseningSettings['baseline'];
}

/** Minimum EDSS change that counts from this baseline score (msprog `compute_delta`). */
export function requiredIncrease(baselineScore: number, s: WorseningSettings): number {
  if (baselineScore >= s.highBaselineFrom) return s.increaseFromHigh;
  return baselineScore <= 0 ? s.increaseFromZero : s.increaseFromLow;
}

function isWorsening(score: number, baselineScore: number, s: WorseningSettings): boolean {
  return score - baselineScore >= requiredIncrease(baselineScore, s);
}

function isImprovement(score: number, baselineScore: number, s: WorseningSettings): boolean {
  return baselineScore - score >= requiredIncrease(baselineScore, s);
}

/** The EDSS assessments by date, one per date (the higher score if a date was entered twice). */
export function edssSeries(edss: readonly EdssEvent[]): Assessment[] {
  const byDate = new Map<CalendarDate, number>();
  for (const { date, score } of edss) byDate.set(date, Math.max(score, byDate.get(date) ?? score));
  return [...byDate.entries()].map(([date, score]) => ({ date, score })).sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Whether an assessment can serve as a reference (baseline or confirmation): not dated 0 to
 * `windowDays` − 1 days after any attack onset (msprog `relapse_to_conf` / `relapse_to_bl`: valid
 * when the distance from the last onset is ≥ the window). A day-30 assessment is stable, day 29 not.
 */
export function stableReference(date: CalendarDate, onsets: readonly CalendarDate[], windowDays: number): boolean {
  return !onsets.some((onset) => {
    const daysAfterOnset = daysBetween(onset, date);
    return daysAfterOnset >= 0 && daysAfterOnset < windowDays;
  });
}

/** First and last day on which an assessment can confirm a change seen on `eventDate`. */
export function confirmationWindow(
  eventDate: CalendarDate,
  s: WorseningSettings,
): { from: CalendarDate; to: CalendarDate } {
  return {
    from: addDays(eventDate, s.confirmationDays - s.confirmationToleranceBeforeDays),
    to: addDays(eventDate, s.confirmationDays + s.confirmationToleranceAfterDays),
  };
}

/**
 * The index of the assessment confirming the change at `eventIndex` from `baselineScore` in the given
 * direction, or null. Every assessment from the event up to the confirmation must sustain the change.
 */
export function findConfirmation(
  series: readonly Assessment[],
  eventIndex: number,
  baselineScore: number,
  direction: 'worsening' | 'improvement',
  onsets: readonly CalendarDate[],
  s: WorseningSettings,
): number | null {
  const event = series[eventIndex];
  if (!event) return null;
  const sustains = direction === 'worsening' ? isWorsening : isImprovement;
  const window = confirmationWindow(event.date, s);
  for (let i = eventIndex + 1; i < series.length; i++) {
    const candidate = series[i] as Assessment;
    if (candidate.date > window.to) return null;
    if (!sustains(candidate.score, baselineScore, s)) return null;
    if (
      candidate.date >= window.from &&
      stableReference(candidate.date, onsets, s.relapseWindowBeforeConfirmationDays)
    ) {
      return i;
    }
  }
  return null;
}

/** RAW or relapse-independent, with the attack that makes it RAW (see item 5 above). */
export function classifyWorsening(
  baseline: Assessment,
  event: Assessment,
  confirmation: Assessment,
  onsets: readonly CalendarDate[],
  s: WorseningSettings,
): Pick<WorseningEvent, 'type' | 'relatedAttackOnset' | 'attackOnsetsBetweenEventAndConfirmation'> {
  const related = onsets.filter(
    (onset) =>
      onset <= event.date &&
      (onset >= baseline.date || daysBetween(onset, event.date) <= s.relapseWindowBeforeEventDays),
  );
  const after = onsets.filter((onset) => onset > event.date && onset <= confirmation.date);
  // The most recent qualifying onset (`related` is a fresh array, sorting it mutates nothing shared).
  const relatedAttackOnset = related.sort().at(-1) ?? null;
  return {
    type: relatedAttackOnset === null ? 'relapse_independent' : 'relapse_associated',
    relatedAttackOnset,
    attackOnsetsBetweenEventAndConfirmation: after,
  };
}

/**
 * The confirmed worsening events of a date-sorted series with one score per date (see the rule's
 * comment for the steps). Pure: same series and onsets, same events.
 */
export function detectConfirmedWorsening(
  series: readonly Assessment[],
  onsets: readonly CalendarDate[],
  s: WorseningSettings,
): WorseningEvent[] {
  const events: WorseningEvent[] = [];
  let baselineIndex = series.findIndex((a) => stableReference(a.date, onsets, s.relapseWindowBeforeConfirmationDays));
  if (baselineIndex < 0) return events;
  let searchIndex = baselineIndex + 1;
  while (searchIndex < series.length) {
    const baseline = series[baselineIndex] as Assessment;
    const changeIndex = series.findIndex(
      (a, i) =>
        i >= searchIndex && (isWorsening(a.score, baseline.score, s) || isImprovement(a.score, baseline.score, s)),
    );
    if (changeIndex < 0) break;
    const change = series[changeIndex] as Assessment;
    const direction = change.score > baseline.score ? 'worsening' : 'improvement';
    const confirmationIndex = findConfirmation(series, changeIndex, baseline.score, direction, onsets, s);
    // Unconfirmed change, or (fixed baseline) an improvement, which msprog's firstCDW mode ignores.
    if (confirmationIndex === null || (direction === 'improvement' && s.baseline === 'fixed')) {
      searchIndex = changeIndex + 1;
      continue;
    }
    const confirmation = series[confirmationIndex] as Assessment;
    if (direction === 'worsening') {
      events.push({
        baseline,
        event: change,
        confirmation,
        requiredIncrease: requiredIncrease(baseline.score, s),
        ...classifyWorsening(baseline, change, confirmation, onsets, s),
        baselineScheme: s.baseline,
      });
      if (s.baseline === 'fixed') break;
    }
    // Roving: the confirmed level becomes the reference (msprog proceed_from='firstconf').
    baselineIndex = confirmationIndex;
    searchIndex = confirmationIndex + 1;
  }
  return events;
}

/** EDSS as written in notes: one decimal (3.0, 4.5); other values (custom thresholds) as they are. */
function edss(value: number): string {
  return Number.isInteger(value * 10) ? value.toFixed(1) : String(value);
}

/**
 * The message reports the confirmed change, baseline to confirmed score ("EDSS worsened from 2.0
 * (2023-01-05) to 3.5, confirmed on 2024-06-01 (+1.5; +1.0 needed from this baseline; 4.0 at the
 * 2024-01-10 event)"): the confirmed level is what the patient kept; the event's score, often a peak
 * of the attack, is named as such. Details keep the event's score (`eventScore`, `increase`: event −
 * baseline) and add the confirmed change (`confirmedIncrease`: confirmation − baseline).
 */
function worseningFlag(e: WorseningEvent, windowBeforeEventDays: number): Flag {
  const increase = e.event.score - e.baseline.score;
  const confirmedIncrease = e.confirmation.score - e.baseline.score;
  const course =
    `EDSS worsened from ${edss(e.baseline.score)} (${e.baseline.date}) to ${edss(e.confirmation.score)}, ` +
    `confirmed on ${e.confirmation.date} (+${edss(confirmedIncrease)}; +${edss(e.requiredIncrease)} needed from this baseline; ` +
    `${edss(e.event.score)} at the ${e.event.date} event)`;
  let message: string;
  if (e.type === 'relapse_associated') {
    message = `${course}: relapse-associated worsening after the attack of ${e.relatedAttackOnset}.`;
  } else {
    message =
      `${course}, with no attack since the baseline or in the ${windowBeforeEventDays} days before: ` +
      'relapse-independent worsening is unusual in NMOSD and calls for review (missed attack or mis-scoring).';
    const later = e.attackOnsetsBetweenEventAndConfirmation;
    if (later.length > 0) {
      const onsetsText = later.length === 1 ? `onset ${later.join('')} is` : `onsets ${later.join(', ')} are`;
      message += ` Attack ${onsetsText} after the worsening was first recorded: check the onset date.`;
    }
  }
  return makeFlag('CONFIRMED_EDSS_WORSENING', 'warning', e.event.date, message, 'edssWorsening', {
    baselineDate: e.baseline.date,
    baselineScore: e.baseline.score,
    eventScore: e.event.score,
    confirmationDate: e.confirmation.date,
    confirmationScore: e.confirmation.score,
    increase,
    confirmedIncrease,
    requiredIncrease: e.requiredIncrease,
    type: e.type,
    ...(e.relatedAttackOnset === null ? {} : { relatedAttackOnset: e.relatedAttackOnset }),
    attackOnsetsBetweenEventAndConfirmation: e.attackOnsetsBetweenEventAndConfirmation,
    baselineScheme: e.baselineScheme,
    daysEventToConfirmation: daysBetween(e.event.date, e.confirmation.date),
  });
}
