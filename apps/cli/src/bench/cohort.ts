import { recomputeFlags } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, startTestPostgres, type TestDatabase, type TestPostgres } from '@nmo/db/testing';
import { DEFAULT_RULE_SETTINGS, todayInClinic } from '@nmo/domain';
import { countRecords, generateCohortChunks } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
import { cliConfig } from '../config.ts';
import { progress } from '../output.ts';

export interface BenchCohort {
  postgres: TestPostgres;
  database: TestDatabase;
  patients: number;
  events: number;
  /** Events and their parts (acute treatments, doses): the rows an import writes. */
  records: number;
  seconds: { generate: number; import: number; flags: number };
  close(): Promise<void>;
}

/** Patients per import transaction, as `nmo seed` imports. */
const IMPORT_CHUNK = 500;
/** Flag batches in flight: one computing rules in Node while the other reads and writes in PostgreSQL. */
const FLAG_BATCHES_AT_ONCE = 2;

const seconds = (start: number) => Math.round((performance.now() - start) / 10) / 100;

/**
 * A synthetic cohort in a database of its own: a throwaway embedded cluster (or BENCH_DATABASE_URL's
 * server), never the product's database. Imported in chunks through the product's import path.
 */
export async function buildBenchCohort(options: { patients: number; seed: number }): Promise<BenchCohort> {
  const asOf = todayInClinic();
  const postgres = await startTestPostgres({ adminUrl: cliConfig().bench.databaseUrl });
  const database = await createTestDatabase(postgres.adminUrl, postgres.template);
  const close = async () => {
    await database.drop();
    await postgres.stop();
  };
  try {
    // Generated and imported 500 patients at a time (as `nmo seed` imports): a 100,000-patient
    // cohort as objects would take gigabytes. Only the import is timed as the import.
    let generating = 0;
    let importing = 0;
    let events = 0;
    let records = 0;
    let done = 0;
    let start = performance.now();
    const chunks = generateCohortChunks({ patients: options.patients, seed: options.seed, asOf }, IMPORT_CHUNK);
    for (let next = chunks.next(); !next.done; next = chunks.next()) {
      const patients = next.value;
      generating += performance.now() - start;
      events += patients.reduce((n, p) => n + p.events.length, 0);
      records += countRecords({ patients });
      progress(
        `Importing patients ${done + 1}–${done + patients.length} of ${options.patients} (seed ${options.seed})…`,
      );
      start = performance.now();
      await importTimelineFile(database.prisma, { patients }, { actorId: SYSTEM_USER_ID });
      importing += performance.now() - start;
      done += patients.length;
      start = performance.now();
    }
    const generate = Math.round(generating / 10) / 100;
    const imported = Math.round(importing / 10) / 100;

    progress('Computing the flags of the whole cohort…');
    start = performance.now();
    await recomputeFlags(database.prisma, { asOf, settings: DEFAULT_RULE_SETTINGS, parallel: FLAG_BATCHES_AT_ONCE });
    const flags = seconds(start);
    // Set-up, not measured: statistics for every table, the audit log included, which only its owner may analyze.
    await database.asOwner('ANALYZE');
    return {
      postgres,
      database,
      patients: options.patients,
      events,
      records,
      seconds: { generate, import: imported, flags },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
