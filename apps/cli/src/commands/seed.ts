import { loadRuleSettings, recomputeFlags } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { isCalendarDate, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
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
  const file = generateCohort({ patients, seed, asOf });
  await withDatabase(async ({ prisma }) => {
    progress('Importing…');
    const settings = await loadRuleSettings(prisma);
    const summary = await importTimelineFile(prisma, file, {
      actorId: SYSTEM_USER_ID,
      afterWrite: (tx, patientIds) =>
        recomputeFlags(tx, { asOf: todayInClinic(), settings, patientIds }).then(() => {}),
    });
    process.stdout.write(
      `Seeded: ${summary.patients.created} patients created, ${summary.patients.updated} updated, ${summary.patients.unchanged} unchanged; ${summary.records.created} records created.\n`,
    );
  });
}
