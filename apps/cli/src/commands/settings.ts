import { recomputeFlags, saveRuleSettings } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { describeFieldErrors, fieldErrors, todayInClinic } from '@nmo/domain';
import { ZodError } from 'zod';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';
import { readSettingsFile, settingsOrUserError } from './flags.ts';

/** Prints the rule settings in force: defaults with the clinic's stored overrides. */
export async function showSettingsCommand(): Promise<void> {
  await withDatabase(async ({ prisma }) => {
    process.stdout.write(`${JSON.stringify(await settingsOrUserError(prisma, undefined), null, 2)}\n`);
  });
}

/** Stores a file of overrides as the clinic's rule settings, then recomputes every patient's flags. */
export async function importSettingsCommand(file: string): Promise<void> {
  const overrides = await readSettingsFile(file);
  await withDatabase(async ({ prisma }) => {
    let settings: Awaited<ReturnType<typeof saveRuleSettings>>;
    try {
      settings = await prisma.$transaction((tx) => saveRuleSettings(tx, overrides, SYSTEM_USER_ID));
    } catch (error) {
      if (error instanceof ZodError) {
        throw new UserError(
          `${file}: invalid rule settings; nothing was saved.\n${describeFieldErrors(fieldErrors(error))}`,
        );
      }
      throw error;
    }
    progress('Settings saved. Recomputing flags…');
    const result = await recomputeFlags(prisma, { asOf: todayInClinic(), settings });
    process.stdout.write(`Rule settings saved; ${result.flags} flags recomputed for ${result.patients} patients.\n`);
  });
}
