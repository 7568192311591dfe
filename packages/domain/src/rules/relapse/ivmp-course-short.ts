import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { AcuteTreatment, RelapseEvent } from '../../records/relapse.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { Rule } from '../types.ts';
import { attackDetails, attackLabel, joinAnd } from './labels.ts';
import { acutePhaseEnd, perAttackRule } from './per-attack.ts';

/**
 * IVMP_COURSE_SHORT (info): an IVMP course recorded with fewer days than settings.acute.ivmpMinimumDays
 * (default 3) or a daily dose below settings.acute.ivmpMinimumDailyDoseMg (default 1000 mg). Kümpfel
 * et al., NEMOS recommendations Part II, J Neurol 2024: IVMP 1000 mg/day for 3-5 days. Only recorded values count: a course without days or
 * dose recorded is not short. One flag per attack (listing every short IVMP course of that attack),
 * dated at the start of its first short course.
 *
 * Lifecycle: resolved when, for the same attack, a further IVMP course (whatever its length) or a
 * PLEX starts after the first short course's start day: the course was continued or escalated
 * ("PLEX started on 2024-03-10, day 8", "IVMP continued from 2024-03-10, day 8"; on one day PLEX is
 * named). Otherwise open up to onset + settings.lifecycle.acutePhaseDays (default 30, included: acute
 * care can still be completed, per the setting's comment) and expired from the next day.
 */
export const ivmpCourseShortRule: Rule = perAttackRule('IVMP_COURSE_SHORT', (relapse, { asOf, settings }) => {
  const { ivmpMinimumDays, ivmpMinimumDailyDoseMg } = settings.acute;
  const short = (relapse.acuteTreatments ?? []).filter((t) => t.type === 'ivmp' && isShort(t, settings));
  const first = short[0];
  if (!first) return null;
  const courses = joinAnd(short.map((t) => `IVMP started ${t.startDate} was recorded as ${recorded(t)}`));
  const message =
    `${attackLabel(relapse)}: ${courses}; the NEMOS recommendations (Kümpfel et al. 2024) give ` +
    `${ivmpMinimumDailyDoseMg} mg/day for at least ${ivmpMinimumDays} days.`;
  const flag = makeFlag('IVMP_COURSE_SHORT', 'info', first.startDate, message, 'acuteTreatment', {
    ...attackDetails(relapse),
    startDate: first.startDate,
    days: first.days ?? null,
    dailyDoseMg: first.dailyDoseMg ?? null,
    shortDays: isShortDays(first, settings),
    lowDose: isLowDose(first, settings),
    ivmpMinimumDays,
    ivmpMinimumDailyDoseMg,
    shortCourses: short.map((t) => ({
      startDate: t.startDate,
      days: t.days ?? null,
      dailyDoseMg: t.dailyDoseMg ?? null,
      shortDays: isShortDays(t, settings),
      lowDose: isLowDose(t, settings),
    })),
  });
  return settle(flag, asOf, {
    resolvedBy: continuation(relapse, first),
    actionableUntil: acutePhaseEnd(relapse.onsetDate, settings),
  });
});

/** The first further IVMP course or PLEX started after the short course's start day (PLEX first on one day). */
function continuation(relapse: RelapseEvent, short: AcuteTreatment): { on: CalendarDate; resolution: string } | null {
  const later = (relapse.acuteTreatments ?? []).filter(
    (t) => (t.type === 'ivmp' || t.type === 'plex') && t.startDate > short.startDate,
  );
  const on = later[0]?.startDate;
  if (on === undefined) return null;
  const next = later.find((t) => t.startDate === on && t.type === 'plex') ?? (later[0] as AcuteTreatment);
  const day = daysBetween(relapse.onsetDate, on);
  const resolution =
    next.type === 'plex' ? `PLEX started on ${on}, day ${day}` : `IVMP continued from ${on}, day ${day}`;
  return { on, resolution };
}

const isShortDays = (t: AcuteTreatment, s: RuleSettings): boolean =>
  t.days !== undefined && t.days < s.acute.ivmpMinimumDays;
const isLowDose = (t: AcuteTreatment, s: RuleSettings): boolean =>
  t.dailyDoseMg !== undefined && t.dailyDoseMg < s.acute.ivmpMinimumDailyDoseMg;

/** Whether anything recorded about the course is below the minimum (missing values never are). */
function isShort(t: AcuteTreatment, s: RuleSettings): boolean {
  return isShortDays(t, s) || isLowDose(t, s);
}

/** "2 days at 500 mg/day", "2 days (dose not recorded)", "500 mg/day (days not recorded)". */
function recorded(t: AcuteTreatment): string {
  const days = t.days === undefined ? null : `${t.days} ${t.days === 1 ? 'day' : 'days'}`;
  const dose = t.dailyDoseMg === undefined ? null : `${t.dailyDoseMg} mg/day`;
  if (days && dose) return `${days} at ${dose}`;
  return days ? `${days} (dose not recorded)` : `${dose} (days not recorded)`;
}
