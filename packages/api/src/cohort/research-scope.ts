import { type DbClient, Prisma } from '@nmo/db';
import type { FieldError } from '@nmo/domain';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';

/**
 * What a researcher may ask of the cohort (docs/SECURITY.md, "What a researcher can learn").
 *
 * Filters: only attributes that every de-identified export carries in the same form (AQP4-IgG and
 * MOG-IgG serostatus, current maintenance therapy), so a filtered request teaches nothing the whole
 * de-identified cohort does not. Everything that points at a person or a real calendar day is
 * refused: a word search finds patients by name or MRN; a last-visit window on real dates, at any
 * grain, bounds each subject's secret date shift once its shifted dates are in an export (a day
 * window gives the shift exactly, a year window splits its range); open flags and severity change on
 * exact calendar days as time passes (an overdue MRI turns on the day its interval ends), so they
 * pin real dates the same way.
 *
 * Groups: every filter selects whole groups of patients who share serostatus and current therapy.
 * Researchers' statistics and exports cover only the groups of at least the small-cell threshold
 * (k-anonymity on these attributes, Sweeney, Int J Uncertain Fuzziness Knowl-Based Syst 2002,
 * doi:10.1142/S0218488502001648), so any two requests differ by whole groups of at least that many
 * patients, or by none: subtracting one answer from another never isolates fewer than the threshold
 * (the "tracker" attack of Denning, Denning and Schwartz, ACM TODS 1979, doi:10.1145/320064.320069).
 * Patients in smaller groups are left out, and only their number in the whole cohort is shown.
 */
export const RESEARCH_FILTERS = ['aqp4Status', 'mogStatus', 'currentTherapies'] as const;

const REFUSALS: Record<string, string> = {
  search: 'is not available to researchers: a word search finds patients by name or MRN',
  lastVisitFrom:
    "is not available to researchers: a window on real calendar dates reveals each subject's date shift in the export",
  lastVisitTo:
    "is not available to researchers: a window on real calendar dates reveals each subject's date shift in the export",
  flagCodes:
    'is not available to researchers: open flags change on exact calendar days, which pins real dates; the counts by flag are shown instead',
  severity:
    'is not available to researchers: open flags change on exact calendar days, which pins real dates; the counts by severity are shown instead',
  workingDiagnosis:
    'is not available to researchers: research groups are by serostatus and current therapy only, so each has enough patients; the diagnosis is in the export',
  edssMin:
    'is not available to researchers: research groups are by serostatus and current therapy only, so each has enough patients; EDSS is in the export',
  edssMax:
    'is not available to researchers: research groups are by serostatus and current therapy only, so each has enough patients; EDSS is in the export',
};

/** The filters a researcher sent that are refused, as field errors (empty when all are allowed). */
export function researchFilterErrors(filters: Record<string, unknown>, pathPrefix = ''): FieldError[] {
  return Object.entries(filters)
    .filter(([name, value]) => value !== undefined && !(RESEARCH_FILTERS as readonly string[]).includes(name))
    .map(([name]) => ({
      path: `${pathPrefix}${name}`,
      message: REFUSALS[name] ?? 'is not available to researchers',
    }));
}

/**
 * The group a patient belongs to for small-cell purposes: serostatus and the set of current agents
 * (sorted, so the same agents started in another order are the same group).
 */
const THERAPY_SET = Prisma.sql`ARRAY(SELECT DISTINCT t::text FROM unnest("currentTherapies") t ORDER BY 1)`;
const GROUP = Prisma.sql`"aqp4Status", "mogStatus", ${THERAPY_SET}`;

/** Patients whose group has at least `threshold` patients. */
const inLargeGroup = (threshold: number) =>
  Prisma.sql`(${GROUP}) IN (SELECT ${GROUP} FROM "PatientSummary" GROUP BY 1, 2, 3 HAVING count(*) >= ${threshold})`;

/**
 * The conditions on PatientSummary selecting the patients a researcher's answer covers: the filters,
 * restricted to groups of at least `threshold` patients.
 */
export const researchConditions = (filters: CohortFilters, threshold: number): Prisma.Sql[] => [
  ...filterConditions(filters),
  inLargeGroup(threshold),
];

/** Patients of the whole cohort in groups smaller than the threshold: not counted for researchers. */
export async function patientsInSmallGroups(db: DbClient, threshold: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT coalesce(sum(n), 0)::int AS n FROM (SELECT count(*) AS n FROM "PatientSummary" GROUP BY ${GROUP}) g
      WHERE n < ${threshold}`,
  );
  return row?.n ?? 0;
}

/** The ids of the patients a researcher's export covers. */
export async function researchPatientIds(db: DbClient, filters: CohortFilters, threshold: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ patientId: string }[]>(
    Prisma.sql`SELECT "patientId" FROM "PatientSummary" ${whereClause(researchConditions(filters, threshold))}`,
  );
  return rows.map((row) => row.patientId);
}

/** A patient's group as one text value, for GROUP BY. */
export const GROUP_KEY = Prisma.sql`concat_ws('|', "aqp4Status", "mogStatus", array_to_string(${THERAPY_SET}, ','))`;
