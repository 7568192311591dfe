import { addDays, type CalendarDate, daysBetween } from '../calendar-date.ts';
import type { TherapyAgent } from '../enums.ts';
import { yearsInclusive } from '../metrics/attacks.ts';
import { isMaintenanceAgent } from '../rules/agents.ts';
import { detectConfirmedWorsening, edssSeries, stableReference } from '../rules/disability/confirmed-edss-worsening.ts';
import type { RuleSettings } from '../rules/settings.ts';
import type { RuleContext } from '../rules/types.ts';
import type { SurvivalTime } from './kaplan-meier.ts';

/**
 * One patient's outcomes, the units the cohort statistics (outcome-statistics.ts) add up. Pure.
 *
 * Therapy episode: one maintenance course, from its start day to the earliest of its stop day, the
 * day before another maintenance agent was started (a switch; an agent started the same day is a
 * combination and does not end it, nor does a bridging steroid, NOT_A_SWITCH) and the as-of date. Attacks are the clinical attacks (records
 * less than `attackClusterDays` apart merged, as every rule and the ARR count them) with onset after
 * the start day up to the end day; the start day itself is excluded, since an attack on that day is
 * usually why the therapy was started (the per-patient episode ARR in metrics/patient-metrics.ts
 * counts the same way; ARR per treatment episode: Stellmann et al., JNNP 2017;88:639-647,
 * doi:10.1136/jnnp-2017-315603). Exposure is from the start day to the end day, both included.
 *
 * Onset-of-effect lag: none by default (`lagDays` 0, DEFAULT_LAG_DAYS), as in the per-episode ARR of
 * Stellmann et al. Some agents act only after weeks to months (azathioprine and mycophenolate are
 * bridged with oral steroids for that reason, Kümpfel et al., NEMOS recommendations Part II, J Neurol
 * 2024;271:141-176, doi:10.1007/s00415-023-11910-z), so a lag can be asked for: it moves the start of
 * the exposure and of the attack count by the same number of days (attacks on the new first day are
 * left out as on the start day), so the rate is not biased by it.
 */
export interface TherapyEpisode {
  agent: TherapyAgent;
  /** Start of the exposure (start date + lag). */
  from: CalendarDate;
  to: CalendarDate;
  endedBy: 'stop' | 'switch' | 'as_of';
  exposureYears: number;
  attacks: number;
  /** Days from `from` to the first attack, or to `to` when none (censored). */
  firstAttack: SurvivalTime;
  /** Whether this is the patient's first episode of the agent (the one time-to-relapse counts). */
  firstOfAgent: boolean;
}

/** No onset-of-effect window unless asked for (see above). */
export const DEFAULT_LAG_DAYS = 0;

export interface OutcomeOptions {
  /** Days after a therapy start left out of exposure and attack counts (onset-of-effect lag). */
  lagDays: number;
  /** Settings of the confirmed worsening; the baseline is always fixed here (first CDW). */
  edssWorsening: RuleSettings['edssWorsening'];
}

export interface PatientOutcomes {
  episodes: TherapyEpisode[];
  /** Time to the first confirmed EDSS worsening from the baseline EDSS; null without follow-up. */
  worsening: SurvivalTime | null;
  /** One EDSS per whole year since the first attack (the year's last assessment). */
  edssByYear: { year: number; score: number }[];
}

/**
 * Agents whose start does not end another episode: oral prednisone bridges slow-acting agents and is
 * added to others in attacks (BRIDGING_STEROID_STOPPED_EARLY, settings `bridging`; Kümpfel et al.,
 * NEMOS 2024), so it is taken alongside them, not instead of them. Its own episodes still count.
 */
export const NOT_A_SWITCH: ReadonlySet<TherapyAgent> = new Set(['oral_prednisone']);

/** The day before the next maintenance agent (another agent) started after `start`, if any. */
function switchDay(context: RuleContext, agent: TherapyAgent, start: CalendarDate): CalendarDate | null {
  const next = context.timeline.therapies.find(
    (course) =>
      isMaintenanceAgent(course.agent) &&
      !NOT_A_SWITCH.has(course.agent) &&
      course.agent !== agent &&
      course.startDate > start,
  );
  return next ? addDays(next.startDate, -1) : null;
}

