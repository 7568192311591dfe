import { readFile } from 'node:fs/promises';
import { loadRuleSettings, recomputeFlags } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import {
  describeImportProblems,
  detectImportFormat,
  ImportConflictError,
  importTimelineFile,
  parseImportText,
} from '@nmo/exchange';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';

export async function importCommand(file: string, options: { dryRun?: boolean }): Promise<void> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const format = detectImportFormat(file === '-' ? undefined : file, text);
  progress(`Validating ${file} (${format === 'csv' ? 'CSV long layout' : 'interchange JSON'})…`);
  const parsed = parseImportText(text, format);
  if (!parsed.ok) {
    throw new UserError(
      `${file}: ${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'}; nothing was imported.\n${describeImportProblems(parsed.errors)}`,
    );
  }
  progress(
    `${parsed.file.patients.length} patients valid. ${options.dryRun ? 'Dry run: comparing with the database…' : 'Importing…'}`,
  );
  await withDatabase(async ({ prisma }) => {
    try {
      const settings = await loadRuleSettings(prisma);
      const summary = await importTimelineFile(prisma, parsed.file, {
        actorId: SYSTEM_USER_ID,
        dryRun: options.dryRun,
        // Flags of the patients this import touched are recomputed in the same transaction.
        afterWrite: (tx, patientIds) =>
          recomputeFlags(tx, { asOf: todayInClinic(), settings, patientIds }).then(() => {}),
      });
      const verb = summary.dryRun ? 'would be' : 'were';
      process.stdout.write(
        `${summary.dryRun ? 'Dry run, nothing written. ' : ''}Patients: ${summary.patients.created} ${verb} created, ${summary.patients.updated} updated, ${summary.patients.unchanged} unchanged. ` +
          `Records: ${summary.records.created} created, ${summary.records.updated} updated, ${summary.records.unchanged} unchanged.\n`,
      );
    } catch (error) {
      if (error instanceof ImportConflictError) {
        throw new UserError(`${file}: nothing was imported.\n${describeImportProblems(parsed.locate(error.errors))}`);
      }
      throw error;
    }
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
