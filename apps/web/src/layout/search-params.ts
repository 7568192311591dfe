import { DIAGNOSES, FLAG_CODES, SEROSTATUSES, SEVERITIES, THERAPY_AGENTS } from '@nmo/domain/vocabulary';
// zod's tree-shakable form: these schemas are on the first screen, whose size is a target (bench:web).
import * as z from 'zod/mini';
import type { OverviewInput } from '../api-types.ts';
import type { RangeKey } from '../patient/charts/chart-data.ts';
import type { SectionName } from '../patient/records/record-summaries.ts';

/*
 * What each page keeps in its URL (query string), so that Back and a copied link restore it. Every
 * field falls back to its default when missing or not valid (an old bookmark, a hand-edited link):
 * a bad parameter never stops a page from opening. Defaults are left out of the URL (see router.ts).
 */

/** A choice among `values`, or '' (any) for anything else. */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.catch(z._default(z.union([z.enum(values), z.literal('')]), ''), '');
/**
 * Free text as typed (the server names a bad number or date in its own field error). A hand-written
 * `?search=123` arrives as a number: it is the text "123".
 */
const text = z.catch(
  z._default(z.union([z.string().check(z.maxLength(200)), z.pipe(z.number(), z.transform(String))]), ''),
  '',
);
/** A page of a cursor-paged list: its number and the cursor that opens it (none on the first page). */
const paging = {
  page: z.catch(z._default(z.int().check(z.minimum(1), z.maximum(100_000)), 1), 1),
  cursor: z.catch(z.optional(z.string().check(z.minLength(1), z.maxLength(2000))), undefined),
};

type SortColumn = NonNullable<OverviewInput['sort']>['column'];
/** The cohort table's sort columns: every one of the API's (a Record, so that tsc finds one missing). */
const SORTABLE: Record<SortColumn, true> = {
  mrn: true,
  name: true,
  age: true,
  aqp4Status: true,
  currentTherapy: true,
  lastEdss: true,
  arr: true,
  attacks: true,
  openFlags: true,
  severity: true,
  daysOverdue: true,
  lastVisit: true,
};
export const SORT_COLUMNS = Object.keys(SORTABLE) as [SortColumn, ...SortColumn[]];

/** `/`: the cohort's filters, sort and page (a researcher's statistics use the serostatus and therapy filters). */
export const cohortSearchSchema = z.object({
  search: text,
  flagCode: choice(FLAG_CODES),
  severity: choice(SEVERITIES),
  aqp4Status: choice(SEROSTATUSES),
  mogStatus: choice(SEROSTATUSES),
  workingDiagnosis: choice(DIAGNOSES),
  therapy: choice(['none', ...THERAPY_AGENTS]),
  edssMin: text,
  edssMax: text,
  lastVisitFrom: text,
  lastVisitTo: text,
  sort: z.catch(z._default(z.enum(SORT_COLUMNS), 'severity'), 'severity'),
  direction: z.catch(z._default(z.enum(['asc', 'desc']), 'desc'), 'desc'),
  ...paging,
});
export type CohortSearch = z.output<typeof cohortSearchSchema>;

/** `/worklist`: its filters (flag, severity at least, current therapy) and page. */
export const worklistSearchSchema = z.object({
  flagCode: choice(FLAG_CODES),
  severity: choice(SEVERITIES),
  therapy: choice(['none', ...THERAPY_AGENTS]),
  ...paging,
});
export type WorklistSearch = z.output<typeof worklistSearchSchema>;

/**
 * The patient page's record tabs and chart periods. Written out here rather than imported, so that
 * the first page load does not carry the patient page's modules; record-summaries and chart-data
 * hold the same lists (a test checks).
 */
export const RECORD_TABS = [
  'edss',
  'relapses',
  'therapies',
  'antibodies',
  'mri',
  'visualExams',
  'labs',
  'vaccinations',
  'bodyWeights',
  'pregnancies',
  'prophylaxis',
  'referrals',
] as const satisfies readonly SectionName[];
export const CHART_PERIODS = ['2y', '5y', 'all'] as const satisfies readonly RangeKey[];

/** `/patients/$patientId`: the records tab shown and the charts' period. */
export const patientSearchSchema = z.object({
  tab: z.catch(z._default(z.enum(RECORD_TABS), 'edss'), 'edss'),
  period: z.catch(z._default(z.enum(CHART_PERIODS), 'all'), 'all'),
});
export type PatientSearch = z.output<typeof patientSearchSchema>;

/** The defaults, left out of the URL. */
export const COHORT_DEFAULTS = cohortSearchSchema.parse({});
export const WORKLIST_DEFAULTS = worklistSearchSchema.parse({});
export const PATIENT_DEFAULTS = patientSearchSchema.parse({});
