import { saveSettingsAndRecompute } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { describeFieldErrors, fieldErrors } from '@nmo/domain';
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
    progress('Saving the settings and recomputing flags…');
    let result: Awaited<ReturnType<typeof saveSettingsAndRecompute>>;
    try {
      result = await saveSettingsAndRecompute({ db: prisma, actor: { id: SYSTEM_USER_ID } }, overrides);
    } catch (error) {
      if (error instanceof ZodError) {
        throw new UserError(
          `${file}: invalid rule settings; nothing was saved.\n${describeFieldErrors(fieldErrors(error))}`,
        );
      }
      throw error;
    }
    process.stdout.write(`Rule settings saved; ${result.flags} flags recomputed for ${result.patients} patients.\n`);
  });
}
