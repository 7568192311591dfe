import { z } from 'zod';
import { THERAPY_AGENTS, THERAPY_SCHEDULES, THERAPY_STOP_REASONS } from '../enums.ts';
import { calendarDate, expected, oneOf, positiveNumber } from './fields.ts';

/**
 * A dose of a therapy. `planned: true` is a scheduled dose not yet given (the next infusion date, which
 * may lie in the future): the rules never read it as given, only as the date the next dose is booked
 * for. Recording the dose as given is clearing `planned` on the same record.
 */
export const administrationSchema = z.strictObject({
  date: calendarDate,
  doseMg: positiveNumber(100_000, 'mg').optional(),
  planned: z.boolean({ error: expected('must be true or false') }).optional(),
});

export const therapyEventSchema = z.strictObject({
  type: z.literal('therapy'),
  agent: oneOf(THERAPY_AGENTS),
  startDate: calendarDate,
  stopDate: calendarDate.nullable().optional(),
  doseMg: positiveNumber(100_000, 'mg').optional(),
  schedule: oneOf(THERAPY_SCHEDULES).optional(),
  stopReason: oneOf(THERAPY_STOP_REASONS).optional(),
  administrations: z.array(administrationSchema, { error: expected('must be a list') }).optional(),
});
export type Administration = z.infer<typeof administrationSchema>;
export type TherapyEvent = z.infer<typeof therapyEventSchema>;
