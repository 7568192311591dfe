import { z } from 'zod';
import { boundedInteger, calendarDate, expected } from './fields.ts';

/** Kurtzke EDSS: 0-10 in steps of 0.5 (Kurtzke 1983); functional systems per Neurostatus ranges. */
export const edssScore = z
  .number({ error: expected('must be a number') })
  .refine((v) => v >= 0 && v <= 10 && Number.isInteger(v * 2), { error: 'must be a multiple of 0.5 between 0 and 10' });

export const functionalSystemsSchema = z.strictObject({
  visual: boundedInteger(0, 6).optional(),
  brainstem: boundedInteger(0, 5).optional(),
  pyramidal: boundedInteger(0, 6).optional(),
  cerebellar: boundedInteger(0, 5).optional(),
  sensory: boundedInteger(0, 6).optional(),
  bowelBladder: boundedInteger(0, 6).optional(),
  cerebral: boundedInteger(0, 5).optional(),
  ambulation: boundedInteger(0, 16).optional(),
});

export const edssEventSchema = z.strictObject({
  type: z.literal('edss'),
  date: calendarDate,
  score: edssScore,
  functionalSystems: functionalSystemsSchema.optional(),
});
export type EdssEvent = z.infer<typeof edssEventSchema>;
export type FunctionalSystems = z.infer<typeof functionalSystemsSchema>;
