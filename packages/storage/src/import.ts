import { randomUUID } from 'node:crypto';
import { connectionOfTransaction, type DbClient, type PrismaClient } from '@nmo/db';
import {
  eventIdentity,
  type FieldError,
  identityOf,
  type PatientTimeline,
  partsOf,
  type TimelineEvent,
} from '@nmo/domain';

/** What an import writes: the patients of an interchange file (or any list of timelines). */
export interface TimelinePatients {
  patients: readonly PatientTimeline[];
}

import type { AuditEntry } from './audit-log.ts';
import { CODECS, type Codec, type PatientFields, patientCodec, type RecordCodec } from './codecs.ts';
import { PipelinedWriter } from './pipelined-write.ts';
import { CLINICAL_TABLES, delegate, EVENT_TABLES, type EventTable, type ModelName, tableOf } from './tables.ts';

export interface RecordCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  patients: RecordCounts;
  /** Every clinical record: events and their acute treatments and administrations. */
  records: RecordCounts;
  dryRun: boolean;
}

/** The file was valid but does not fit the database (e.g. an MRN of a deleted patient). Nothing was written. */
export class ImportConflictError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    this.name = 'ImportConflictError';
  }
}

type Row = Record<string, unknown> & { id: string; version: number };
type Change = { entity: string; id: string; action: 'create' | 'update'; before: unknown; after: unknown };

interface ChildSpec {
  codec: RecordCodec;
  list(event: TimelineEvent): Record<string, unknown>[];
  identity(child: Record<string, unknown>): string;
}

/** How an event's parts are merged: by the part type's own identity (registry.ts). */
function childSpecOf(type: TimelineEvent['type']): ChildSpec | undefined {
  const parts = partsOf(type);
  if (!parts) return undefined;
  return {
    codec: CODECS[parts.type],
    list: (event) => (event as unknown as Record<string, Record<string, unknown>[] | undefined>)[parts.field] ?? [],
    identity: (child) => identityOf(parts.type, child),
  };
}

/** Rows to write: one slice of an import's plan (pipelined-write.ts). */
export interface PlannedWrites {
  creates: Map<ModelName, Record<string, unknown>[]>;
  updates: { model: ModelName; id: string; data: Record<string, unknown> }[];
  audit: AuditEntry[];
}

/** What one import will write, worked out from the file and the rows already there. */
class ImportPlan {
  private writes: PlannedWrites = { creates: new Map(), updates: [], audit: [] };
  readonly patientCounts: RecordCounts = { created: 0, updated: 0, unchanged: 0 };
  readonly recordCounts: RecordCounts = { created: 0, updated: 0, unchanged: 0 };
  /** Patients created or changed: their derived data (flags) must be recomputed. */
  readonly touchedPatientIds: string[] = [];
  /** Rows created per model: which tables grew enough for their statistics to be renewed. */
  readonly createdPerModel = new Map<ModelName, number>();

  constructor(private readonly actorId: string) {}

  /** The rows planned since the last call: handed to the writer while planning goes on. */
  takeWrites(): PlannedWrites {
    const taken = this.writes;
    this.writes = { creates: new Map(), updates: [], audit: [] };
    return taken;
  }

  /**
   * One audit row per record created or changed, with before and after as the interchange format
   * shows them: the same rows a change in the dashboard leaves, so an import shows in the record's
   * history (and the patient's).
   */
  audited(patientId: string, changes: Change[]): void {
    for (const change of changes)
      this.writes.audit.push({
        actorId: this.actorId,
        action: `${change.entity}.${change.action}` as const,
        entityType: change.entity,
        entityId: change.id,
        patientId,
        details: { before: change.before, after: change.after, source: 'import' },
      });
  }

  create(model: ModelName, row: Record<string, unknown>): void {
    const rows = this.writes.creates.get(model) ?? [];
    rows.push({ ...row, createdById: this.actorId, updatedById: this.actorId });
    this.writes.creates.set(model, rows);
    this.createdPerModel.set(model, (this.createdPerModel.get(model) ?? 0) + 1);
  }

