import {
  type DbClient,
  onPrimary,
  type PatientFlagModel,
  type PatientModel,
  type Prisma,
  queryTextColumn,
} from '@nmo/db';
import {
  type CalendarDate,
  type FlagCode,
  type FlagStatus,
  type Severity,
  todayInClinic,
  utcDateFromCalendarDate,
} from '@nmo/domain';
import {
  liveRecordsJson,
  type PatientRow,
  recordRowsFromJson,
  type StoredDate,
  toCalendar,
  withTimestamps,
} from '@nmo/storage';
import type { Row } from '../records/record-kind.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import {
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
  // Two flags can share all of the above (two labs overdue on one day): the id makes the order total.
  { id: 'asc' },
];

/** A stored flag with its source's text, as Prisma reads it (dates as Date) or as JSON (dates as text). */
type StoredFlagRow = Omit<PatientFlagModel, 'date' | 'resolvedOn' | 'sourceId'> & {
  date: StoredDate;
  resolvedOn: StoredDate | null;
  /** The cited source's text (FlagSource). */
  source: string;
};

/** The flags of stored rows, each with the acknowledgement that hides it on `asOf` (null when open). */
function presentFlags(flags: readonly StoredFlagRow[], acknowledgements: ActiveAcknowledgement[], asOf: CalendarDate) {
  return flags.map((row) => {
    const date = toCalendar(row.date);
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
      ...(row.resolvedOn ? { resolvedOn: toCalendar(row.resolvedOn) } : {}),
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
      include: { source: { select: { text: true } } },
    }),
    loadActiveAcknowledgements(db, patientIds),
  ]);
  const rows = flags.map(({ sourceId: _sourceId, source, ...flag }) => ({ ...flag, source: source.text }));
  return presentFlags(rows, acknowledgements, todayInClinic());
}
export type PatientFlagView = Awaited<ReturnType<typeof loadPatientFlags>>[number];

/**
 * One statement that reads a live patient as one JSON text: its row, its live records with the
 * columns the API presents when `records` (else null), the day its flags were computed as of, its flags in FLAG_ORDER
 * (the same keys in SQL: enums sort in their declared order), and the acknowledgements in force
 * with who made them (ACTIVE_ACKNOWLEDGEMENTS). Built once per shape.
 */
const patientDocumentStatement = (records: boolean) =>
  `SELECT json_build_object(
    'patient', row_to_json(p),
    'records', ${records ? liveRecordsJson('presented') : 'NULL'},
    'flagsAsOf', (SELECT s."asOf" FROM "PatientFlagState" s WHERE s."patientId" = p.id),
    'flags', (SELECT json_agg(f ORDER BY f.status, f.severity, f.date DESC, f.code, f.id) FROM (SELECT f.*, s.text AS source
      FROM "PatientFlag" f JOIN "FlagSource" s ON s.id = f."sourceId" WHERE f."patientId" = p.id) f),
    'acknowledgements', (SELECT json_agg(json_build_object('id', a.id, 'patientId', a."patientId", 'code', a.code,
      'flagDate', a."flagDate", 'until', a.until, 'reason', a.reason, 'createdAt', a."createdAt",
      'createdBy', json_build_object('email', u.email, 'displayName', u."displayName")) ORDER BY a."createdAt")
      FROM "FlagAcknowledgement" a JOIN "User" u ON u.id = a."createdById"
      WHERE a."patientId" = p.id AND a."supersededAt" IS NULL)
  )::text AS document FROM "Patient" p WHERE p.id = $1::uuid AND p."deletedAt" IS NULL`;
const PATIENT_WITH_RECORDS = patientDocumentStatement(true);
const PATIENT_ONLY = patientDocumentStatement(false);

interface PatientDocument {
  patient: Record<string, unknown>;
  records: Record<string, Record<string, unknown>[] | null> | null;
  flagsAsOf: string | null;
  flags: StoredFlagRow[] | null;
  acknowledgements:
    | (Omit<Parameters<typeof presentActiveAcknowledgement>[0], 'createdAt'> & { createdAt: string })[]
    | null;
}

/** A live patient as the page reads it: the patient's columns (dates as text) and each relation's live rows. */
export type PatientWithRecords = PatientRow &
  Pick<PatientModel, 'createdAt' | 'updatedAt' | 'deletedAt'> &
  Record<string, Row[]>;

/**
 * A live patient (null when unknown or deleted) with its stored flags, in one statement, its flags
 * first brought up to date as ensureCurrentFlags does: read, and when they are dated before today,
 * recompute and read again (once a day per patient at most). With `records`, the row carries every
 * live record (and its live parts) under its relation, as Prisma's include would, with the columns
 * the API presents (liveRecordsJson's `presented`).
 *
 * Read as one JSON text that PostgreSQL builds and JSON.parse reads: the same read through Prisma's
 * relation joins spent most of the patient page's server CPU turning rows into objects
 * (docs/decisions/0036-timelines-read-as-json.md).
 */
export async function readLivePatientWithFlags(
  db: DbClient,
  patientId: string,
  options: { records: boolean } = { records: false },
): Promise<{ row: PatientWithRecords; flags: PatientFlagView[] } | null> {
  const today = todayInClinic();
  const read = async () => {
    const [found] = await queryTextColumn(db, options.records ? PATIENT_WITH_RECORDS : PATIENT_ONLY, [patientId]);
    return found ? (JSON.parse(found) as PatientDocument) : null;
  };
  let document = await read();
  if (document && (document.flagsAsOf === null || document.flagsAsOf < today)) {
    await recomputeFlags(db, { asOf: today, settings: await loadRuleSettings(db), patientIds: [patientId] });
    document = await read();
  }
  if (!document) return null;
  const row = {
    ...withTimestamps(document.patient),
    ...(document.records ? recordRowsFromJson(document.records) : {}),
  } as unknown as PatientWithRecords;
  const acknowledgements = (document.acknowledgements ?? []).map((ack) =>
    presentActiveAcknowledgement({ ...ack, createdAt: new Date(ack.createdAt) }),
  );
  return { row, flags: presentFlags(document.flags ?? [], acknowledgements, today) };
}
