import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { COMPLEMENT_INHIBITORS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';
import { agentTitle, dayCount } from './labels.ts';
import { allRecordedOn, earliest, stopOf } from './resolution.ts';

/** Both are required: serogroups A, C, W, Y (MenACWY) and B (MenB). */
const REQUIRED_VACCINES = [
  { vaccine: 'menacwy', name: 'MenACWY' },
  { vaccine: 'menb', name: 'MenB' },
] as const;

/**
 * MENINGOCOCCAL_VACCINATION_MISSING: a course of a terminal complement inhibitor (eculizumab, ravulizumab)
 * whose first dose was not preceded by both a MenACWY and a MenB vaccination given at least
 * `meningococcalLeadDays` (default 14) before it. SOLIRIS and ULTOMIRIS US prescribing information,
 * boxed warning and REMS: complete meningococcal vaccination (serogroups A, C, W, Y and B) at least
 * 2 weeks before the first dose. A vaccination exactly `meningococcalLeadDays` before the first
 * dose is in time, one day later is not. Vaccinations given late (less than the lead time before, or after,
 * the first dose) are named with their dates: the course started without the required protection. Dated at
 * the first dose; one flag per course (a restart has its own first dose, and earlier vaccinations count for
 * it).
 *
 * Lifecycle: open while the course runs and the series is incomplete; resolved when both vaccines are on
 * record ("vaccination series completed on 2024-04-01", the day of the later of the two; any MenACWY and
 * any MenB up to as-of count, so a series completed late but before the first dose resolves the flag on
 * that earlier day), or when the course stops ("eculizumab stopped on 2024-05-01"), whichever comes first
 * (a vaccination on the stop day wins). No expiry: vaccination can be given at any time during the course.
 */
export const meningococcalVaccinationRule: Rule = {
  codes: ['MENINGOCOCCAL_VACCINATION_MISSING'],
  evaluate({ timeline, asOf, settings }) {
    const leadDays = settings.therapy.meningococcalLeadDays;
    // The series is complete once both vaccines are on record: the later of their first dates.
    const completed = allRecordedOn(
      REQUIRED_VACCINES.map(({ vaccine }) => timeline.vaccinations.find((v) => v.vaccine === vaccine)?.date ?? null),
    );
    const series =
      completed === null ? null : { on: completed, resolution: `vaccination series completed on ${completed}` };
    return timeline.therapies
      .filter((course) => COMPLEMENT_INHIBITORS.has(course.agent))
      .flatMap((course) => {
        const firstDose = course.firstDoseDate;
        const dueBy = addDays(firstDose, -leadDays);
        const problems = REQUIRED_VACCINES.flatMap(({ vaccine, name }) => {
          const dates = timeline.vaccinations.filter((v) => v.vaccine === vaccine).map((v) => v.date);
          if (dates.some((date) => date <= dueBy)) return [];
          return [{ vaccine, name, status: dates.length === 0 ? 'not_recorded' : 'too_late', dates }];
        });
        if (problems.length === 0) return [];
        const described = problems.map(({ name, dates }) =>
          dates.length === 0
            ? `no ${name} vaccination recorded`
            : `${name} given only ${dates.map((d) => relative(d, firstDose)).join(' and ')}`,
        );
        const flag = makeFlag(
          'MENINGOCOCCAL_VACCINATION_MISSING',
          'critical',
          firstDose,
          `${agentTitle(course.agent)} first dose on ${firstDose}: ${described.join('; ')}. Meningococcal ACWY and B vaccination is required at least ${dayCount(leadDays)} before the first dose (by ${dueBy}); if therapy could not wait, antibacterial prophylaxis must cover the gap.`,
          'meningococcal',
          {
            agent: course.agent,
            firstDoseDate: firstDose,
            leadDays,
            vaccinateBy: dueBy,
            missing: problems.map(({ vaccine, status, dates }) => ({ vaccine, status, dates })),
          },
        );
        return [
          settle(flag, asOf, {
            resolvedBy: earliest(series, stopOf(course)),
          }),
        ];
      });
  },
};

/** "on 2024-02-20 (10 days before the first dose)", "on 2024-03-02 (1 day after the first dose)". */
function relative(date: CalendarDate, firstDose: CalendarDate): string {
  const days = daysBetween(date, firstDose);
  if (days === 0) return `on ${date} (the day of the first dose)`;
  return `on ${date} (${dayCount(Math.abs(days))} ${days > 0 ? 'before' : 'after'} the first dose)`;
}