export function therapyEpisodes(context: RuleContext, lagDays: number): TherapyEpisode[] {
  const { timeline, asOf } = context;
  const seen = new Set<TherapyAgent>();
  const episodes: TherapyEpisode[] = [];
  for (const course of timeline.therapies) {
    if (!isMaintenanceAgent(course.agent)) continue;
    const firstOfAgent = !seen.has(course.agent);
    seen.add(course.agent);
    const ends: { day: CalendarDate; by: TherapyEpisode['endedBy'] }[] = [{ day: asOf, by: 'as_of' }];
    if (course.stopDate) ends.push({ day: course.stopDate, by: 'stop' });
    const switched = switchDay(context, course.agent, course.startDate);
    if (switched) ends.push({ day: switched, by: 'switch' });
    const end = ends.reduce((a, b) => (b.day < a.day ? b : a));
    const from = addDays(course.startDate, lagDays);
    if (end.day < from) continue;
    const onsets = timeline.relapses
      .map((attack) => attack.onsetDate)
      .filter((onset) => onset > from && onset <= end.day);
    const first = onsets[0];
    episodes.push({
      agent: course.agent,
      from,
      to: end.day,
      endedBy: end.by,
      exposureYears: yearsInclusive(from, end.day),
      attacks: onsets.length,
      firstAttack: first
        ? { days: daysBetween(from, first), event: true }
        : { days: daysBetween(from, end.day), event: false },
      firstOfAgent,
    });
  }
  return episodes;
}

/**
 * Time to the first confirmed disability worsening (CDW: +1.5 from EDSS 0, +1.0 from 1.0 to 5.0, +0.5
 * from 5.5; confirmed at a later assessment `confirmationDays` later within its tolerance, not within
 * 30 days of an attack: the clinic's settings, rules/disability/confirmed-edss-worsening.ts, after
 * msprog, Montobbio et al. 2024, and Kalincik et al., Brain 2015;138:3287-3298,
 * doi:10.1093/brain/awv258), from the baseline: the first EDSS not within 30 days of an attack. The
 * event is dated on the first worsened assessment; patients without one are censored at their last
 * assessment. Null when there is no baseline or no later assessment (no follow-up).
 */
export function timeToConfirmedWorsening(
  context: RuleContext,
  settings: RuleSettings['edssWorsening'],
): SurvivalTime | null {
  const fixed = { ...settings, baseline: 'fixed' as const };
  const series = edssSeries(context.timeline.edss);
  const onsets = context.timeline.relapses.flatMap((attack) => attack.recordOnsets).sort();
  const baseline = series.find((a) => stableReference(a.date, onsets, fixed.relapseWindowBeforeConfirmationDays));
  const last = series.at(-1);
  if (!baseline || !last || last.date <= baseline.date) return null;
  const [first] = detectConfirmedWorsening(series, onsets, fixed);
  return first
    ? { days: daysBetween(baseline.date, first.event.date), event: true }
    : { days: daysBetween(baseline.date, last.date), event: false };
}

/** Days in a year of disease duration (Julian year, as every rate here). */
const DAYS_PER_YEAR = 365.25;

/**
 * EDSS by whole years since the first attack (year 0: the first 365.25 days), one value per patient
 * and year (the year's last assessment, so a patient seen often weighs as one). The first attack is
 * the recorded first-attack date, else the first attack on record; none: no values.
 */
export function edssByDiseaseYear(context: RuleContext): { year: number; score: number }[] {
  const origin = context.patient.firstAttackDate ?? context.timeline.relapses[0]?.onsetDate ?? null;
  if (!origin) return [];
  const byYear = new Map<number, number>();
  for (const assessment of edssSeries(context.timeline.edss)) {
    if (assessment.date < origin) continue;
    byYear.set(Math.floor(daysBetween(origin, assessment.date) / DAYS_PER_YEAR), assessment.score);
  }
  return [...byYear.entries()].map(([year, score]) => ({ year, score })).sort((a, b) => a.year - b.year);
}

export function patientOutcomes(context: RuleContext, options: OutcomeOptions): PatientOutcomes {
  return {
    episodes: therapyEpisodes(context, options.lagDays),
    worsening: timeToConfirmedWorsening(context, options.edssWorsening),
    edssByYear: edssByDiseaseYear(context),
  };
}
