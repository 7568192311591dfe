import { FLAG_CODES, FLAG_STATUSES, SEVERITIES, THERAPY_AGENTS } from '@nmo/domain';
import { z } from 'zod';
import { pageRecordsSchema } from '../records/routers.ts';
import { patientOutputSchema } from './patient-output.ts';

const day = z.iso.date();
const agent = z.enum(THERAPY_AGENTS);

export const flagViewSchema = z.strictObject({
  code: z.enum(FLAG_CODES),
  severity: z.enum(SEVERITIES),
  date: day,
  message: z.string(),
  source: z.string(),
  details: z.record(z.string(), z.unknown()),
  status: z.enum(FLAG_STATUSES),
  resolvedOn: day.optional(),
  resolution: z.string().optional(),
  acknowledgement: z
    .strictObject({ id: z.uuid(), reason: z.string(), until: day.nullable(), at: z.iso.datetime(), by: z.string() })
    .nullable(),
});

const metricsSchema = z.strictObject({
  attackCount: z.number().int(),
  followUpYears: z.number().nullable(),
  annualizedRelapseRate: z.number().nullable(),
  lastAttackDate: day.nullable(),
  daysSinceLastAttack: z.number().int().nullable(),
  currentTherapies: z.array(agent),
  therapyEpisodes: z.array(
    z.strictObject({
      agent,
      startDate: day,
      stopDate: day.nullable(),
      exposureYears: z.number(),
      attacks: z.number().int(),
      annualizedRelapseRate: z.number(),
    }),
  ),
  lastEdss: z.strictObject({ date: day, score: z.number() }).nullable(),
  lastEdssChange: z.number().nullable(),
});

export const patientPageSchema = z.strictObject({
  asOf: day,
  patient: patientOutputSchema,
  records: pageRecordsSchema,
  flags: z.array(flagViewSchema),
  metrics: metricsSchema,
  /** The clinic's thresholds in force, for the charts' reference lines. */
  thresholds: z.strictObject({
    cd19Percent: z.number(),
    memoryBPercentFirstTwoYears: z.number(),
    memoryBPercentLater: z.number(),
    lowIggMgDl: z.number(),
    /** The postpartum high-risk window (days after a pregnancy ends), drawn on the course. */
    postpartumDays: z.number(),
    /** How long a pregnancy with no end or due date recorded is taken to last (days from its start). */
    pregnancyDurationDays: z.number(),
  }),
});
