import type { PatientModel } from '@nmo/db';
import { patientFieldsSchema } from '@nmo/domain';
import { patientCodec } from '@nmo/exchange';
import { presentVersioned, versionedFields } from '../records/record-kind.ts';

export const patientOutputSchema = patientFieldsSchema.extend(versionedFields);

export function presentPatient(row: PatientModel) {
  return { ...presentVersioned(row), ...patientCodec.fromRow(row) };
}
