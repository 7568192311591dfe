import { z } from 'zod';
import { VACCINE_PRODUCTS, VACCINES } from '../enums.ts';
import { calendarDate, oneOf } from './fields.ts';

export const vaccinationEventSchema = z.strictObject({
  type: z.literal('vaccination'),
  date: calendarDate,
  vaccine: oneOf(VACCINES),
  /**
   * The product, where the series depends on it (meningococcal B: a series is one manufacturer's doses; for
   * persons at increased risk ACIP 2024 gives Bexsero and Trumenba alike 3 doses at 0, 1-2 and 6 months).
   */
  product: oneOf(VACCINE_PRODUCTS).optional(),
});
export type VaccinationEvent = z.infer<typeof vaccinationEventSchema>;
