import { z } from 'zod';
import { VACCINES } from '../enums.ts';
import { calendarDate, oneOf } from './fields.ts';

export const vaccinationEventSchema = z.strictObject({
  type: z.literal('vaccination'),
  date: calendarDate,
  vaccine: oneOf(VACCINES),
});
export type VaccinationEvent = z.infer<typeof vaccinationEventSchema>;
