import { recomputeFlags } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, startTestPostgres, type TestDatabase, type TestPostgres } from '@nmo/db/testing';
import { DEFAULT_RULE_SETTINGS, todayInClinic } from '@nmo/domain';
import { countRecords, generateCohort } from '@nmo/exchange';
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
    let start = performance.now();
    progress(`Generating ${options.patients} synthetic patients (seed ${options.seed})…`);
    const file = generateCohort({ patients: options.patients, seed: options.seed, asOf });
    const generate = seconds(start);
    const events = file.patients.reduce((n, p) => n + p.events.length, 0);
    const records = countRecords(file);

    start = performance.now();
    const chunk = 500;
    for (let i = 0; i < file.patients.length; i += chunk) {
      progress(`Importing patients ${i + 1}–${Math.min(i + chunk, file.patients.length)} of ${file.patients.length}…`);
      await importTimelineFile(
        database.prisma,
        { ...file, patients: file.patients.slice(i, i + chunk) },
        { actorId: SYSTEM_USER_ID },
      );
    }
    const imported = seconds(start);

    progress('Computing the flags of the whole cohort…');
    start = performance.now();
    await recomputeFlags(database.prisma, { asOf, settings: DEFAULT_RULE_SETTINGS });
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
