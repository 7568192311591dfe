import type { PatientModel } from '@nmo/db';
import { patientFieldsSchema } from '@nmo/domain';
import { patientCodec } from '@nmo/exchange';
import { z } from 'zod';

const timestamp = z.iso.datetime();

export const patientOutputSchema = patientFieldsSchema.extend({
  id: z.uuid(),
  version: z.number().int().positive(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
});

export function presentPatient(row: PatientModel) {
  return {
    id: row.id,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
    ...patientCodec.fromRow(row),
  };
}
