import { z } from 'zod';
import { boundedInteger, calendarDate, expected } from './fields.ts';

/**
 * The Kurtzke EDSS steps: 0, then 1.0 to 10 in steps of 0.5. There is no 0.5: 0 is a normal
 * neurological examination and 1.0 is no disability with minimal signs in one functional system
 * (Kurtzke JF, Neurology 1983;33:1444-1452, doi:10.1212/WNL.33.11.1444).
 */
export const EDSS_STEPS: readonly number[] = [0, ...Array.from({ length: 19 }, (_, i) => 1 + i / 2)];

export const isEdssStep = (value: number): boolean => EDSS_STEPS.includes(value);

export const EDSS_STEP_MESSAGE = 'must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)';

/** An EDSS score: one of EDSS_STEPS; functional systems per Neurostatus ranges. */
export const edssScore = z.number({ error: expected('must be a number') }).refine(isEdssStep, {
  error: EDSS_STEP_MESSAGE,
});

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
