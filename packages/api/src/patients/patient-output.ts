import type { PatientModel } from '@nmo/db';
import { DIAGNOSES, patientFieldsSchema, type TimelineEvent, workingDiagnosis } from '@nmo/domain';
import { type PatientRow, patientCodec } from '@nmo/storage';
import { z } from 'zod';
import { presentVersioned, versionedFields } from '../records/record-kind.ts';

/**
 * A patient as the API shows it: the recorded fields (`diagnosis` only when a clinician recorded
 * one), and the working diagnosis the rules use with its basis: 'recorded', or 'serostatus' when it
 * was derived because none is recorded (domain records/diagnosis.ts). The working diagnosis is
 * output only: the create and update inputs take `diagnosis`.
 */
export const patientOutputSchema = patientFieldsSchema.extend({
  ...versionedFields,
  workingDiagnosis: z.strictObject({ diagnosis: z.enum(DIAGNOSES), basis: z.enum(['recorded', 'serostatus']) }),
});

/** `events`, when the caller has them, let antibody tests count as the rules count them. */
export function presentPatient(
  row: PatientRow & Pick<PatientModel, 'createdAt' | 'updatedAt' | 'deletedAt'>,
  events: readonly TimelineEvent[] = [],
) {
  const fields = patientCodec.fromRow(row);
  return { ...presentVersioned(row), ...fields, workingDiagnosis: workingDiagnosis({ ...fields, events }) };
}
