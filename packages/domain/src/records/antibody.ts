import { z } from 'zod';
import { ANTIBODY_RESULTS, ANTIBODY_TARGETS, ASSAYS } from '../enums.ts';
import { boundedInteger, calendarDate, oneOf } from './fields.ts';

export const antibodyEventSchema = z.strictObject({
  type: z.literal('antibody'),
  date: calendarDate,
  antibody: oneOf(ANTIBODY_TARGETS),
  assay: oneOf(ASSAYS),
  result: oneOf(ANTIBODY_RESULTS),
  /** Reciprocal dilution: 1000 means 1:1000. */
  titer: boundedInteger(1, 10_000_000).optional(),
});
export type AntibodyEvent = z.infer<typeof antibodyEventSchema>;
