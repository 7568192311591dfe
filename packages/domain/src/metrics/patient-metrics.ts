import { type CalendarDate, daysBetween } from '../calendar-date.ts';
import type { TherapyAgent } from '../enums.ts';
import { isMaintenanceAgent } from '../rules/agents.ts';
import { isSameAttack } from '../rules/timeline.ts';
import type { RuleContext } from '../rules/types.ts';
import { countedAttacks, yearsInclusive } from './attacks.ts';

export interface TherapyEpisodeMetrics {
  agent: TherapyAgent;
  startDate: CalendarDate;
  /** Null while ongoing on the as-of date. */
  stopDate: CalendarDate | null;
  exposureYears: number;
  /** Counted attacks with onset after the start day, up to the stop day (or as-of). */
  attacks: number;
  annualizedRelapseRate: number;
}

export interface PatientMetrics {
  /** Counted attacks (clustered) up to as-of, with the onset attack when it is only a first-attack date. */
  attackCount: number;
  /** From the first attack (recorded or the first-attack date, whichever is earlier; else the diagnosis) to as-of, both days included; null without either. */
  followUpYears: number | null;
  /** Counted attacks / follow-up years; null without follow-up. */
  annualizedRelapseRate: number | null;
  lastAttackDate: CalendarDate | null;
  daysSinceLastAttack: number | null;
  /** Maintenance therapies active on as-of, by start date. */
  currentTherapies: TherapyAgent[];
  therapyEpisodes: TherapyEpisodeMetrics[];
  lastEdss: { date: CalendarDate; score: number } | null;
  /** Change of the last EDSS from the one before it; null with fewer than two. */
  lastEdssChange: number | null;
}

/**
 * The patient's first-attack date when no recorded attack stands for it: a history entered as a date
 * of onset with only later attacks recorded. That onset is an attack (Wingerchuk et al., Neurology
 * 2015; 85:177–189, doi:10.1212/WNL.0000000000001729: NMOSD is diagnosed on a first core clinical
 * characteristic) and starts the follow-up; without it, years of disease with one recent recorded
 * attack read as one attack in a few days (an ARR of 45). A recorded attack within the cluster window
 * of it is the same attack; a date after the first recorded attack, or after as-of, adds nothing.
 */
function unrecordedOnset(
  firstAttackDate: CalendarDate | null | undefined,
  firstRecorded: CalendarDate | null,
  asOf: CalendarDate,
  clusterDays: number,
): CalendarDate | null {
  if (!firstAttackDate || firstAttackDate > asOf) return null;
  if (firstRecorded && (firstAttackDate >= firstRecorded || isSameAttack(firstAttackDate, firstRecorded, clusterDays)))
    return null;
  return firstAttackDate;
}

/**
 * Per-patient metrics as of a date (Stellmann et al., JNNP 2017: ARR = attacks / years of follow-up,
 * per patient or per treatment episode). Pure; the context is the rules engine's.
 */
export function patientMetrics(context: RuleContext): PatientMetrics {
  const { timeline, asOf, settings, patient } = context;
  const attacks = countedAttacks(timeline.relapses, settings.attackClusterDays);
  const onset = unrecordedOnset(
    patient.firstAttackDate,
    attacks[0]?.onsetDate ?? null,
    asOf,
    settings.attackClusterDays,
  );
  const attackCount = attacks.length + (onset ? 1 : 0);
  const firstAttack = [attacks[0]?.onsetDate, patient.firstAttackDate].filter((date) => date && date <= asOf).sort()[0];
  const start = firstAttack ?? patient.diagnosisDate ?? null;
  const followUpYears = start && start <= asOf ? yearsInclusive(start, asOf) : null;
  const lastAttackDate = attacks.at(-1)?.onsetDate ?? onset;
  const edss = timeline.edss;
  const last = edss.at(-1);
  const previous = edss.at(-2);

  const therapyEpisodes = timeline.therapies
    .filter((course) => isMaintenanceAgent(course.agent))
    .map((course) => {
      const end = course.stopDate ?? asOf;
      const exposureYears = yearsInclusive(course.startDate, end);
      const inEpisode = attacks.filter((a) => a.onsetDate > course.startDate && a.onsetDate <= end).length;
      return {
        agent: course.agent,
        startDate: course.startDate,
        stopDate: course.stopDate,
        exposureYears,
        attacks: inEpisode,
        annualizedRelapseRate: inEpisode / exposureYears,
      };
    });

  return {
    attackCount,
    followUpYears,
    annualizedRelapseRate: followUpYears ? attackCount / followUpYears : null,
    lastAttackDate,
    daysSinceLastAttack: lastAttackDate ? daysBetween(lastAttackDate, asOf) : null,
    currentTherapies: timeline.therapies
      .filter((c) => isMaintenanceAgent(c.agent) && c.startDate <= asOf && (c.stopDate === null || asOf <= c.stopDate))
      .map((c) => c.agent),
    therapyEpisodes,
    lastEdss: last ? { date: last.date, score: last.score } : null,
    lastEdssChange: last && previous ? last.score - previous.score : null,
  };
}
