import { DEMO_ACCOUNTS, ensureDemoAccounts, seedDemo } from '@nmo/api';
import { type Database, openDatabase } from '@nmo/db';
import type { ServerConfig } from './config.ts';
import { refreshStaleFlags } from './flag-refresh.ts';

const log = (message: string) => process.stdout.write(`${message}\n`);

/** DATABASE_URL's role owns the schema or is a superuser (no MIGRATION_DATABASE_URL): said once per start. */
const AUDIT_WARNING =
  'Warning: the DATABASE_URL role owns the audit log or is a superuser, so it could switch off its append-only protection; set MIGRATION_DATABASE_URL to an owner role (docs/decisions/0012-database-roles.md).';

/** Opens (retrying while an external server is not up yet), migrates, and seeds the demo on first start. */
export async function prepareDatabase(config: ServerConfig, signal: AbortSignal): Promise<Database> {
  let database: Database | undefined;
  for (let attempt = 1; !database; attempt++) {
    try {
      database = await openDatabase({ config: config.database });
    } catch (error) {
      if (!config.database.databaseUrl || signal.aborted) throw error;
      if (attempt === 1 || attempt % 15 === 0)
        log(`Waiting for the database (${(error as Error).message.split('\n')[0]})…`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  if (database.appliedMigrations.length > 0) log(`Applied migrations: ${database.appliedMigrations.join(', ')}`);
  if (database.auditLogAlterable) process.stderr.write(`${AUDIT_WARNING}\n`);
  if (config.demo) await seedDemoOnce(database, config);
  await refreshStaleFlags(database.prisma, { wait: true });
  return database;
}

/** Longest the demo seeding may hold its lock (the default 300 patients take seconds). */
const SEED_HOLD_MS = 60 * 60_000;

/**
 * Seeds the demo cohort and accounts once, even when several instances start at once on one
 * database (docs/SCALING.md): without this both would find no patients and import the cohort twice
 * (the second fails on the MRNs and that instance exits), and each would print its own demo
 * password though only one was stored. A transaction holds a PostgreSQL advisory lock while the
 * seeding runs on other connections; the instance that waited then finds the cohort and accounts.
 */
async function seedDemoOnce(
  database: Database,
  demo: Pick<ServerConfig, 'demoPatients' | 'demoPassword'>,
): Promise<void> {
  await database.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('nmo.demo-seed', 0))`;
      await seedDemoLocked(database, demo);
    },
    { timeout: SEED_HOLD_MS },
  );
}

async function seedDemoLocked(
  database: Database,
  demo: Pick<ServerConfig, 'demoPatients' | 'demoPassword'>,
): Promise<void> {
  const { prisma } = database;
  const patients = demo.demoPatients;
  if (patients > 0 && (await prisma.patient.count()) === 0) {
    const started = Date.now();
    log(`First start: seeding a synthetic demo cohort of ${patients} patients…`);
    const summary = await seedDemo(prisma, { patients, seed: 1 });
    log(
      `Seeded ${summary.patients.created} patients and ${summary.records.created} records in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }
  const password = await ensureDemoAccounts(prisma, demo.demoPassword);
  if (password) {
    log('Demo accounts (the password is shown only this once):');
    for (const account of DEMO_ACCOUNTS) log(`  ${account.role.padEnd(10)} ${account.email}  password: ${password}`);
  } else {
    log(`Demo accounts: ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} (password printed at first start).`);
  }
}
