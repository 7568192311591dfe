import type { DbClient } from '@nmo/db';
import type pg from 'pg';
import { type AuditEntry, insertAuditRows, prepareAuditCopy, prepareAuditInserts } from './audit-log.ts';
import { prepareInserts, runInsert } from './bulk-insert.ts';
import { prepareCopy, runCopy } from './copy-in.ts';
import type { PlannedWrites } from './import.ts';
import { CLINICAL_TABLES, delegate } from './tables.ts';

/**
 * Writes an import's plan slice by slice, in order, on the transaction's one connection, while the
 * caller plans the next slice. Node plans and PostgreSQL writes at the same time, so an import
 * uses both cores instead of taking turns (docs/decisions/0032-import-pipeline.md).
 *
 * Every statement still runs in the import's transaction: the writer never runs two at once (a
 * slice starts when the previous one is done), and after a failure or `abort` it starts nothing
 * more, so nothing can reach the database after the transaction has been rolled back.
 */
export class PipelinedWriter {
  private pending: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private stopped = false;

  /**
   * `connection`: the transaction's own pg connection (connectionOfTransaction), when there is one:
   * new rows then go in by COPY, PostgreSQL's bulk path; without it, by INSERT from JSON.
   */
  constructor(
    private readonly db: DbClient,
    private readonly clientAddress: string | undefined,
    private readonly connection?: pg.ClientBase,
  ) {}

  /**
   * Queues one slice's rows: parents before children, then updates, then their audit rows. With a
   * connection, each COPY's text is formatted a chunk at a time as it is sent (copy-in.ts), so no
   * long stretch of formatting holds the event loop while PostgreSQL waits for its next rows;
   * without one, the statements' JSON is built now, while the previous slice is still being written.
   */
  write(slice: PlannedWrites): void {
    const steps = this.stepsOf(slice);
    this.pending = this.pending
      .then(() => this.run(steps))
      .catch((error: unknown) => {
        this.failure ??= { error };
        this.stopped = true;
      });
  }

  /**
   * Lets the event loop run, so a finished statement's successor goes out while planning goes on.
   * Throws the writer's failure, if any, so planning stops at once.
   */
  async turn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every queued slice, then writes the import's own audit row; throws the first failure. */
  async finish(summary: AuditEntry): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure.error;
    await insertAuditRows(this.db, [summary]);
  }

  /** Starts nothing more and waits for the statement in flight (the caller is about to roll back). */
  async abort(): Promise<void> {
    this.stopped = true;
    await this.pending;
  }

  private stepsOf(slice: PlannedWrites): (() => Promise<unknown>)[] {
    const updates = slice.updates.map(
      (update) => () => delegate(this.db, update.model).update({ where: { id: update.id }, data: update.data }),
    );
    const { connection } = this;
    if (connection) {
      // Shared values are COPY's defaults, not copies of every row: this runs while a slice is written.
      const now = new Date();
      const copies = CLINICAL_TABLES.map(({ model, table }) =>
        prepareCopy(table, slice.creates.get(model) ?? [], { columnsOfAnyRow: true, defaults: { updatedAt: now } }),
      );
      const audit = prepareAuditCopy(slice.audit, this.clientAddress);
      return [...copies.map((copy) => () => runCopy(connection, copy)), ...updates, () => runCopy(connection, audit)];
    }
    // As the COPY's default: the entry's own address, if it has one, else the import's.
    const auditRows = slice.audit.map((row) => ({
      ...row,
      clientAddress: row.clientAddress === undefined ? this.clientAddress : row.clientAddress,
    }));
    const inserts = CLINICAL_TABLES.flatMap(({ model, table }) =>
      prepareInserts(table, slice.creates.get(model) ?? [], { stampUpdatedAt: true }),
    );
    const audit = prepareAuditInserts(auditRows);
    return [
      ...inserts.map((statement) => () => runInsert(this.db, statement)),
      ...updates,
      ...audit.map((statement) => () => runInsert(this.db, statement)),
    ];
  }

  private async run(steps: (() => Promise<unknown>)[]): Promise<void> {
    for (const step of steps) {
      if (this.stopped) return;
      await step();
    }
  }
}
