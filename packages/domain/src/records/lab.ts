import { z } from 'zod';
import { LAB_QUALITATIVE_RESULTS, LAB_TESTS } from '../enums.ts';
import { boundedNumber, calendarDate, expected, oneOf } from './fields.ts';

export const labEventSchema = z.strictObject({
  type: z.literal('lab'),
  date: calendarDate,
  test: oneOf(LAB_TESTS),
  value: boundedNumber(0, 1_000_000).optional(),
  unit: z
    .string({ error: expected('must be text') })
    .regex(/^[\p{L}\p{N} %/^.*·µ×-]{1,32}$/u, {
      error: 'must be a unit of 1 to 32 letters, digits or symbols such as % / ^',
    })
    .optional(),
  /** Qualitative results (HBsAg, anti-HBc, TPMT phenotype) where there is no number. */
  result: oneOf(LAB_QUALITATIVE_RESULTS).optional(),
});
export type LabEvent = z.infer<typeof labEventSchema>;
