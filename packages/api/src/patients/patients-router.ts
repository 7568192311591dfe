import { patientFieldsSchema } from '@nmo/domain';
import { z } from 'zod';
import { auditRead, historySchema, readHistory } from '../records/audit.ts';
import { uuid, version } from '../records/record-router.ts';
import { notFound } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { patientOutputSchema, presentPatient } from './patient-output.ts';
import { createPatient, setPatientDeleted, updatePatient } from './patient-service.ts';
import { loadPatientPage } from './patient-timeline.ts';
import { patientPageSchema } from './timeline-output.ts';

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
    .mutation(({ ctx, input }) => createPatient(ctx, input.data)),

  update: clinicianProcedure
    .input(z.strictObject({ id: uuid, version, data: patientFieldsSchema }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => updatePatient(ctx, input)),

  delete: clinicianProcedure
    .input(z.strictObject({ id: uuid, version }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => setPatientDeleted(ctx, input, true)),
  restore: clinicianProcedure
    .input(z.strictObject({ id: uuid, version }))
    .output(patientOutputSchema)
    .mutation(({ ctx, input }) => setPatientDeleted(ctx, input, false)),

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
      return readHistory(ctx.db, 'Patient', input.id, input.id);
    }),

  /** Everything one patient's page needs, in one request: fields, every live record, flags, metrics. */
  timeline: clinicianProcedure
    .input(z.strictObject({ id: uuid }))
    .output(patientPageSchema)
    .query(async ({ ctx, input }) => {
      // Brings the patient's flags up to date itself (readLivePatientWithFlags).
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
