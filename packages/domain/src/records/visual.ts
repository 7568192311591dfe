import { z } from 'zod';
import { EYES } from '../enums.ts';
import { boundedNumber, calendarDate, freeText, oneOf } from './fields.ts';

export const visualEventSchema = z.strictObject({
  type: z.literal('visual'),
  date: calendarDate,
  eye: oneOf(EYES),
  /** -0.3 (20/10) to 3.0 (no light perception, by the usual convention for off-chart vision). */
  logmar: boundedNumber(-0.3, 3.0).optional(),
  visualFieldMdDb: boundedNumber(-40, 10, 'dB').optional(),
  rnflMicrons: boundedNumber(0, 250, 'µm').optional(),
  gciplMicrons: boundedNumber(0, 150, 'µm').optional(),
  vepLatencyMs: boundedNumber(1, 400, 'ms').optional(),
  vepAmplitudeMicrovolts: boundedNumber(0, 100, 'µV').optional(),
  funduscopyNote: freeText(2000).optional(),
});
export type VisualEvent = z.infer<typeof visualEventSchema>;
