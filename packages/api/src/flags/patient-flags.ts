import { type DbClient, onPrimary, type PatientFlagModel, type PatientModel, type Prisma } from '@nmo/db';
import {
  type CalendarDate,
  calendarDateFromUtcDate,
  type FlagCode,
  type FlagStatus,
  type Severity,
  todayInClinic,
  utcDateFromCalendarDate,
} from '@nmo/domain';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import {
  ACTIVE_ACKNOWLEDGEMENTS,
  type ActiveAcknowledgement,
  acknowledgementOf,
  loadActiveAcknowledgements,
  presentActiveAcknowledgement,
} from './open-flags.ts';
import { recomputeFlags } from './recompute.ts';

/**
 * Stored flags are computed as of a day; the server refreshes them daily, and reads that need them
 * current (a patient page, the worklist) refresh any of their patients still dated before today.
 * Returns how many patients were refreshed.
 */
export async function ensureCurrentFlags(db: DbClient, patientIds: string[]): Promise<number> {
  const today = todayInClinic();
  const current = await db.patientFlagState.findMany({
    where: { patientId: { in: patientIds }, asOf: { gte: utcDateFromCalendarDate(today) } },
    select: { patientId: true },
  });
  const fresh = new Set(current.map((state) => state.patientId));
  const stale = patientIds.filter((id) => !fresh.has(id));
  if (stale.length > 0) {
    // Computed from the primary's records, never a replica's lagging copy (docs/SCALING.md section 2).
    const primary = onPrimary(db);
    await recomputeFlags(primary, { asOf: today, settings: await loadRuleSettings(primary), patientIds: stale });
  }
  return stale.length;
}

/** Most severe first, then newest (per patient): the order every list of a patient's flags uses. */
const FLAG_ORDER: Prisma.PatientFlagOrderByWithRelationInput[] = [
  { status: 'asc' },
  { severity: 'asc' },
  { date: 'desc' },
  { code: 'asc' },
];

/** The flags of stored rows, each with the acknowledgement that hides it on `asOf` (null when open). */
function presentFlags(
  flags: readonly PatientFlagModel[],
  acknowledgements: ActiveAcknowledgement[],
  asOf: CalendarDate,
) {
  return flags.map((row) => {
    const date = calendarDateFromUtcDate(row.date);
    const ack = acknowledgementOf(acknowledgements, { patientId: row.patientId, code: row.code, date }, asOf);
    return {
      patientId: row.patientId,
      code: row.code as FlagCode,
      severity: row.severity as Severity,
      date,
      message: row.message,
      source: row.source,
      details: row.details as Record<string, unknown>,
      status: row.status as FlagStatus,
      ...(row.resolvedOn ? { resolvedOn: calendarDateFromUtcDate(row.resolvedOn) } : {}),
      ...(row.resolution ? { resolution: row.resolution } : {}),
      acknowledgement: ack
        ? { id: ack.id, reason: ack.reason, until: ack.until, at: ack.at, by: ack.by.displayName }
        : null,
    };
  });
}

/**
 * The stored flags of some patients, most severe first, each with the acknowledgement that hides
 * it today (null when the flag is open).
 */
export async function loadPatientFlags(db: DbClient, patientIds: string[]) {
  const [flags, acknowledgements] = await Promise.all([
    db.patientFlag.findMany({
      where: { patientId: { in: patientIds } },
      orderBy: [{ patientId: 'asc' }, ...FLAG_ORDER],
    }),
    loadActiveAcknowledgements(db, patientIds),
  ]);
  return presentFlags(flags, acknowledgements, todayInClinic());
}
export type PatientFlagView = Awaited<ReturnType<typeof loadPatientFlags>>[number];

/** What readLivePatientWithFlags adds to a patient's include: the flags' day, the flags, the acknowledgements. */
const FLAGS_INCLUDE = {
  flagState: { select: { asOf: true } },
  flags: { orderBy: FLAG_ORDER },
  flagAcknowledgements: ACTIVE_ACKNOWLEDGEMENTS,
} satisfies Prisma.PatientInclude;

type WithFlags = PatientModel & {
  flagState: { asOf: Date } | null;
  flags: PatientFlagModel[];
  flagAcknowledgements: Parameters<typeof presentActiveAcknowledgement>[0][];
};

/**
 * A live patient (null when unknown or deleted) with `include` and the stored flags in one round
 * trip (one SQL statement with relationJoins), its flags first brought up to date as
 * ensureCurrentFlags does: read, and when they are dated before today, recompute and read again
 * (once a day per patient at most). One statement instead of four or five was most of the patient
 * page's and flags.list's server CPU (docs/PERFORMANCE.md, issue 21).
 */
export async function readLivePatientWithFlags<Row extends object = PatientModel>(
  db: DbClient,
  patientId: string,
  include: object = {},
): Promise<{ row: Row; flags: PatientFlagView[] } | null> {
  const today = todayInClinic();
  const read = async () =>
    (await db.patient.findFirst({
      where: { id: patientId, deletedAt: null },
      include: { ...include, ...FLAGS_INCLUDE },
      relationLoadStrategy: 'join',
    })) as unknown as (Row & WithFlags) | null;
  let row = await read();
  if (row && (!row.flagState || row.flagState.asOf < utcDateFromCalendarDate(today))) {
    await recomputeFlags(db, { asOf: today, settings: await loadRuleSettings(db), patientIds: [patientId] });
    row = await read();
  }
  if (!row) return null;
  const acknowledgements = row.flagAcknowledgements.map(presentActiveAcknowledgement);
  return { row, flags: presentFlags(row.flags, acknowledgements, today) };
}
