import { z } from 'zod';
import { PREGNANCY_OUTCOMES } from '../enums.ts';
import { calendarDate, oneOf } from './fields.ts';

/**
 * A pregnancy: its start (the first day of the last menstrual period, or the estimated start), the
 * expected end (due date), the actual end and outcome once known, and breastfeeding until when. The
 * rules read it for teratogenic drugs and for the postpartum months, when attacks are most frequent.
 */
export const pregnancyEventSchema = z.strictObject({
  type: z.literal('pregnancy'),
  startDate: calendarDate,
  expectedEndDate: calendarDate.optional(),
  endDate: calendarDate.nullable().optional(),
  outcome: oneOf(PREGNANCY_OUTCOMES).optional(),
  breastfeedingUntil: calendarDate.nullable().optional(),
});
export type PregnancyEvent = z.infer<typeof pregnancyEventSchema>;
