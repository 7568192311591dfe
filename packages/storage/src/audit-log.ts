import { type DbClient, poolOf } from '@nmo/db';
import { insertRows, prepareInserts } from './bulk-insert.ts';
import { prepareCopy } from './copy-in.ts';

/** A change of a clinical record (or an account of the clinic's data), kept with before and after. */
export type RecordChange = 'create' | 'update' | 'delete' | 'restore';

/** What a read of identified data covered (HIPAA 164.312(b)): a list, one record, its history… */
export type ReadScope =
  | 'list'
  | 'record'
  | 'history'
  | 'timeline'
  | 'overview'
  | 'worklist'
  | 'careQuality'
  | 'acknowledgements';

/**
 * Every action the audit log records. The strings are stored as they are: the audit page filters by
 * their prefixes, record histories by `<Entity>.<change>`, and docs/API.md lists them, so a new
 * action is added here and an existing one is never renamed.
 */
export type AuditAction =
  | 'auth.login'
  | 'auth.logout'
  | `account.${'create' | 'update' | 'disable' | 'enable' | 'password.reset' | 'password.change'}`
  | 'settings.update'
  /** The display settings (the clinic's date locale), not the rules. */
  | 'settings.update.display'
  | 'import'
  | 'audit.read'
  | 'audit.export'
  /** An export started (`export.<format>.start`) and ended (`export.<format>`, failed or not). */
  | `export.${string}`
  | `FlagAcknowledgement.${'acknowledge' | 'snooze' | 'withdraw'}`
  /** `<Entity>.<change>`: Patient, EdssAssessment, Relapse… */
  | `${string}.${RecordChange}`
  /** `<area>.read.<scope>`: patient, flags, cohort, or a record entity. */
  | `${string}.read.${ReadScope}`;

/** One audit row. Absent fields are stored as null; `success` defaults to true. */
export interface AuditEntry {
  actorId: string;
  action: AuditAction;
  entityType?: string | null;
  entityId?: string | null;
  patientId?: string | null;
  clientAddress?: string | null | undefined;
  success?: boolean;
  details?: object;
}

const row = (entry: AuditEntry) => ({
  actorId: entry.actorId,
  action: entry.action,
  entityType: entry.entityType ?? null,
  entityId: entry.entityId ?? null,
  patientId: entry.patientId ?? null,
  clientAddress: entry.clientAddress ?? null,
  ...(entry.success === undefined ? {} : { success: entry.success }),
  ...(entry.details === undefined ? {} : { details: entry.details }),
});

/** The columns an audit row is written with, and their types: the one INSERT and the COPY of an import's rows. */
const AUDIT_COLUMNS = {
  actorId: 'uuid',
  action: 'text',
  entityType: 'text',
  entityId: 'text',
  patientId: 'uuid',
  clientAddress: 'text',
  success: 'boolean',
  details: 'jsonb',
} as const;

const INSERT_AUDIT_ROW = `INSERT INTO "AuditEvent" (${Object.keys(AUDIT_COLUMNS)
  .map((column) => `"${column}"`)
  .join(', ')})
  VALUES (${Object.values(AUDIT_COLUMNS)
    .map((type, index) => `$${index + 1}::${type}`)
    .join(', ')})`;

/** The INSERT's parameters for one entry, in AUDIT_COLUMNS' order. */
function insertValues(entry: AuditEntry): unknown[] {
  const { details, ...columns } = row(entry);
  return [
    columns.actorId,
    columns.action,
    columns.entityType,
    columns.entityId,
    columns.patientId,
    columns.clientAddress,
    entry.success ?? true,
    details === undefined ? null : JSON.stringify(details),
  ];
}

/**
 * Writes one audit row, in the caller's transaction. The result is Prisma's own promise, so it can
 * also go into a batch `$transaction([...])` next to the change it records. One plain INSERT: every
 * identified read writes one, and Prisma's `create` (which reads the row back) cost 0.9 ms of CPU
 * per call under load (docs/PERFORMANCE.md).
 */
export function writeAudit(db: DbClient, entry: AuditEntry) {
  return db.$executeRawUnsafe(INSERT_AUDIT_ROW, ...insertValues(entry));
}

/**
 * Writes one audit row at once (not a promise for a batch, as writeAudit's): the row of a read. On a
 * client from createPrismaClient it goes straight to the client's pg pool, committed on its own, at
 * about half the Node CPU it costs through Prisma (0.035 against 0.08 ms a row, measured). Any other client goes
 * through Prisma as writeAudit: a transaction's client writes the row inside that transaction, and
 * one routed to replicas sends it to the primary (only Prisma's executes reach the primary there).
 */
export async function writeAuditNow(db: DbClient, entry: AuditEntry): Promise<void> {
  const pool = poolOf(db);
  if (pool) await pool.query(INSERT_AUDIT_ROW, insertValues(entry));
  else await writeAudit(db, entry);
}

/** Writes several audit rows in one statement, in the caller's transaction. */
export function writeAuditMany(db: DbClient, entries: readonly AuditEntry[]) {
  return db.auditEvent.createMany({ data: entries.map(row) });
}

/** An import's audit rows (one per record it wrote), bulk-inserted like the records themselves. */
export async function insertAuditRows(db: DbClient, entries: readonly AuditEntry[]): Promise<void> {
  await insertRows(db, 'AuditEvent', entries.map(row));
}

/** insertAuditRows' statements, built now to run later (runInsert). */
export const prepareAuditInserts = (entries: readonly AuditEntry[]) => prepareInserts('AuditEvent', entries.map(row));

/**
 * prepareAuditInserts' rows as one COPY (copy-in.ts): every column written, `success` true and the
 * client's address `clientAddress` unless the entry says otherwise.
 */
export const prepareAuditCopy = (entries: readonly AuditEntry[], clientAddress?: string) =>
  prepareCopy('AuditEvent', entries as unknown as readonly Record<string, unknown>[], {
    columns: Object.keys(AUDIT_COLUMNS),
    defaults: { success: true, clientAddress: clientAddress ?? null },
  });
