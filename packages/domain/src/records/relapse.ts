import { z } from 'zod';
import { ACUTE_TREATMENT_TYPES, RELAPSE_PHENOTYPES, RELAPSE_SEVERITIES } from '../enums.ts';
import { boundedInteger, calendarDate, expected, oneOf, positiveNumber } from './fields.ts';

export const acuteTreatmentSchema = z.strictObject({
  type: oneOf(ACUTE_TREATMENT_TYPES),
  startDate: calendarDate,
  days: boundedInteger(1, 90).optional(),
  dailyDoseMg: positiveNumber(5000, 'mg').optional(),
  sessions: boundedInteger(1, 30).optional(),
});

export const relapseEventSchema = z.strictObject({
  type: z.literal('relapse'),
  onsetDate: calendarDate,
  phenotype: oneOf(RELAPSE_PHENOTYPES),
  severity: oneOf(RELAPSE_SEVERITIES),
  acuteTreatments: z.array(acuteTreatmentSchema, { error: expected('must be a list') }).optional(),
});
export type AcuteTreatment = z.infer<typeof acuteTreatmentSchema>;
export type RelapseEvent = z.infer<typeof relapseEventSchema>;
