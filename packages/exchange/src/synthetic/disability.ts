import type { EdssEvent } from '@nmo/domain';
import type { Course, Day, Profile } from './model.ts';
import type { Random } from './random.ts';
import { dateOf } from './timeline.ts';
import type { VisitRecords } from './visits.ts';

/** Acute worsening fades over about three months to the attack's residual. */
const RECOVERY_DAYS = 90;
/** Disability the model never exceeds (EDSS 9.5 would be bed-bound). */
const MAX_LEVEL = 8.5;

/**
 * EDSS at visits: the sum of the residuals of past attacks plus the fading acute part of recent
 * ones, read with ±0.5 rater noise at a few visits, as a Kurtzke step (0, 1.0, 1.5 … 10). Worsening
 * without an attack is rare in NMOSD (§2.4) and only appears where the plan asks for it.
 */
export function writeEdss(random: Random, { profile, course, visits, timeline }: VisitRecords): void {
  const silent = profile.monitoring.silentProgression ? silentProgressionDay(random, profile, course) : null;
  const level = (day: Day): number => {
    let sum = 0;
    for (const attack of course.attacks) {
      if (attack.onset > day) continue;
      sum += attack.residualEdss + attack.acuteEdss * Math.max(0, 1 - (day - attack.onset) / RECOVERY_DAYS);
    }
    if (silent !== null && day >= silent.day) sum += silent.step;
    return Math.min(MAX_LEVEL, sum);
  };
  // Attack visits first: an attack-time score wins over a routine visit on the same day.
  for (const day of [...visits.attack, ...visits.routine]) {
    if (!random.chance(0.95)) continue;
    const noise = random.chance(0.08) ? random.pick([-0.5, 0.5]) : 0;
    const score = edssStep(level(day) + noise);
    const event: EdssEvent = { type: 'edss', date: dateOf(day), score };
    timeline.add(day, event);
  }
}

/**
 * The nearest Kurtzke EDSS step: 0 or 1.0 to 10 in half points. The scale has no 0.5 (Kurtzke,
 * Neurology 1983;33:1444-1452): a level from 0.5 up reads as 1.0 (minimal signs), below it as 0.
 */
export function edssStep(level: number): number {
  const half = Math.min(10, Math.max(0, Math.round(level * 2) / 2));
  if (half !== 0.5) return half;
  return level >= 0.5 ? 1 : 0;
}

/**
 * A quiet stretch for worsening without relapse: no attack from 15 months before (the last visit
 * before the step may be a year earlier) to a year after, so the rules can confirm it at 6 months
 * with no relapse nearby. The step is half a point more than confirmed worsening needs (msprog:
 * +1.5 from 0, +1.0 below 5.5), so one low-scored visit does not undo it.
 */
function silentProgressionDay(random: Random, profile: Profile, course: Course): { day: Day; step: number } | null {
  const earliest = profile.onset + 365;
  const latest = profile.asOf - 730;
  for (let attempt = 0; attempt < 20 && earliest < latest; attempt++) {
    const day = random.int(earliest, latest);
    if (course.attacks.every((a) => a.onset < day - 450 || a.onset > day + 365)) {
      const before = course.attacks.reduce((sum, a) => (a.onset < day ? sum + a.residualEdss : sum), 0);
      return { day, step: before < 1 ? 2 : 1.5 };
    }
  }
  return null;
}
