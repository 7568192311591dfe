import type { DbClient } from '@nmo/db';
import type { CalendarDate, FieldError } from '@nmo/domain';
import { writeAudit } from '@nmo/storage';
import { afterPatientChange } from '../records/after-write.ts';
import { lockPatients } from '../records/patient-locks.ts';
import type { ActingContext } from '../trpc/context.ts';
import { AppError, notFound } from '../trpc/errors.ts';
import {
  type AcknowledgementView,
  acknowledgeFlag,
  checkUntil,
  type FlagKey,
  notOpen,
  presentAcknowledgement,
  storedStatuses,
} from './acknowledge.ts';
import { ensureCurrentFlags } from './patient-flags.ts';

/** Why and until when: null or absent for good, a day to snooze until then. */
interface Acknowledgement {
  reason: string;
  until?: CalendarDate | null | undefined;
}

export async function livePatient(db: DbClient, patientId: string): Promise<void> {
  const patient = await db.patient.findFirst({ where: { id: patientId, deletedAt: null }, select: { id: true } });
  if (!patient) throw notFound('The patient');
}

/** Acknowledges or snoozes one open flag (`flags.acknowledge`). */
export async function acknowledgeOne(
  ctx: ActingContext,
  input: FlagKey & Acknowledgement,
): Promise<AcknowledgementView> {
  checkUntil(input.until);
  return ctx.db.$transaction(async (tx) => {
    // Simultaneous acknowledgements of one patient's flags queue here; the database also holds
    // at most one in force per flag (a partial unique index).
    await lockPatients(tx, [input.patientId]);
    await livePatient(tx, input.patientId);
    await ensureCurrentFlags(tx, [input.patientId]);
    const [status] = await storedStatuses(tx, [input]);
    if (!status) throw notFound(`A ${input.code} flag dated ${input.flagDate} for this patient`);
    if (status !== 'open') throw new AppError('BAD_REQUEST', `This ${input.code} flag is ${notOpen(status)}`);
    const { acknowledgement, written } = await acknowledgeFlag(tx, ctx, input, input);
    if (written) await afterPatientChange(tx, [input.patientId]);
    return acknowledgement;
  });
}

/**
 * Acknowledges or snoozes several open flags with one reason, all or nothing in one transaction,
 * each as `acknowledgeOne` does it (same checks, same audit row, same idempotence per flag).
 */
export async function acknowledgeMany(
  ctx: ActingContext,
  input: Acknowledgement & { items: FlagKey[] },
): Promise<{ acknowledgements: AcknowledgementView[]; written: number; patients: number }> {
  checkUntil(input.until);
  return ctx.db.$transaction(async (tx) => {
    // Every patient's lock, taken in id order, so two overlapping batches cannot deadlock.
    const ids = await lockPatients(
      tx,
      input.items.map((item) => item.patientId),
    );
    const live = await tx.patient.findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true } });
    const liveIds = new Set(live.map((patient) => patient.id));
    await ensureCurrentFlags(tx, [...liveIds]);
    const statuses = await storedStatuses(tx, input.items);
    const missing: FieldError[] = [];
    const closed: FieldError[] = [];
    input.items.forEach((item, index) => {
      const path = `items[${index}]`;
      const status = statuses[index];
      if (!liveIds.has(item.patientId)) missing.push({ path, message: 'the patient was not found' });
      else if (!status)
        missing.push({ path, message: `the patient has no ${item.code} flag dated ${item.flagDate} now` });
      else if (status !== 'open') closed.push({ path, message: `the ${item.code} flag is ${notOpen(status)}` });
    });
    if (missing.length > 0)
      throw new AppError(
        'NOT_FOUND',
        `${missing.length === 1 ? 'A flag was' : `${missing.length} flags were`} not found; nothing was acknowledged`,
        missing,
      );
    if (closed.length > 0)
      throw new AppError(
        'BAD_REQUEST',
        `${closed.length === 1 ? 'A flag is' : `${closed.length} flags are`} not open; nothing was acknowledged`,
        closed,
      );
    const acknowledgements: AcknowledgementView[] = [];
    const changed = new Set<string>();
    let written = 0;
    for (const item of input.items) {
      const result = await acknowledgeFlag(tx, ctx, item, input);
      acknowledgements.push(result.acknowledgement);
      if (result.written) {
        written += 1;
        changed.add(item.patientId);
      }
    }
    // Once for every patient whose flags an acknowledgement changed (summary, counts).
    if (changed.size > 0) await afterPatientChange(tx, [...changed]);
    // `written`: new acknowledgements; the others were already in force with this reason and date.
    return { acknowledgements, written, patients: ids.length };
  });
}

/** Takes an acknowledgement back: the flag is open again at once. */
export function withdrawAcknowledgement(ctx: ActingContext, acknowledgementId: string): Promise<AcknowledgementView> {
  return ctx.db.$transaction(async (tx) => {
    const include = { createdBy: { select: { displayName: true, email: true } } };
    const found = await tx.flagAcknowledgement.findUnique({ where: { id: acknowledgementId } });
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
    await writeAudit(tx, {
      actorId: ctx.actor.id,
      action: 'FlagAcknowledgement.withdraw',
      entityType: 'FlagAcknowledgement',
      entityId: row.id,
      patientId: row.patientId,
      clientAddress: ctx.clientAddress,
      details: { before: presentAcknowledgement(existing), after: presentAcknowledgement(row) },
    });
    await afterPatientChange(tx, [row.patientId]);
    return presentAcknowledgement(row);
  });
}
