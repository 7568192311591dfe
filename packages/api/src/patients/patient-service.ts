import type { DbClient, PatientModel } from '@nmo/db';
import {
  eventDate,
  type FieldError,
  type patientFieldsSchema,
  timelineConsistencyIssues,
  todayInClinic,
} from '@nmo/domain';
import { loadPatientTimelines, patientCodec } from '@nmo/storage';
import type { z } from 'zod';
import { afterPatientChange } from '../records/after-write.ts';
import { auditChange } from '../records/audit.ts';
import type { RecordDelegate } from '../records/record-kind.ts';
import { type SoftDeletable, setDeleted, updateVersioned } from '../records/versioned-writes.ts';
import type { ActingContext } from '../trpc/context.ts';
import { AppError } from '../trpc/errors.ts';
import { presentPatient } from './patient-output.ts';

type PatientFields = z.infer<typeof patientFieldsSchema>;
type PatientView = ReturnType<typeof presentPatient>;

const softDeletablePatient: SoftDeletable<ReturnType<typeof presentPatient>> = {
  label: 'patient',
  entity: 'Patient',
  table: (db) => db.patient as unknown as RecordDelegate,
  present: (row) => presentPatient(row as unknown as PatientModel),
  patientIdOf: (row) => row.id,
};

/** A patient's fields must still hold every record: no record before the birth date. */
async function checkAgainstRecords(db: DbClient, patientId: string, birthDate: string): Promise<void> {
  const [stored] = await loadPatientTimelines(db, { ids: [patientId] });
  const earliest = stored?.timeline.events.map(eventDate).sort()[0];
  if (earliest && earliest < birthDate) {
    const fields: FieldError[] = [
      { path: 'data.birthDate', message: `must not be after the patient's earliest record (${earliest})` },
    ];
    throw new AppError('BAD_REQUEST', 'Some fields are not valid', fields);
  }
}

/** The patient's own dates, by the domain's consistency check (the one imports use): one set of rules. */
function checkOwnDates(data: PatientFields): void {
  const fields: FieldError[] = timelineConsistencyIssues(data, [], todayInClinic()).map((issue) => ({
    path: ['data', ...issue.path].join('.'),
    message: issue.message,
  }));
  if (fields.length > 0) throw new AppError('BAD_REQUEST', 'Some fields are not valid', fields);
}

/**
 * A duplicate MRN is the user's to fix on the MRN field, in their words; it is a CONFLICT (409) like a
 * stale version, but unlike one it names a field, which is how the forms tell the two apart.
 */
const mrnConflict =
  (mrn: string) =>
  async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2002') throw error;
      const message = `MRN ${mrn} is already used by another patient`;
      throw new AppError('CONFLICT', message, [{ path: 'data.mrn', message }]);
    }
  };

/** A new patient, audited, with flags computed (none yet, but the summary row exists from the start). */
export async function createPatient(ctx: ActingContext, data: PatientFields): Promise<PatientView> {
  checkOwnDates(data);
  return ctx.db.$transaction(async (tx) => {
    const row = await mrnConflict(data.mrn)(() =>
      tx.patient.create({
        data: { ...patientCodec.toRow(data), createdById: ctx.actor.id, updatedById: ctx.actor.id } as never,
      }),
    );
    const after = presentPatient(row);
    await auditChange(tx, ctx, {
      entity: 'Patient',
      id: row.id,
      patientId: row.id,
      action: 'create',
      before: null,
      after,
    });
    await afterPatientChange(tx, [row.id]);
    return after;
  });
}

/** New fields for a patient read at `version`; they must still hold every record the patient has. */
export async function updatePatient(
  ctx: ActingContext,
  input: { id: string; version: number; data: PatientFields },
): Promise<PatientView> {
  checkOwnDates(input.data);
  return updateVersioned(ctx, softDeletablePatient, {
    id: input.id,
    version: input.version,
    data: patientCodec.toRow(input.data),
    check: (tx) => checkAgainstRecords(tx, input.id, input.data.birthDate),
    onUniqueViolation: mrnConflict(input.data.mrn),
  });
}

/** Deletes (softly) or restores a patient read at `version`. */
export function setPatientDeleted(
  ctx: ActingContext,
  input: { id: string; version: number },
  deleted: boolean,
): Promise<PatientView> {
  return setDeleted(ctx, softDeletablePatient, input.id, input.version, deleted);
}
