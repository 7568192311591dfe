import { readFile } from 'node:fs/promises';
import { importFile, validateImportText } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { describeImportProblems } from '@nmo/exchange';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';

export async function importCommand(file: string, options: { dryRun?: boolean }): Promise<void> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // The file is checked before the database starts: a bad file needs no database.
  const parsed = validateImportText({ text, name: file === '-' ? undefined : file, onProgress: progress });
  if (!parsed.ok) {
    const count = `${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'}`;
    throw new UserError(`${file}: ${count}; nothing was imported.\n${describeImportProblems(parsed.errors)}`);
  }
  await withDatabase(async ({ prisma }) => {
    const report = await importFile(prisma, {
      checked: parsed,
      actorId: SYSTEM_USER_ID,
      dryRun: Boolean(options.dryRun),
      onProgress: progress,
    });
    if (!report.ok) throw new UserError(`${file}: nothing was imported.\n${describeImportProblems(report.errors)}`);
    const { summary } = report;
    const verb = summary.dryRun ? 'would be' : 'were';
    process.stdout.write(
      `${summary.dryRun ? 'Dry run, nothing written. ' : ''}Patients: ${summary.patients.created} ${verb} created, ${summary.patients.updated} updated, ${summary.patients.unchanged} unchanged. ` +
        `Records: ${summary.records.created} created, ${summary.records.updated} updated, ${summary.records.unchanged} unchanged.\n`,
    );
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