  update(model: ModelName, id: string, data: Record<string, unknown>): void {
    this.writes.updates.push({ model, id, data: { ...data, updatedById: this.actorId, version: { increment: 1 } } });
  }
}

/**
 * Imports a validated interchange file in one transaction: all of it or nothing.
 * Patients are matched by MRN and events by their identity (docs/decisions/0004-event-identity.md):
 * a match is updated when its content differs, anything new is created, and nothing is deleted.
 */
export async function importTimelineFile(
  prisma: PrismaClient,
  file: TimelinePatients,
  options: {
    actorId: string;
    dryRun?: boolean;
    clientAddress?: string;
    /** Runs in the same transaction before anything is read (e.g. to take the patients' write locks). */
    beforePlan?: (db: DbClient) => Promise<void>;
    /** Runs in the same transaction after the writes, with the patients created or changed. */
    afterWrite?: (db: DbClient, patientIds: string[]) => Promise<void>;
  },
): Promise<ImportSummary> {
  const dryRun = options.dryRun ?? false;
  const outcome = await prisma.$transaction(
    async (tx) => {
      await options.beforePlan?.(tx);
      const writer = dryRun
        ? undefined
        : new PipelinedWriter(tx, options.clientAddress, await connectionOfTransaction(prisma, tx));
      const plan = await planImport(tx, file, options.actorId, writer);
      if (writer) {
        await writer.finish({
          actorId: options.actorId,
          action: 'import',
          clientAddress: options.clientAddress,
          details: { patients: plan.patientCounts, records: plan.recordCounts },
        });
        if (options.afterWrite && plan.touchedPatientIds.length > 0)
          await options.afterWrite(tx, plan.touchedPatientIds);
      }
      const summary = { patients: plan.patientCounts, records: plan.recordCounts, dryRun };
      return { summary, created: plan.createdPerModel };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  if (!dryRun && outcome.summary.records.created >= ANALYZE_AFTER_ROWS)
    await analyzeGrownTables(prisma, outcome.created);
  return outcome.summary;
}

/** Records created by one import above which the tables it grew are analysed at once. */
const ANALYZE_AFTER_ROWS = 10_000;
/**
 * The share of a table's rows (as its statistics last counted them) that new rows must exceed for
 * the import to renew its statistics: autovacuum's own trigger, `autovacuum_analyze_scale_factor`,
 * whose default is 0.1 (PostgreSQL 17 documentation, 19.10 Automatic Vacuuming).
 */
const STALE_STATISTICS_SHARE = 0.1;

/**
 * A bulk load leaves the planner's statistics describing the tables before it: until autovacuum
 * catches up, per-patient reads (exports, timelines) could plan as if the tables were empty. Only
 * the tables this import grew by more than autovacuum's share are analysed: the 20th 500-patient
 * chunk of a registry load adds 5% and leaves statistics as good as autovacuum would.
 */
export async function analyzeGrownTables(prisma: PrismaClient, created: Map<ModelName, number>): Promise<void> {
  const grown = CLINICAL_TABLES.filter(({ model }) => (created.get(model) ?? 0) > 0);
  const counted = await prisma.$queryRawUnsafe<{ table: string; rows: number }[]>(
    `SELECT "relname" AS "table", greatest("reltuples", 0)::float8 AS "rows" FROM "pg_class"
      WHERE "relname" = ANY($1::text[]) AND "relkind" = 'r' AND "relnamespace" = current_schema()::regnamespace`,
    grown.map(({ table }) => table),
  );
  const rowsOf = new Map(counted.map(({ table, rows }) => [table, rows]));
  const createdIn = new Map(grown.map(({ model, table }) => [table, created.get(model) ?? 0]));
  for (const table of tablesToAnalyze(createdIn, rowsOf)) await prisma.$executeRawUnsafe(`ANALYZE "${table}"`);
}

/**
 * The tables whose new rows exceed STALE_STATISTICS_SHARE of the rows their statistics last counted
 * (`rowsOf`; a table never analysed counts none).
 */
export function tablesToAnalyze(createdIn: Map<string, number>, rowsOf: Map<string, number>): string[] {
  return [...createdIn]
    .filter(([table, created]) => created > STALE_STATISTICS_SHARE * (rowsOf.get(table) ?? 0))
    .map(([table]) => table);
}

/** Patients planned per slice handed to the writer: statements of a few thousand rows. */
const SLICE_PATIENTS = 100;
/** Patients planned between two turns of the event loop, so the writer's next statement goes out. */
const PATIENTS_PER_TURN = 5;

/**
 * Works out what the import writes. With a writer, each slice of SLICE_PATIENTS patients is handed
 * to it as soon as it is planned: PostgreSQL writes one slice while Node plans the next (both cores).
 */
async function planImport(
  db: DbClient,
  file: TimelinePatients,
  actorId: string,
  writer?: PipelinedWriter,
): Promise<ImportPlan> {
  const plan = new ImportPlan(actorId);
  const mrns = file.patients.map((p) => p.mrn);
  const existingPatients = (await db.patient.findMany({ where: { mrn: { in: mrns } } })) as unknown as (Row & {
    mrn: string;
    deletedAt: Date | null;
  })[];
  const byMrn = new Map(existingPatients.map((p) => [p.mrn, p]));

  const conflicts: FieldError[] = [];
  file.patients.forEach((patient, index) => {
    if (byMrn.get(patient.mrn)?.deletedAt) {
      conflicts.push({
        path: `patients[${index}].mrn`,
        message: `belongs to a deleted patient (${patient.mrn}); restore that patient before importing`,
      });
    }
  });
  if (conflicts.length > 0) throw new ImportConflictError(conflicts);

  const existingEvents = await loadLiveEvents(
    db,
    existingPatients.map((p) => p.id),
  );

  try {
    for (const [index, patient] of file.patients.entries()) {
      if (writer && index > 0 && index % PATIENTS_PER_TURN === 0) {
        if (index % SLICE_PATIENTS === 0) writer.write(plan.takeWrites());
        await writer.turn();
      }
      planPatient(plan, patient, byMrn.get(patient.mrn), existingEvents);
    }
    writer?.write(plan.takeWrites());
  } catch (error) {
    // Nothing may reach the database after the transaction has ended: stop the writer first.
    await writer?.abort();
    throw error;
  }
  return plan;
}

/** Plans one patient of the file: the patient row and every event, matched against what is stored. */
function planPatient(
  plan: ImportPlan,
  patient: TimelinePatients['patients'][number],
  existing: (Row & { mrn: string }) | undefined,
  existingEvents: Map<string, Map<string, Row>>,
) {
  const { events, ...fields } = patient;
  const patientId = existing?.id ?? randomUUID();
  const changes: Change[] = [];
  const row = patientCodec.toRow(fields);
  const codec = patientCodec as Codec<PatientFields, Record<string, unknown>>;
  if (!existing) {
    plan.create('patient', { id: patientId, ...row });
    plan.patientCounts.created++;
    changes.push({ entity: 'Patient', id: patientId, action: 'create', before: null, after: codec.fromRow(row) });
  } else if (differs(codec, existing, row)) {
    plan.update('patient', patientId, row);
    plan.patientCounts.updated++;
    const after = codec.fromRow({ ...existing, ...row });
    changes.push({ entity: 'Patient', id: patientId, action: 'update', before: codec.fromRow(existing), after });
  } else {
    plan.patientCounts.unchanged++;
  }
  const live = existingEvents.get(patientId) ?? new Map<string, Row>();
  for (const event of events) planEvent(plan, patientId, event, live.get(eventIdentity(event)), changes);
  if (changes.length > 0) {
    plan.touchedPatientIds.push(patientId);
    plan.audited(patientId, changes);
  }
}

function planEvent(
  plan: ImportPlan,
  patientId: string,
  event: TimelineEvent,
  match: Row | undefined,
  changes: Change[],
) {
  const table = tableOf(event.type);
  const spec = childSpecOf(event.type);
  const row = table.codec.toRow(event);
  // A parent's own columns only: its parts are compared and audited one by one below.
  const ownOf = (stored: Record<string, unknown>) =>
    table.codec.fromRow(table.children ? { ...stored, [table.children.relation]: [] } : stored);
  let parentId: string;
  if (!match) {
    parentId = randomUUID();
    plan.create(table.model, { id: parentId, patientId, ...row });
    plan.recordCounts.created++;
    changes.push({ entity: table.entity, id: parentId, action: 'create', before: null, after: ownOf(row) });
  } else {
    parentId = match.id;
    const own = table.children ? { ...match, [table.children.relation]: [] } : match;
    if (differs(table.codec, own, row)) {
      plan.update(table.model, parentId, row);
      plan.recordCounts.updated++;
      const after = ownOf({ ...match, ...row });
      changes.push({ entity: table.entity, id: parentId, action: 'update', before: ownOf(match), after });
    } else plan.recordCounts.unchanged++;
  }
  if (!spec || !table.children) return;
  const children = table.children;
  const liveChildren = new Map(
    ((match?.[children.relation] as Row[] | undefined) ?? []).map((child) => [
      spec.identity(spec.codec.fromRow(child)),
      child,
    ]),
  );
  for (const child of spec.list(event)) {
    const childRow = spec.codec.toRow(child);
    const existingChild = liveChildren.get(spec.identity(child));
    if (!existingChild) {
      const id = randomUUID();
      plan.create(children.model, { id, patientId, [children.parentKey]: parentId, ...childRow });
      plan.recordCounts.created++;
      changes.push({
        entity: children.entity,
        id,
        action: 'create',
        before: null,
        after: spec.codec.fromRow(childRow),
      });
    } else if (differs(spec.codec, existingChild, childRow)) {
      plan.update(children.model, existingChild.id, childRow);
      plan.recordCounts.updated++;
      changes.push({
        entity: children.entity,
        id: existingChild.id,
        action: 'update',
        before: spec.codec.fromRow(existingChild),
        after: spec.codec.fromRow({ ...existingChild, ...childRow }),
      });
    } else plan.recordCounts.unchanged++;
  }
}

/** Whether writing `row` over `existing` would change what the interchange format shows. */
function differs<E, R>(codec: Codec<E, R>, existing: object, row: Record<string, unknown>): boolean {
  const before = JSON.stringify(codec.fromRow(existing as R));
  const after = JSON.stringify(codec.fromRow({ ...existing, ...row } as R));
  return before !== after;
}

/** Live events of the given patients: patientId → identity → row (with live children). */
async function loadLiveEvents(db: DbClient, patientIds: string[]): Promise<Map<string, Map<string, Row>>> {
  const result = new Map<string, Map<string, Row>>();
  if (patientIds.length === 0) return result;
  for (const table of EVENT_TABLES) {
    const rows = (await delegate(db, table.model).findMany({
      where: { patientId: { in: patientIds }, deletedAt: null },
      ...(table.children
        ? { include: { [table.children.relation]: { where: { deletedAt: null } } }, relationLoadStrategy: 'query' }
        : {}),
    })) as Row[];
    for (const row of rows) {
      const event = table.codec.fromRow(row);
      const perPatient = result.get(row.patientId as string) ?? new Map<string, Row>();
      perPatient.set(eventIdentity(event), row);
      result.set(row.patientId as string, perPatient);
    }
  }
  return result;
}

export type { EventTable };
