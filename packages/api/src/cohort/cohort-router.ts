import { type DaysMedian, DEFAULT_LAG_DAYS, type Indicator } from '@nmo/domain';
import { z } from 'zod';
import { ensureCurrentFlags } from '../flags/patient-flags.ts';
import { auditRead } from '../records/audit.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import { AppError } from '../trpc/errors.ts';
import { aggregateProcedure, clinicianProcedure, router } from '../trpc/init.ts';
import { CARE_QUALITY_INDICATORS, careQualityYears, patientsBehind, researchCareQualityYears } from './care-quality.ts';
import { checkRanges, cohortFilterFields, cohortFiltersSchema } from './filters.ts';
import { queryOutcomes, researchOutcomeErrors } from './outcomes.ts';
import { queryOverview } from './overview.ts';
import { researchFilterErrors } from './research-scope.ts';
import { sortSchema } from './sort.ts';
import { queryStats } from './stats.ts';
import { queryWorklist } from './worklist.ts';

const limit = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(200, { error: 'must be at most 200' });
const cursor = z.string({ error: 'must be the nextCursor of the previous page' }).max(2000);
const search = z.string({ error: 'must be text' }).trim().max(100, { error: 'must be at most 100 characters' });

const overviewInput = z
  .strictObject({
    ...cohortFilterFields,
    search: search.optional(),
    sort: sortSchema.optional(),
    limit: limit.optional(),
    cursor: cursor.optional(),
  })
  .superRefine(checkRanges);

const worklistInput = z
  .strictObject({
    flagCodes: cohortFilterFields.flagCodes,
    severity: cohortFilterFields.severity,
    currentTherapies: cohortFilterFields.currentTherapies,
    limit: limit.optional(),
    cursor: cursor.optional(),
  })
  .optional();

const statsInput = cohortFiltersSchema.optional();

