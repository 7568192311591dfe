import { B_CELL_AGENTS } from '../agents.ts';
import { makeFlag } from '../flag.ts';
import { isActiveOn, labsFor, latest } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName } from './labels.ts';

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
 * LOW_IGG: on a B-cell therapy active on the as-of date, the latest IgG measured on a day a B-cell therapy
 * was active is below `lowIggMgDl` (equal is not below). Hypogammaglobulinaemia on anti-CD20 therapy was
 * found in 64% of a neuroinflammatory cohort, with serious infections (PMC5937879); rheumatology consensus
 * checks IgG before each course (clinical-research.md 2.7). One flag per patient, dated at the lab.
 */
export const lowIggRule: Rule = {
  codes: ['LOW_IGG'],
  evaluate({ timeline, asOf, settings }) {
    const bCell = timeline.therapies.filter((course) => B_CELL_AGENTS.has(course.agent));
    if (!bCell.some((course) => isActiveOn(course, asOf))) return [];
    const lab = latest(
      labsFor(timeline, 'igg').filter(
        (l) => l.value !== undefined && bCell.some((course) => isActiveOn(course, l.date)),
      ),
    );
    if (lab?.value === undefined) return [];
    const valueMgDl = iggInMgDl(lab.value, lab.unit);
    if (valueMgDl === null) return [];
    const threshold = settings.lowIggMgDl;
    if (valueMgDl >= threshold) return [];
    const agents = [...new Set(bCell.filter((course) => isActiveOn(course, lab.date)).map((course) => course.agent))];
    const unit = lab.unit ?? null;
    const shown =
      unit === null || valueMgDl === lab.value
        ? `${lab.value} ${unit ?? 'mg/dL'}`
        : `${lab.value} ${unit} (${valueMgDl} mg/dL)`;
    return [
      makeFlag(
        'LOW_IGG',
        'warning',
        lab.date,
        `IgG ${shown} on ${lab.date} on ${agents.map(agentName).join(' and ')}, below ${threshold} mg/dL: hypogammaglobulinaemia on B-cell therapy raises the risk of serious infections; review before the next course.`,
        'igg',
        { value: lab.value, unit, valueMgDl, threshold, thresholdUnit: 'mg/dL', agents },
      ),
    ];
  },
};
