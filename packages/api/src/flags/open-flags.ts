import type { DbClient, Prisma } from '@nmo/db';
import type { CalendarDate } from '@nmo/domain';
import { type StoredDate, toCalendar } from '@nmo/storage';

/** A stored acknowledgement as far as "is this flag open?" is concerned. */
export interface AcknowledgementKey {
  patientId: string;
  code: string;
  flagDate: CalendarDate;
  /** Null: acknowledged for good; else snoozed until that day (the flag is open again on it). */
  until: CalendarDate | null;
  superseded: boolean;
}

/**
 * Whether an acknowledgement hides a flag on `asOf`: same patient, code and flag date (a flag the
 * rules raise again for another date is new and shows), not superseded, and not past its snooze.
 */
export function hidesFlag(
  ack: AcknowledgementKey,
  flag: { patientId: string; code: string; date: CalendarDate },
  asOf: CalendarDate,
): boolean {
  return (
    !ack.superseded &&
    ack.patientId === flag.patientId &&
    ack.code === flag.code &&
    ack.flagDate === flag.date &&
    (ack.until === null || asOf < ack.until)
  );
}

/** How an acknowledgement in force is read: with who made it (also as a patient's include). */
export const ACTIVE_ACKNOWLEDGEMENTS = {
  where: { supersededAt: null },
  orderBy: { createdAt: 'asc' },
  include: { createdBy: { select: { email: true, displayName: true } } },
} satisfies Prisma.FlagAcknowledgementFindManyArgs;

interface AcknowledgementRow {
  id: string;
  patientId: string;
  code: string;
  flagDate: StoredDate;
  until: StoredDate | null;
  reason: string;
  createdAt: Date;
  createdBy: { email: string; displayName: string };
}

export const presentActiveAcknowledgement = (row: AcknowledgementRow) => ({
  id: row.id,
  patientId: row.patientId,
  code: row.code,
  flagDate: toCalendar(row.flagDate),
  until: row.until ? toCalendar(row.until) : null,
  superseded: false,
  reason: row.reason,
  at: row.createdAt.toISOString(),
  by: row.createdBy,
});

/** The acknowledgements still in force (not superseded or withdrawn) for some patients. */
export async function loadActiveAcknowledgements(db: DbClient, patientIds: string[]) {
  const rows = await db.flagAcknowledgement.findMany({
    ...ACTIVE_ACKNOWLEDGEMENTS,
    where: { ...ACTIVE_ACKNOWLEDGEMENTS.where, patientId: { in: patientIds } },
  });
  return rows.map(presentActiveAcknowledgement);
}
export type ActiveAcknowledgement = Awaited<ReturnType<typeof loadActiveAcknowledgements>>[number];

/** The acknowledgement that hides a flag on `asOf`, if any. */
export function acknowledgementOf<A extends AcknowledgementKey>(
  acks: readonly A[],
  flag: { patientId: string; code: string; date: CalendarDate },
  asOf: CalendarDate,
): A | undefined {
  return acks.findLast((ack) => hidesFlag(ack, flag, asOf));
}
