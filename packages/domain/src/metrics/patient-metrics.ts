import { type CalendarDate, daysBetween } from '../calendar-date.ts';
import type { TherapyAgent } from '../enums.ts';
import { isMaintenanceAgent } from '../rules/agents.ts';
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
  /** Counted attacks (clustered) up to as-of. */
  attackCount: number;
  /** From the first attack (else the diagnosis) to as-of, both days included; null without either. */
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
 * Per-patient metrics as of a date (Stellmann et al., JNNP 2017: ARR = attacks / years of follow-up,
 * per patient or per treatment episode). Pure; the context is the rules engine's.
 */
export function patientMetrics(context: RuleContext): PatientMetrics {
  const { timeline, asOf, settings, patient } = context;
  const attacks = countedAttacks(timeline.relapses, settings.attackClusterDays);
  const start = attacks[0]?.onsetDate ?? patient.firstAttackDate ?? patient.diagnosisDate ?? null;
  const followUpYears = start && start <= asOf ? yearsInclusive(start, asOf) : null;
  const lastAttack = attacks.at(-1) ?? null;
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
    attackCount: attacks.length,
    followUpYears,
    annualizedRelapseRate: followUpYears ? attacks.length / followUpYears : null,
    lastAttackDate: lastAttack?.onsetDate ?? null,
    daysSinceLastAttack: lastAttack ? daysBetween(lastAttack.onsetDate, asOf) : null,
    currentTherapies: timeline.therapies
      .filter((c) => isMaintenanceAgent(c.agent) && c.startDate <= asOf && (c.stopDate === null || asOf <= c.stopDate))
      .map((c) => c.agent),
    therapyEpisodes,
    lastEdss: last ? { date: last.date, score: last.score } : null,
    lastEdssChange: last && previous ? last.score - previous.score : null,
  };
}