/** Longest onset-of-effect lag that can be asked for: one year (statistics/patient-outcomes.ts). */
const MAX_LAG_DAYS = 365;
const outcomesInput = z
  .strictObject({
    ...cohortFilterFields,
    lagDays: z
      .number({ error: 'must be a number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(0, { error: 'must be 0 or more' })
      .max(MAX_LAG_DAYS, { error: `must be at most ${MAX_LAG_DAYS} days` })
      .optional(),
  })
  .superRefine(checkRanges)
  .optional();

/** Cohort-wide reads, all from PatientSummary (kept with the stored flags, docs/decisions/0006). */
export const cohortRouter = router({
  /** The cohort table: one row per live patient, filtered, sorted on any column, paged by cursor. */
  overview: clinicianProcedure.input(overviewInput.optional()).query(async ({ ctx, input = {} }) => {
    const { sort, limit: pageSize, cursor: after, ...filters } = input;
    const page = await queryOverview(ctx.db, {
      filters,
      sort: sort ?? { column: 'severity', direction: 'desc' },
      limit: pageSize ?? 50,
      cursor: after,
    });
    await auditRead(ctx.db, ctx, {
      action: 'cohort.read.overview',
      patientIds: page.items.map((item) => item.patientId),
    });
    return page;
  }),

  /**
   * What needs action now: patients with open, unacknowledged flags, in the order of their most
   * pressing flag (most severe, then waiting longest, then newest), each flag with its next step.
   * `total` and `counts` cover the whole cohort matching the filters, not the page.
   */
  worklist: clinicianProcedure.input(worklistInput).query(async ({ ctx, input = {} }) => {
    const { limit: pageSize, cursor: after, ...filters } = input;
    const read = () => queryWorklist(ctx.db, { filters, limit: pageSize ?? 50, cursor: after });
    const shownBy = (shown: typeof page) => shown.items.map((item) => item.patientId);
    const audited = (shown: typeof page) =>
      auditRead(ctx.db, ctx, { action: 'cohort.read.worklist', patientIds: shownBy(shown) });
    let page = await read();
    // Stored flags are as of a day: if some of this page's patients were computed before today
    // (the daily refresh has not reached them yet), bring them up to date and read again. The read
    // is audited while that is checked (one round trip fewer under load); a page read again is
    // audited again, with the patients it then showed.
    const [stale] = await Promise.all([ensureCurrentFlags(ctx.db, shownBy(page)), audited(page)]);
    if (stale > 0) {
      page = await read();
      await audited(page);
    }
    return page;
  }),

  /**
   * Counts by flag, severity, therapy and serostatus, and the ARR distribution. No identities.
   * Researchers filter by serostatus and therapy only and get small-cell-protected counts
   * (cohort/research-scope.ts, docs/SECURITY.md).
   */
  stats: aggregateProcedure.input(statsInput).query(async ({ ctx, input = {} }) => {
    if (ctx.actor.role !== 'researcher') return queryStats(ctx.db, input);
    const refused = researchFilterErrors(input);
    if (refused.length > 0) throw new AppError('BAD_REQUEST', 'Some filters are not available to researchers', refused);
    const settings = await loadRuleSettings(ctx.db);
    return queryStats(ctx.db, input, { threshold: settings.research.smallCellThreshold });
  }),

  /**
   * Outcome statistics (ARR per agent, time to first relapse, confirmed EDSS worsening, EDSS by
   * disease year) over the filtered cohort. No identities. Researchers: the same filters as `stats`,
   * figures small-cell protected (cohort/outcomes.ts, docs/SECURITY.md "Outcome statistics").
   */
  outcomes: aggregateProcedure.input(outcomesInput).query(async ({ ctx, input = {} }) => {
    const { lagDays, ...filters } = input;
    const settings = await loadRuleSettings(ctx.db);
    const request = { filters, lagDays: lagDays ?? DEFAULT_LAG_DAYS };
    if (ctx.actor.role !== 'researcher') return queryOutcomes(ctx.db, settings, request);
    const refused = researchOutcomeErrors(filters, lagDays);
    if (refused.length > 0) throw new AppError('BAD_REQUEST', 'Some filters are not available to researchers', refused);
    return queryOutcomes(ctx.db, settings, {
      ...request,
      research: { threshold: settings.research.smallCellThreshold },
    });
  }),

  /**
   * Care-quality indicators per year (attacks treated within 14 days, onset to IVMP and PLEX, severe
   * attacks with PLEX, complement-inhibitor starts vaccinated on time, monitoring up to date).
   * Clinicians get exact counts; researchers counts over groups of at least the small-cell
   * threshold, small cells suppressed. No identities: the patients behind a figure are
   * careQualityPatients.
   */
  careQuality: aggregateProcedure.query(async ({ ctx }) => {
    const settings = await loadRuleSettings(ctx.db);
    if (ctx.actor.role === 'researcher')
      return {
        privacy: { threshold: settings.research.smallCellThreshold },
        years: await researchCareQualityYears(ctx.db, settings),
      };
    const years = await careQualityYears(ctx.db, settings);
    const counts = ({ metBy: _metBy, missedBy: _missedBy, ...indicator }: Indicator) => indicator;
    const median = ({ patients: _patients, ...rest }: DaysMedian) => rest;
    return {
      privacy: null,
      years: years.map((year) => ({
        year: year.year,
        attacks: year.attacks,
        treatedWithinDays: counts(year.treatedWithinDays),
        onsetToIvmpDays: median(year.onsetToIvmpDays),
        onsetToPlexDays: median(year.onsetToPlexDays),
        severeWithPlex: counts(year.severeWithPlex),
        vaccinatedOnTime: counts(year.vaccinatedOnTime),
        monitoringUpToDate: counts(year.monitoringUpToDate),
      })),
    };
  }),

  /** The patients behind one care-quality figure: who met it, who missed it, or both. Audited. */
  careQualityPatients: clinicianProcedure
    .input(
      z.strictObject({
        year: z.number({ error: 'must be a year' }).int({ error: 'must be a year' }).min(1900).max(2200),
        indicator: z.enum(CARE_QUALITY_INDICATORS, { error: `must be one of ${CARE_QUALITY_INDICATORS.join(', ')}` }),
        met: z.boolean({ error: 'must be true or false' }).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const ids = patientsBehind(await careQualityYears(ctx.db, await loadRuleSettings(ctx.db)), input);
      const patients = await ctx.db.patient.findMany({
        where: { id: { in: ids }, deletedAt: null },
        select: { id: true, mrn: true, givenName: true, familyName: true },
        orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { mrn: 'asc' }],
      });
      await auditRead(ctx.db, ctx, { action: 'cohort.read.careQuality', patientIds: patients.map((p) => p.id) });
      return patients.map((p) => ({ patientId: p.id, mrn: p.mrn, givenName: p.givenName, familyName: p.familyName }));
    }),
});
