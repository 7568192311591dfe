import { z } from 'zod';
import { PROPHYLAXIS_AGENTS, PROPHYLAXIS_INDICATIONS } from '../enums.ts';
import { calendarDate, oneOf } from './fields.ts';

/**
 * An anti-infective prophylaxis course (an antibiotic until meningococcal vaccination protects, an
 * antiviral for a positive hepatitis B screen, latent-tuberculosis treatment): agent, what it is for,
 * start and stop (null or absent while ongoing).
 */
export const prophylaxisEventSchema = z.strictObject({
  type: z.literal('prophylaxis'),
  agent: oneOf(PROPHYLAXIS_AGENTS),
  indication: oneOf(PROPHYLAXIS_INDICATIONS),
  startDate: calendarDate,
  stopDate: calendarDate.nullable().optional(),
});
export type ProphylaxisEvent = z.infer<typeof prophylaxisEventSchema>;
