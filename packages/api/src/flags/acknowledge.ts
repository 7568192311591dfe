import type { DbClient } from '@nmo/db';
import {
  type CalendarDate,
  calendarDate,
  calendarDateFromUtcDate,
  FLAG_CODES,
  type FlagCode,
  type FlagStatus,
  todayInClinic,
  utcDateFromCalendarDate,
} from '@nmo/domain';
import { writeAudit } from '@nmo/storage';
import { z } from 'zod';
import { uuid } from '../records/record-router.ts';
import type { Context } from '../trpc/context.ts';
import { AppError } from '../trpc/errors.ts';

/** A flag is identified by its patient, code and date (docs/API.md, flags). */
export const flagKeyFields = {
  patientId: uuid,
  code: z.enum(FLAG_CODES, { error: 'must be one of the flag codes' }),
  flagDate: calendarDate,
};
export interface FlagKey {
  patientId: string;
  code: FlagCode;
  flagDate: CalendarDate;
}

export const reasonField = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must say why (it is shown with the flag and kept in the audit log)' })
  .max(1000, { error: 'must be at most 1000 characters' });

/** Null or absent: acknowledged for good; a day: snoozed until then. */
export const untilField = calendarDate.nullable().optional();

/** A snooze must end after today (checked when the request arrives, before anything is locked). */
export function checkUntil(until: CalendarDate | null | undefined): void {
  const today = todayInClinic();
  if (until && until <= today) {
    throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
      { path: 'until', message: `must be after today (${today}); leave it empty to acknowledge for good` },
    ]);
  }
}

export function presentAcknowledgement(row: {
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
export type AcknowledgementView = ReturnType<typeof presentAcknowledgement>;

const keyOf = (patientId: string, code: string, date: CalendarDate) => `${patientId}|${code}|${date}`;

/**
 * The stored status of each flag (as of today: call ensureCurrentFlags first), in the order of
 * `keys`; undefined where the patient has no such flag. When the rules raise the same code twice on
 * one day, one open flag of the two makes the key open.
 */
export async function storedStatuses(db: DbClient, keys: readonly FlagKey[]): Promise<(FlagStatus | undefined)[]> {
  if (keys.length === 0) return [];
  const rows = await db.patientFlag.findMany({
    where: {
      OR: keys.map((key) => ({
        patientId: key.patientId,
        code: key.code,
        date: utcDateFromCalendarDate(key.flagDate),
      })),
    },
    select: { patientId: true, code: true, date: true, status: true },
  });
  const statuses = new Map<string, FlagStatus>();
  for (const row of rows) {
    const key = keyOf(row.patientId, row.code, calendarDateFromUtcDate(row.date));
    if (statuses.get(key) !== 'open') statuses.set(key, row.status as FlagStatus);
  }
  return keys.map((key) => statuses.get(keyOf(key.patientId, key.code, key.flagDate)));
}

/** "resolved" or "expired", said so that the clinician knows nothing is left to acknowledge. */
export const notOpen = (status: FlagStatus) =>
  `${status}, not open: only open flags need acknowledging (resolved and expired ones are kept as history)`;

/**
 * Acknowledges or snoozes one flag: the per-flag work of `flags.acknowledge` and
 * `flags.acknowledgeMany`. The caller's transaction holds the patient's lock and has checked that
 * the flag exists and is open. The same acknowledgement again (a double click, a retried request)
 * returns the one in force and writes nothing; otherwise the earlier one is superseded, the new one
 * written and audited. The caller recomputes the patient's flags when `written`.
 */
export async function acknowledgeFlag(
  tx: DbClient,
  ctx: Pick<Context, 'clientAddress'> & { actor: { id: string } },
  key: FlagKey,
  what: { reason: string; until?: CalendarDate | null | undefined },
): Promise<{ acknowledgement: AcknowledgementView; written: boolean }> {
  const flagDate = utcDateFromCalendarDate(key.flagDate);
  const until = what.until ? utcDateFromCalendarDate(what.until) : null;
  const include = { createdBy: { select: { displayName: true, email: true } } };
  const where = { patientId: key.patientId, code: key.code, flagDate, supersededAt: null };
  const inForce = await tx.flagAcknowledgement.findFirst({ where, include });
  if (inForce && inForce.reason === what.reason && inForce.until?.getTime() === until?.getTime())
    return { acknowledgement: presentAcknowledgement(inForce), written: false };
  // The newest acknowledgement of a flag is the one in force; earlier ones stay as history.
  await tx.flagAcknowledgement.updateMany({ where, data: { supersededAt: new Date() } });
  const row = await tx.flagAcknowledgement.create({
    data: {
      patientId: key.patientId,
      code: key.code,
      flagDate,
      reason: what.reason,
      until,
      createdById: ctx.actor.id,
    },
    include,
  });
  const acknowledgement = presentAcknowledgement(row);
  await writeAudit(tx, {
    actorId: ctx.actor.id,
    action: what.until ? 'FlagAcknowledgement.snooze' : 'FlagAcknowledgement.acknowledge',
    entityType: 'FlagAcknowledgement',
    entityId: row.id,
    patientId: key.patientId,
    clientAddress: ctx.clientAddress,
    details: { before: null, after: acknowledgement },
  });
  return { acknowledgement, written: true };
}
