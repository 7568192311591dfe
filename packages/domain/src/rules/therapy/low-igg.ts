import { addDays, type CalendarDate } from '../../calendar-date.ts';
import { B_CELL_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import { isActiveOn, labsFor, type TherapyCourse } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName } from './labels.ts';
import { earliest, type Resolution } from './resolution.ts';

/**
 * Factors to mg/dL for mass-concentration units of IgG (1 g/L = 100 mg/dL). Units are matched without regard
 * to case; a missing unit is taken as mg/dL (the record's convention for IgG); any other unit cannot be
 * compared, so it raises nothing.
 */
const TO_MG_DL: Record<string, number> = { 'mg/dl': 1, 'g/l': 100, 'g/dl': 1000, 'mg/l': 0.1 };

/** An IgG value in mg/dL, or null when its unit is not a mass concentration this knows. */
export function iggInMgDl(value: number, unit: string | undefined): number | null {
  const factor = TO_MG_DL[(unit ?? 'mg/dL').toLowerCase()];
  return factor === undefined ? null : Math.round(value * factor * 1000) / 1000;
}

/**
 * LOW_IGG: an IgG measured on a day a B-cell therapy (B_CELL_AGENTS) was active is below `lowIggMgDl`
 * (default 700 mg/dL; equal is not below). Hypogammaglobulinaemia on anti-CD20 therapy was found in 64% of
 * a neuroinflammatory cohort, with serious infections (PMC5937879); rheumatology consensus checks IgG before
 * each course (Tallantyre et al., J Neurol 2018). IgG values on B-cell therapy are read in order (values in a unit
 * this cannot convert are skipped); dated at the lab.
 *
 * Lifecycle: the latest IgG on B-cell therapy, when low, is open while that B-cell therapy runs. A low value
 * is resolved by the next IgG on therapy when that one is at or above the threshold ("IgG 820 mg/dL on
 * 2024-07-01"), or by the B-cell therapy it was measured on stopping ("rituximab stopped on 2024-09-01":
 * the last day of the uninterrupted stretch of B-cell courses around the lab), whichever comes first. A low
 * value followed, while still on that therapy, by another low one gives way to it (only the latest is
 * raised), so earlier low values appear only as resolved history. No expiry: the infection risk lasts
 * while the therapy does.
 */
export const lowIggRule: Rule = {
  codes: ['LOW_IGG'],
  evaluate({ timeline, asOf, settings }) {
    const bCell = timeline.therapies.filter((course) => B_CELL_AGENTS.has(course.agent));
    const threshold = settings.lowIggMgDl;
    const readings = labsFor(timeline, 'igg').flatMap((lab) => {
      if (lab.value === undefined || !bCell.some((course) => isActiveOn(course, lab.date))) return [];
      const valueMgDl = iggInMgDl(lab.value, lab.unit);
      return valueMgDl === null ? [] : [{ lab, value: lab.value, valueMgDl }];
    });
    return readings.flatMap(({ lab, value, valueMgDl }, index) => {
      if (valueMgDl >= threshold) return [];
      const next = readings[index + 1];
      const stop = exposureEnd(bCell, lab.date);
      // Another low value while still on therapy replaces this one.
      if (next !== undefined && next.valueMgDl < threshold && (stop === null || next.lab.date <= stop.on)) return [];
      const normal =
        next === undefined
          ? null
          : {
              on: next.lab.date,
              resolution: `IgG ${shown(next.value, next.lab.unit, next.valueMgDl)} on ${next.lab.date}`,
            };
      const agents = [...new Set(bCell.filter((course) => isActiveOn(course, lab.date)).map((course) => course.agent))];
      const flag = makeFlag(
        'LOW_IGG',
        'warning',
        lab.date,
        `IgG ${shown(value, lab.unit, valueMgDl)} on ${lab.date} on ${agents.map(agentName).join(' and ')}, below ${threshold} mg/dL: hypogammaglobulinaemia on B-cell therapy raises the risk of serious infections; review before the next course.`,
        'igg',
        { value, unit: lab.unit ?? null, valueMgDl, threshold, thresholdUnit: 'mg/dL', agents },
      );
      return [settle(flag, asOf, { resolvedBy: earliest(normal, stop) })];
    });
  },
};

/** "620 mg/dL", "6.2 g/L (620 mg/dL)". */
function shown(value: number, unit: string | undefined, valueMgDl: number): string {
  return unit === undefined || valueMgDl === value
    ? `${value} ${unit ?? 'mg/dL'}`
    : `${value} ${unit} (${valueMgDl} mg/dL)`;
}

/**
 * The end of the uninterrupted B-cell therapy around `date` (courses that overlap or follow on the next
 * day form one stretch): its last day and which agents stopped then, or null while it runs.
 */
function exposureEnd(courses: readonly TherapyCourse[], date: CalendarDate): Resolution | null {
  let end: CalendarDate = date;
  for (;;) {
    // Courses running on `end` or starting the day after it carry the stretch on.
    const carrying = courses.filter((course) => isActiveOn(course, end) || course.startDate === addDays(end, 1));
    if (carrying.some((course) => course.stopDate === null)) return null;
    const furthest = carrying.reduce<CalendarDate>(
      (max, course) => (course.stopDate !== null && course.stopDate > max ? course.stopDate : max),
      end,
    );
    if (furthest === end) {
      const agents = [
        ...new Set(carrying.filter((course) => course.stopDate === end).map((course) => agentName(course.agent))),
      ];
      return { on: end, resolution: `${agents.join(' and ')} stopped on ${end}` };
    }
    end = furthest;
  }
}
