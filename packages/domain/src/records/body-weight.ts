import { z } from 'zod';
import { calendarDate, positiveNumber } from './fields.ts';

/**
 * A body weight in kilograms. Dosing of several maintenance agents depends on it (azathioprine in
 * mg/kg; ravulizumab by weight band), so the rules read the latest one on or before a dose.
 */
export const bodyWeightEventSchema = z.strictObject({
  type: z.literal('bodyWeight'),
  date: calendarDate,
  kg: positiveNumber(400, 'kg'),
});
export type BodyWeightEvent = z.infer<typeof bodyWeightEventSchema>;
