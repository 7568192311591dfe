import { z } from 'zod';
import { REFERRAL_SPECIALTIES } from '../enums.ts';
import { calendarDate, oneOf } from './fields.ts';

/** A referral to another specialty (hepatology for a positive hepatitis B screen, obstetrics in pregnancy). */
export const referralEventSchema = z.strictObject({
  type: z.literal('referral'),
  date: calendarDate,
  specialty: oneOf(REFERRAL_SPECIALTIES),
});
export type ReferralEvent = z.infer<typeof referralEventSchema>;
