import type { DbClient, PatientModel } from '@nmo/db';
import { eventDate, type FieldError, patientFieldsSchema, timelineConsistencyIssues, todayInClinic } from '@nmo/domain';
import { loadPatientTimelines, patientCodec } from '@nmo/storage';
import { z } from 'zod';
import { ensureCurrentFlags } from '../flags/patient-flags.ts';
import { afterPatientChange } from '../records/after-write.ts';
import { auditChange, auditRead, historySchema, readHistory } from '../records/audit.ts';
import type { RecordDelegate } from '../records/record-kind.ts';
import { uuid, version } from '../records/record-router.ts';
import { type SoftDeletable, setDeleted, updateVersioned } from '../records/versioned-writes.ts';
import { AppError, notFound } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { patientOutputSchema, presentPatient } from './patient-output.ts';
import { loadPatientPage } from './patient-timeline.ts';
import { patientPageSchema } from './timeline-output.ts';

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
function checkOwnDates(data: z.infer<typeof patientFieldsSchema>): void {
  const fields: FieldError[] = timelineConsistencyIssues(data, [], todayInClinic()).map((issue) => ({
    path: ['data', ...issue.path].join('.'),
    message: issue.message,
  }));
  if (fields.length > 0) throw new AppError('BAD_REQUEST', 'Some fields are not valid', fields);
}

async function mrnConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw new AppError('CONFLICT', 'Another patient already has this MRN', [
        { path: 'data.mrn', message: 'is already in use' },
      ]);
    throw error;
  }
}

export const patientsRouter = router({
  list: clinicianProcedure
    .input(
      z.strictObject({
        cursor: z.string().optional(),
        limit: z.number().int().min(1).max(200).optional(),
        includeDeleted: z.boolean().optional(),
      }),
    )
    .output(z.strictObject({ items: z.array(patientOutputSchema), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const limit = input.limit ?? 50;
      const rows = await ctx.db.patient.findMany({
        where: {
          ...(input.includeDeleted ? {} : { deletedAt: null }),
          ...(input.cursor ? { mrn: { gt: input.cursor } } : {}),
        },
        orderBy: { mrn: 'asc' },
        take: limit + 1,
      });
      const items = rows.slice(0, limit).map((row) => presentPatient(row));
      await auditRead(ctx.db, ctx, { action: 'patient.read.list', patientIds: items.map((item) => item.id) });
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.mrn ?? null) : null };
    }),

  get: clinicianProcedure
    .input(z.strictObject({ id: uuid }))
    .output(patientOutputSchema)
    .query(async ({ ctx, input }) => {
      const row = await ctx.db.patient.findUnique({ where: { id: input.id } });
      if (!row) throw notFound('The patient');
      await auditRead(ctx.db, ctx, {
        action: 'patient.read.record',
        entityType: 'Patient',
        entityId: row.id,
        patientId: row.id,
      });
      return presentPatient(row);
    }),

  create: clinicianProcedure
    .input(z.strictObject({ data: patientFieldsSchema }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => {
      checkOwnDates(input.data);
      return ctx.db.$transaction(async (tx) => {
        const row = await mrnConflict(() =>
          tx.patient.create({
            data: { ...patientCodec.toRow(input.data), createdById: ctx.actor.id, updatedById: ctx.actor.id } as never,
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
    }),

  update: clinicianProcedure
    .input(z.strictObject({ id: uuid, version, data: patientFieldsSchema }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => {
      checkOwnDates(input.data);
      return updateVersioned(ctx, softDeletablePatient, {
        id: input.id,
        version: input.version,
        data: patientCodec.toRow(input.data),
        check: (tx) => checkAgainstRecords(tx, input.id, input.data.birthDate),
        onUniqueViolation: mrnConflict,
      });
    }),

  delete: clinicianProcedure
    .input(z.strictObject({ id: uuid, version }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => setDeleted(ctx, softDeletablePatient, input.id, input.version, true)),
  restore: clinicianProcedure
    .input(z.strictObject({ id: uuid, version }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => setDeleted(ctx, softDeletablePatient, input.id, input.version, false)),

  history: clinicianProcedure
    .input(z.strictObject({ id: uuid }))
    .output(historySchema)
    .query(async ({ ctx, input }) => {
      if (!(await ctx.db.patient.findUnique({ where: { id: input.id } }))) throw notFound('The patient');
      await auditRead(ctx.db, ctx, {
        action: 'patient.read.history',
        entityType: 'Patient',
        entityId: input.id,
        patientId: input.id,
      });
      return readHistory(ctx.db, 'Patient', input.id);
    }),

  /** Everything one patient's page needs, in one request: fields, every live record, flags, metrics. */
  timeline: clinicianProcedure
    .input(z.strictObject({ id: uuid }))
    .output(patientPageSchema)
    .query(async ({ ctx, input }) => {
      await ensureCurrentFlags(ctx.db, [input.id]);
      const page = await loadPatientPage(ctx.db, input.id);
      await auditRead(ctx.db, ctx, {
        action: 'patient.read.timeline',
        entityType: 'Patient',
        entityId: input.id,
        patientId: input.id,
      });
      return page;
    }),
});
