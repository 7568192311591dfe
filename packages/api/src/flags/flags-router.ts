import { calendarDate, calendarDateFromUtcDate, FLAG_CODES, todayInClinic, utcDateFromCalendarDate } from '@nmo/domain';
import { z } from 'zod';
import { afterPatientChange, lockPatients } from '../records/after-write.ts';
import { auditRead } from '../records/audit.ts';
import { uuid } from '../records/record-router.ts';
import { AppError, notFound } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { ensureCurrentFlags, loadPatientFlags } from './patient-flags.ts';

const reason = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must say why (it is shown with the flag and kept in the audit log)' })
  .max(1000, { error: 'must be at most 1000 characters' });

async function livePatient(db: import('@nmo/db').DbClient, patientId: string) {
  const patient = await db.patient.findFirst({ where: { id: patientId, deletedAt: null }, select: { id: true } });
  if (!patient) throw notFound('The patient');
}

function presentAcknowledgement(row: {
  id: string;
  patientId: string;
  code: string;
  flagDate: Date;
  reason: string;
  until: Date | null;
  createdAt: Date;
  supersededAt: Date | null;
  createdBy: { displayName: string; email: string };
}) {
  return {
    id: row.id,
    patientId: row.patientId,
    code: row.code,
    flagDate: calendarDateFromUtcDate(row.flagDate),
    reason: row.reason,
    until: row.until ? calendarDateFromUtcDate(row.until) : null,
    at: row.createdAt.toISOString(),
    by: row.createdBy.displayName,
    supersededAt: row.supersededAt?.toISOString() ?? null,
  };
}

/**
 * Flags of one patient, and clinicians' acknowledgements: "seen, handled" (for good) or "snoozed
 * until a day". A flag is identified by its code and date; when new data makes the rules raise it
 * for another date it is a new flag and shows again.
 */
export const flagsRouter = router({
  list: clinicianProcedure.input(z.strictObject({ patientId: uuid })).query(async ({ ctx, input }) => {
    await livePatient(ctx.db, input.patientId);
    await ensureCurrentFlags(ctx.db, [input.patientId]);
    const flags = await loadPatientFlags(ctx.db, [input.patientId]);
    await auditRead(ctx.db, ctx, {
      action: 'flags.read.list',
      entityType: 'Patient',
      entityId: input.patientId,
      patientId: input.patientId,
    });
    return flags;
  }),

  acknowledge: clinicianProcedure
    .input(
      z.strictObject({
        patientId: uuid,
        code: z.enum(FLAG_CODES, { error: 'must be one of the flag codes' }),
        flagDate: calendarDate,
        reason,
        until: calendarDate.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const today = todayInClinic();
      if (input.until && input.until <= today) {
        throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
          { path: 'until', message: `must be after today (${today}); leave it empty to acknowledge for good` },
        ]);
      }
      return ctx.db.$transaction(async (tx) => {
        // Simultaneous acknowledgements of one patient's flags queue here; the database also holds
        // at most one in force per flag (a partial unique index).
        await lockPatients(tx, [input.patientId]);
        await livePatient(tx, input.patientId);
        await ensureCurrentFlags(tx, [input.patientId]);
        const flagDate = utcDateFromCalendarDate(input.flagDate);
        const flag = await tx.patientFlag.findFirst({
          where: { patientId: input.patientId, code: input.code, date: flagDate },
        });
        if (!flag) throw notFound(`A ${input.code} flag dated ${input.flagDate} for this patient`);
        const until = input.until ? utcDateFromCalendarDate(input.until) : null;
        const inForce = await tx.flagAcknowledgement.findFirst({
          where: { patientId: input.patientId, code: input.code, flagDate, supersededAt: null },
          include: { createdBy: { select: { displayName: true, email: true } } },
        });
        // The same acknowledgement again (a double click, a retried request) changes nothing.
        if (inForce && inForce.reason === input.reason && inForce.until?.getTime() === until?.getTime())
          return presentAcknowledgement(inForce);
        // The newest acknowledgement of a flag is the one in force; earlier ones stay as history.
        await tx.flagAcknowledgement.updateMany({
          where: { patientId: input.patientId, code: input.code, flagDate, supersededAt: null },
          data: { supersededAt: new Date() },
        });
        const row = await tx.flagAcknowledgement.create({
          data: {
            patientId: input.patientId,
            code: input.code,
            flagDate,
            reason: input.reason,
            until,
            createdById: ctx.actor.id,
          },
          include: { createdBy: { select: { displayName: true, email: true } } },
        });
        const acknowledgement = presentAcknowledgement(row);
        await tx.auditEvent.create({
          data: {
            actorId: ctx.actor.id,
            action: input.until ? 'FlagAcknowledgement.snooze' : 'FlagAcknowledgement.acknowledge',
            entityType: 'FlagAcknowledgement',
            entityId: row.id,
            patientId: input.patientId,
            clientAddress: ctx.clientAddress ?? null,
            details: { before: null, after: acknowledgement },
          },
        });
        await afterPatientChange(tx, [input.patientId]);
        return acknowledgement;
      });
    }),

  /** Takes an acknowledgement back: the flag is open again at once. */
  withdraw: clinicianProcedure.input(z.strictObject({ acknowledgementId: uuid })).mutation(({ ctx, input }) =>
    ctx.db.$transaction(async (tx) => {
      const include = { createdBy: { select: { displayName: true, email: true } } };
      const found = await tx.flagAcknowledgement.findUnique({ where: { id: input.acknowledgementId } });
      if (!found) throw notFound('The acknowledgement');
      await lockPatients(tx, [found.patientId]);
      // Read again under the lock: a simultaneous withdrawal or acknowledgement may have superseded it.
      const existing = await tx.flagAcknowledgement.findUniqueOrThrow({ where: { id: found.id }, include });
      if (existing.supersededAt) throw new AppError('CONFLICT', 'The acknowledgement is no longer in force');
      const row = await tx.flagAcknowledgement.update({
        where: { id: existing.id },
        data: { supersededAt: new Date() },
        include,
      });
      await tx.auditEvent.create({
        data: {
          actorId: ctx.actor.id,
          action: 'FlagAcknowledgement.withdraw',
          entityType: 'FlagAcknowledgement',
          entityId: row.id,
          patientId: row.patientId,
          clientAddress: ctx.clientAddress ?? null,
          details: { before: presentAcknowledgement(existing), after: presentAcknowledgement(row) },
        },
      });
      await afterPatientChange(tx, [row.patientId]);
      return presentAcknowledgement(row);
    }),
  ),

  /** Every acknowledgement of a patient's flags, newest first, including withdrawn and superseded ones. */
  acknowledgements: clinicianProcedure.input(z.strictObject({ patientId: uuid })).query(async ({ ctx, input }) => {
    await livePatient(ctx.db, input.patientId);
    const rows = await ctx.db.flagAcknowledgement.findMany({
      where: { patientId: input.patientId },
      orderBy: { createdAt: 'desc' },
      include: { createdBy: { select: { displayName: true, email: true } } },
    });
    await auditRead(ctx.db, ctx, {
      action: 'flags.read.acknowledgements',
      entityType: 'Patient',
      entityId: input.patientId,
      patientId: input.patientId,
    });
    return rows.map(presentAcknowledgement);
  }),
});
