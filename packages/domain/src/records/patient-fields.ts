import { z } from 'zod';
import { COMORBIDITIES, DIAGNOSES, SEROSTATUSES, SEXES } from '../enums.ts';
import { calendarDate, expected, oneOf } from './fields.ts';

const name = z
  .string({ error: expected('must be text') })
  .refine((v) => v.trim().length >= 1 && v.length <= 100, { error: 'must be 1 to 100 characters' });

export const patientFieldsSchema = z.strictObject(
  {
    mrn: z
      .string({ error: expected('must be text') })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, { error: 'must be 1 to 64 letters, digits or . _ / - (no spaces)' }),
    givenName: name,
    familyName: name,
    birthDate: calendarDate,
    sex: oneOf(SEXES),
    diagnosisDate: calendarDate.nullable().optional(),
    firstAttackDate: calendarDate.nullable().optional(),
    /** The clinician's working diagnosis; absent or null when not recorded (see diagnosis.ts). */
    diagnosis: oneOf(DIAGNOSES).nullable().optional(),
    aqp4Status: oneOf(SEROSTATUSES).optional(),
    mogStatus: oneOf(SEROSTATUSES).optional(),
    comorbidities: z.array(oneOf(COMORBIDITIES), { error: expected('must be a list') }).optional(),
  },
  { error: expected('must be an object') },
);
