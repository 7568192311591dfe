import { type DbClient, Prisma } from '@nmo/db';
import {
  DEFAULT_LAG_DAYS,
  type FieldError,
  type OutcomeUnit,
  outcomeStatistics,
  patientOutcomes,
  RESEARCH_CURVE_GRID_DAYS,
  type RuleSettings,
  ruleContext,
  todayInClinic,
} from '@nmo/domain';
import { loadPatientTimelines } from '@nmo/storage';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';
import { GROUP_KEY, researchConditions, researchFilterErrors } from './research-scope.ts';

const PAGE = 500;

/** The selected patients and their research group ('' for clinicians, who see one pooled cohort). */
async function selectedPatients(db: DbClient, filters: CohortFilters, threshold?: number) {
  const conditions = threshold === undefined ? filterConditions(filters) : researchConditions(filters, threshold);
  const group = threshold === undefined ? Prisma.sql`''` : GROUP_KEY;
  return db.$queryRaw<{ patientId: string; group: string }[]>(
    Prisma.sql`SELECT "patientId", ${group} AS "group" FROM "PatientSummary" ${whereClause(conditions)}
      ORDER BY "patientId"`,
  );
}

/**
 * What a researcher sent that is refused: the filters `cohort.stats` refuses, and an onset-of-effect
 * lag. A lag moves every episode's start: two answers a day of lag apart differ by the patients whose
 * episode lasted exactly that long, a count that can be 1 (docs/SECURITY.md, "Outcome statistics").
 */
export function researchOutcomeErrors(filters: CohortFilters, lagDays: number | undefined): FieldError[] {
  const refused = researchFilterErrors(filters);
  if (lagDays !== undefined && lagDays !== DEFAULT_LAG_DAYS)
    refused.push({
      path: 'lagDays',
      message:
        'is not available to researchers: comparing two lags counts the patients whose episode lasted exactly that long',
    });
  return refused;
}

export interface OutcomeRequest {
  filters: CohortFilters;
  /** Onset-of-effect lag in days (domain statistics/patient-outcomes.ts). */
  lagDays: number;
  /** Researchers: the small-cell threshold; absent for clinicians' exact figures. */
  research?: { threshold: number };
}

/**
 * ARR per agent, time to first relapse per agent, cumulative incidence of confirmed EDSS worsening
 * and EDSS by disease year over the patients matching the filters, as of today (domain
 * statistics/outcome-statistics.ts). No identities; researchers' figures small-cell protected.
 */
export async function queryOutcomes(db: DbClient, settings: RuleSettings, request: OutcomeRequest) {
  const threshold = request.research?.threshold;
  const patients = await selectedPatients(db, request.filters, threshold);
  const groupOf = new Map(patients.map((p) => [p.patientId, p.group]));
  const asOf = todayInClinic();
  const options = { lagDays: request.lagDays, edssWorsening: settings.edssWorsening };
  const units: OutcomeUnit[] = [];
  for (let start = 0; start < patients.length; start += PAGE) {
    const ids = patients.slice(start, start + PAGE).map((p) => p.patientId);
    for (const { id, timeline } of await loadPatientTimelines(db, { ids }))
      units.push({
        group: groupOf.get(id) ?? '',
        outcomes: patientOutcomes(ruleContext(timeline, asOf, settings), options),
      });
  }
  const w = settings.edssWorsening;
  return {
    ...outcomeStatistics(units, request.research),
    method: {
      lagDays: request.lagDays,
      attackClusterDays: settings.attackClusterDays,
      confirmationDays: w.confirmationDays,
      confirmationToleranceBeforeDays: w.confirmationToleranceBeforeDays,
      confirmationToleranceAfterDays: w.confirmationToleranceAfterDays,
      relapseWindowBeforeConfirmationDays: w.relapseWindowBeforeConfirmationDays,
    },
    privacy: threshold === undefined ? null : { threshold, curveGridDays: RESEARCH_CURVE_GRID_DAYS },
  };
}
export type CohortOutcomes = Awaited<ReturnType<typeof queryOutcomes>>;
