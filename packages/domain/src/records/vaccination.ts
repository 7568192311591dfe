import { z } from 'zod';
import { VACCINE_PRODUCTS, VACCINES } from '../enums.ts';
import { calendarDate, oneOf } from './fields.ts';

export const vaccinationEventSchema = z.strictObject({
  type: z.literal('vaccination'),
  date: calendarDate,
  vaccine: oneOf(VACCINES),
  /** The product, where the schedule depends on it (meningococcal B: Bexsero 2 doses, Trumenba 3). */
  product: oneOf(VACCINE_PRODUCTS).optional(),
});
export type VaccinationEvent = z.infer<typeof vaccinationEventSchema>;
