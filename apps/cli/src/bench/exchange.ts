import { spawn } from 'node:child_process';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { withClient } from '@nmo/db';
import { createTestDatabase, type TestDatabase, type TestPostgres } from '@nmo/db/testing';
import { csvLongCopyQuery } from '@nmo/exchange';
import { CLINICAL_TABLES } from '@nmo/storage';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { cliConfig } from '../config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, '../../../..');

export interface ExportMeasure {
  seconds: number;
  patients: number;
  rows: number;
  bytes: number;
  /** The child's resident memory before the export (Node, the Prisma client): the export adds the rest. */
  baselineRssMB: number;
  peakRssMB: number;
  rowsPerSecond: number;
}

/**
 * The product's CSV long export (or, with format omop, the OMOP CDM zip) of the whole cohort, in a
 * child process (its own peak memory).
 * V8 grows its heap lazily when memory is plentiful, so an uncapped process's peak says more about
 * the machine than about the export. The cap (BENCH_EXPORT_NODE_FLAGS) shows the export runs in
 * bounded memory: it would fail with an out-of-memory error if it held the file or the cohort.
 */
export async function measureExport(databaseUrl: string, format: 'csv' | 'omop' = 'csv'): Promise<ExportMeasure> {
  const child = spawn(
    process.execPath,
    // The compiled child (`pnpm start` and `pnpm nmo` run compiled code), built when missing or stale.
    [
      ...cliConfig().bench.exportNodeFlags,
      path.join(repositoryRoot, 'scripts/run-bundled.mjs'),
      path.join(here, 'export-child.ts'),
      path.join(repositoryRoot, 'apps/cli/dist/export-child.js'),
      databaseUrl,
      format,
    ],
    {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the export child exited with ${code}`);
  const result = JSON.parse(output.trim()) as Omit<ExportMeasure, 'rowsPerSecond'>;
  return { ...result, rowsPerSecond: Math.round(result.rows / result.seconds) };
}

const sink = (onChunk: (chunk: Buffer) => void) =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      onChunk(chunk);
      done();
    },
  });

/** PostgreSQL's own `COPY (the export's query) TO STDOUT` over the same patients: the floor. */
export async function measureCopyTo(databaseUrl: string): Promise<{ seconds: number; bytes: number }> {
  return withClient(databaseUrl, async (client) => {
    const ids = (
      await client.query<{ id: string }>('SELECT id FROM "Patient" WHERE "deletedAt" IS NULL ORDER BY mrn')
    ).rows.map((row) => row.id);
    let bytes = 0;
    const start = performance.now();
    await pipeline(
      client.query(copyTo(`COPY (${csvLongCopyQuery(ids)}) TO STDOUT`)),
      sink((chunk) => {
        bytes += chunk.length;
      }),
    );
    return { seconds: (performance.now() - start) / 1000, bytes };
  });
}

/** The audit rows an import writes (one per record, and its summary): what COPY FROM is also timed on. */
const IMPORT_AUDIT_ROWS = `SELECT * FROM "AuditEvent" WHERE (action = 'import' OR details->>'source' = 'import')`;

export interface CopyFromMeasure {
  /** Clinical rows (patients and records) in the whole cohort, and the import's audit rows. */
  rows: number;
  auditRows: number;
  /** The sample COPY FROM loaded: its patients, rows, and seconds (clinical rows, then the audit rows). */
  sampledPatients: number;
  sampledRows: number;
  seconds: number;
  sampledAuditRows: number;
  auditSeconds: number;
}

/**
 * A plain `COPY … FROM STDIN` of the rows the import wrote (of its first `samplePatients`
 * patients), into an empty database of the same schema, in one transaction with every constraint
 * on: what the database itself can load. Then, in the same transaction and timed apart, those
 * patients' import audit rows (`auditSeconds`): the import writes those too, so the two together
 * are the floor of the import's own work.
 */
export async function measureCopyFrom(
  postgres: TestPostgres,
  source: TestDatabase,
  samplePatients: number,
): Promise<CopyFromMeasure> {
  const sample = `(SELECT id FROM "Patient" ORDER BY id LIMIT ${Math.trunc(samplePatients)})`;
  const { dumps, rows, auditRows } = await withClient(source.url, async (client) => {
    const count = async (query: string) =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${query} AS counted`)).rows[0]?.n);
    let rows = 0;
    for (const { table } of CLINICAL_TABLES) rows += await count(`"${table}"`);
    const auditRows = await count(`(${IMPORT_AUDIT_ROWS})`);
    const dumps: { table: string; data: Buffer; rows: number }[] = [];
    for (const { table, query } of [
      ...CLINICAL_TABLES.map(({ table }) => ({
        table,
        query: `(SELECT * FROM "${table}" WHERE ${table === 'Patient' ? 'id' : '"patientId"'} IN ${sample})`,
      })),
      // With the import's summary row(s), which name no patient.
      {
        table: 'AuditEvent',
        query: `(${IMPORT_AUDIT_ROWS} AND ("patientId" IS NULL OR "patientId" IN ${sample}))`,
      },
    ]) {
      const chunks: Buffer[] = [];
      await pipeline(
        client.query(copyTo(`COPY ${query} TO STDOUT`)),
        sink((chunk) => chunks.push(chunk)),
      );
      const data = Buffer.concat(chunks);
      let lines = 0;
      for (const byte of data) if (byte === 10) lines++;
      dumps.push({ table, data, rows: lines });
    }
    return { dumps, rows, auditRows };
  });
  const target = await createTestDatabase(postgres.adminUrl, postgres.template);
  try {
    return await withClient(target.url, async (client) => {
      const load = async (tables: typeof dumps) => {
        const start = performance.now();
        for (const { table, data } of tables)
          await pipeline(Readable.from([data]), client.query(copyFrom(`COPY "${table}" FROM STDIN`)));
        return (performance.now() - start) / 1000;
      };
      const audit = dumps.filter((dump) => dump.table === 'AuditEvent');
      const clinical = dumps.filter((dump) => dump.table !== 'AuditEvent');
      await client.query('BEGIN');
      const seconds = await load(clinical);
      const auditSeconds = await load(audit);
      await client.query('COMMIT');
      const sum = (tables: typeof dumps) => tables.reduce((n, dump) => n + dump.rows, 0);
      return {
        rows,
        auditRows,
        sampledPatients: clinical.find((dump) => dump.table === 'Patient')?.rows ?? 0,
        sampledRows: sum(clinical),
        seconds,
        sampledAuditRows: sum(audit),
        auditSeconds,
      };
    });
  } finally {
    await target.drop();
  }
}
