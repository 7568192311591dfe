import { Prisma } from '@nmo/db';
import {
  calendarDate,
  DIAGNOSES,
  FLAG_CODES,
  SEROSTATUSES,
  SEVERITIES,
  SEVERITY_RANK,
  THERAPY_AGENTS,
} from '@nmo/domain';
import { z } from 'zod';
import { NO_FLAG_RANK } from '../flags/summary.ts';
import { searchConditions } from './patient-search.ts';

const score = () =>
  z.number({ error: 'must be a number' }).min(0, { error: 'must be 0 or more' }).max(10, {
    error: 'must be 10 or less (EDSS runs from 0 to 10)',
  });

/** Filters shared by the overview, the worklist and the statistics. Lists match any of their values. */
export const cohortFilterFields = {
  /** Patients with an open flag of any of these codes. */
  flagCodes: z
    .array(z.enum(FLAG_CODES, { error: 'must be one of the flag codes' }))
    .max(FLAG_CODES.length)
    .optional(),
  /** Patients whose most severe open flag is at least this severe. */
  severity: z.enum(SEVERITIES, { error: 'must be critical, warning or info' }).optional(),
  aqp4Status: z.array(z.enum(SEROSTATUSES)).optional(),
  mogStatus: z.array(z.enum(SEROSTATUSES)).optional(),
  /** Working diagnosis (recorded, else derived from serostatus where unambiguous), any of. Clinicians only. */
  workingDiagnosis: z
    .array(z.enum(DIAGNOSES, { error: `must be one of ${DIAGNOSES.join(', ')}` }))
    .max(DIAGNOSES.length)
    .optional(),
  /** Current maintenance agent, any of; "none" for patients on no maintenance therapy. */
  currentTherapies: z.array(z.enum([...THERAPY_AGENTS, 'none'])).optional(),
  edssMin: score().optional(),
  edssMax: score().optional(),
  lastVisitFrom: calendarDate.optional(),
  lastVisitTo: calendarDate.optional(),
};

/** Ranges must not be upside down; the error is on the upper bound and names the lower one as the filter box labels it. */
export function checkRanges(
  value: { edssMin?: number; edssMax?: number; lastVisitFrom?: string; lastVisitTo?: string },
  context: z.RefinementCtx,
) {
  if (value.edssMin !== undefined && value.edssMax !== undefined && value.edssMin > value.edssMax)
    context.addIssue({ code: 'custom', path: ['edssMax'], message: 'must not be below EDSS from' });
  if (value.lastVisitFrom && value.lastVisitTo && value.lastVisitFrom > value.lastVisitTo)
    context.addIssue({ code: 'custom', path: ['lastVisitTo'], message: 'must not be before Last visit from' });
}

export const cohortFiltersSchema = z.strictObject(cohortFilterFields).superRefine(checkRanges);
export type CohortFilters = z.infer<typeof cohortFiltersSchema> & { search?: string };

/** The WHERE conditions of a filter on PatientSummary (ANDed; empty list for no filter). */
export function filterConditions(filters: CohortFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filters.flagCodes?.length) {
    where.push(Prisma.sql`"openFlagCodes" && ${filters.flagCodes}::text[]`);
    // Implied (a patient with an open flag has a worst severity), but the planner cannot know it: it
    // bounds the walk of the least-severe-first sort index, which otherwise passes every patient
    // without open flags before the first match (docs/decisions/0034).
    where.push(Prisma.sql`"worstSeverityRank" < ${NO_FLAG_RANK}`);
  }
  if (filters.severity) where.push(Prisma.sql`"worstSeverityRank" <= ${SEVERITY_RANK[filters.severity]}`);
  if (filters.aqp4Status?.length) where.push(Prisma.sql`"aqp4Status"::text = ANY(${filters.aqp4Status}::text[])`);
  if (filters.mogStatus?.length) where.push(Prisma.sql`"mogStatus"::text = ANY(${filters.mogStatus}::text[])`);
  if (filters.workingDiagnosis?.length)
    where.push(Prisma.sql`"workingDiagnosis"::text = ANY(${filters.workingDiagnosis}::text[])`);
  if (filters.currentTherapies?.length) {
    const agents = filters.currentTherapies.filter((agent) => agent !== 'none');
    const either = [Prisma.sql`"currentTherapies"::text[] && ${agents}::text[]`];
    if (filters.currentTherapies.includes('none')) either.push(Prisma.sql`cardinality("currentTherapies") = 0`);
    where.push(Prisma.sql`(${Prisma.join(either, ' OR ')})`);
  }
  if (filters.edssMin !== undefined) where.push(Prisma.sql`"lastEdssScore" >= ${filters.edssMin}`);
  if (filters.edssMax !== undefined) where.push(Prisma.sql`"lastEdssScore" <= ${filters.edssMax}`);
  if (filters.lastVisitFrom) where.push(Prisma.sql`"lastVisitDate" >= ${filters.lastVisitFrom}::date`);
  if (filters.lastVisitTo) where.push(Prisma.sql`"lastVisitDate" <= ${filters.lastVisitTo}::date`);
  where.push(...searchConditions(filters.search));
  return where;
}

export const whereClause = (conditions: Prisma.Sql[]) =>
  conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
