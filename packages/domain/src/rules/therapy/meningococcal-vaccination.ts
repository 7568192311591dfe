import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { COMPLEMENT_INHIBITORS } from '../agents.ts';
import { makeFlag } from '../flag.ts';
import { therapiesActiveOn } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentTitle, dayCount } from './labels.ts';

/** Both are required: serogroups A, C, W, Y (MenACWY) and B (MenB). */
const REQUIRED_VACCINES = [
  { vaccine: 'menacwy', name: 'MenACWY' },
  { vaccine: 'menb', name: 'MenB' },
] as const;

/**
 * MENINGOCOCCAL_VACCINATION_MISSING: a terminal complement inhibitor (eculizumab, ravulizumab) is active on
 * the as-of date and its first dose was not preceded by both a MenACWY and a MenB vaccination given at least
 * `meningococcalLeadDays` before it. NMOSD guideline, Eculizumab: "Complete meningococcal vaccination
 * (serogroups A, C, W, Y, and B) at least 2 weeks before initiating therapy" (SOLIRIS/ULTOMIRIS labels,
 * REMS; clinical-research.md 2.9). A vaccination exactly `meningococcalLeadDays` before the first dose is in
 * time, one day later is not. Vaccinations given late (less than the lead time before, or after, the first
 * dose) are named with their dates: the course started without the required protection. Dated at the first
 * dose; one flag per course (a restart has its own first dose, and earlier vaccinations count for it).
 */
export const meningococcalVaccinationRule: Rule = {
  codes: ['MENINGOCOCCAL_VACCINATION_MISSING'],
  evaluate({ timeline, asOf, settings }) {
    const leadDays = settings.therapy.meningococcalLeadDays;
    return therapiesActiveOn(timeline, asOf, (course) => COMPLEMENT_INHIBITORS.has(course.agent)).flatMap((course) => {
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
      return [
        makeFlag(
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
        ),
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
