import type { AcuteTreatment } from '../../records/relapse.ts';
import { makeFlag } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { Flag, Rule } from '../types.ts';
import { attackDetails, attackLabel, joinAnd } from './labels.ts';

/**
 * IVMP_COURSE_SHORT (info): an IVMP course recorded with fewer days than settings.acute.ivmpMinimumDays
 * (default 3) or a daily dose below settings.acute.ivmpMinimumDailyDoseMg (default 1000 mg). NMOSD
 * guideline, Acute Attack Management: "IVMP at 1000 mg/day for 3-5 days"; Critical Pitfalls: avoid
 * "inadequate duration of acute treatment". Only recorded values count: a course without days or
 * dose recorded is not short. One flag per attack (listing every short IVMP course of that attack),
 * dated at the start of its first short course.
 */
export const ivmpCourseShortRule: Rule = {
  codes: ['IVMP_COURSE_SHORT'],
  evaluate({ timeline, settings }) {
    const { ivmpMinimumDays, ivmpMinimumDailyDoseMg } = settings.acute;
    const flags: Flag[] = [];
    for (const relapse of timeline.relapses) {
      const short = (relapse.acuteTreatments ?? []).filter((t) => t.type === 'ivmp' && isShort(t, settings));
      const first = short[0];
      if (!first) continue;
      const courses = joinAnd(short.map((t) => `IVMP started ${t.startDate} was recorded as ${recorded(t)}`));
      const message =
        `${attackLabel(relapse)}: ${courses}; the guideline recommends ` +
        `${ivmpMinimumDailyDoseMg} mg/day for at least ${ivmpMinimumDays} days.`;
      flags.push(
        makeFlag('IVMP_COURSE_SHORT', 'info', first.startDate, message, 'acuteTreatment', {
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
        }),
      );
    }
    return flags;
  },
};

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
