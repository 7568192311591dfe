import { seedDemo } from '@nmo/api';
import { isCalendarDate, todayInClinic } from '@nmo/domain';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';

export interface SeedOptions {
  patients: string;
  seed: string;
  asOf?: string;
}

/** Generates a synthetic cohort and imports it through the same path as `nmo import`. */
export async function seedCommand(options: SeedOptions): Promise<void> {
  const patients = Number(options.patients);
  const seed = Number(options.seed);
  if (!Number.isInteger(patients) || patients < 1 || patients > 1_000_000) {
    throw new UserError('--patients must be a whole number between 1 and 1000000');
  }
  if (!Number.isInteger(seed) || seed < 0) throw new UserError('--seed must be a whole number of 0 or more');
  const asOf = options.asOf ?? todayInClinic();
  if (!isCalendarDate(asOf) || asOf > todayInClinic())
    throw new UserError('--as-of must be a date written YYYY-MM-DD, not in the future');
  progress(`Generating ${patients} synthetic patients (seed ${seed}, as of ${asOf})…`);
  await withDatabase(async ({ prisma }) => {
    progress('Importing…');
    const summary = await seedDemo(prisma, { patients, seed, asOf });
    process.stdout.write(
      `Seeded: ${summary.patients.created} patients created, ${summary.patients.updated} updated, ${summary.patients.unchanged} unchanged; ${summary.records.created} records created.\n`,
    );
  });
}
