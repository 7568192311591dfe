import { z } from 'zod';
import { MRI_REGIONS } from '../enums.ts';
import { boundedInteger, calendarDate, expected, oneOf } from './fields.ts';

export const mriEventSchema = z.strictObject({
  type: z.literal('mri'),
  date: calendarDate,
  region: oneOf(MRI_REGIONS),
  newT2Lesions: boundedInteger(0, 500).optional(),
  gadolinium: z.boolean({ error: expected('must be true or false') }).optional(),
  /** Vertebral segments of the longest lesion; 3 or more is longitudinally extensive. */
  extensiveSegments: boundedInteger(1, 33).optional(),
});
export type MriEvent = z.infer<typeof mriEventSchema>;
