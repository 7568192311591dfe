import { z } from 'zod';
import { auditRead } from '../records/audit.ts';
import { uuid } from '../records/record-router.ts';
import { notFound } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { flagKeyFields, presentAcknowledgement, reasonField, untilField } from './acknowledge.ts';
import { acknowledgeMany, acknowledgeOne, livePatient, withdrawAcknowledgement } from './acknowledgement-service.ts';
import { readLivePatientWithFlags } from './patient-flags.ts';

/**
 * Flags of one patient, and clinicians' acknowledgements: "seen, handled" (for good) or "snoozed
 * until a day". A flag is identified by its code and date; when new data makes the rules raise it
 * for another date it is a new flag and shows again.
 */
export const flagsRouter = router({
  list: clinicianProcedure.input(z.strictObject({ patientId: uuid })).query(async ({ ctx, input }) => {
    // The patient's liveness, the flags' day, the flags and their acknowledgements in one statement.
    const read = await readLivePatientWithFlags(ctx.db, input.patientId);
    if (!read) throw notFound('The patient');
    const { flags } = read;
    await auditRead(ctx.db, ctx, {
      action: 'flags.read.list',
      entityType: 'Patient',
      entityId: input.patientId,
      patientId: input.patientId,
    });
    return flags;
  }),

  acknowledge: clinicianProcedure
    .input(z.strictObject({ ...flagKeyFields, reason: reasonField, until: untilField }))
    .mutation(({ ctx, input }) => acknowledgeOne(ctx, input)),

  /** Several open flags with one reason, all or nothing (docs/API.md, flags). */
  acknowledgeMany: clinicianProcedure
    .input(
      z.strictObject({
        items: z
          .array(z.strictObject(flagKeyFields), { error: 'must be a list of flags' })
          .min(1, { error: 'must hold at least one flag' })
          .max(200, { error: 'must hold at most 200 flags' }),
        reason: reasonField,
        until: untilField,
      }),
    )
    .mutation(({ ctx, input }) => acknowledgeMany(ctx, input)),

  /** Takes an acknowledgement back: the flag is open again at once. */
  withdraw: clinicianProcedure
    .input(z.strictObject({ acknowledgementId: uuid }))
    .mutation(({ ctx, input }) => withdrawAcknowledgement(ctx, input.acknowledgementId)),

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
