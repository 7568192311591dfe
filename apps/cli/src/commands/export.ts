import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { SYSTEM_USER_ID } from '@nmo/db';
import { exportTimelineJson } from '@nmo/exchange';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';

export async function exportCommand(options: { format: string; deidentify?: boolean; out?: string }): Promise<void> {
  if (!['json', 'csv', 'fhir'].includes(options.format)) throw new UserError('--format must be json, csv or fhir');
  if (options.format !== 'json' || options.deidentify) {
    throw new UserError(
      `export ${options.deidentify ? '--deidentify' : `--format ${options.format}`} is not available in this release yet; use --format json`,
    );
  }
  await withDatabase(async ({ prisma }) => {
    // Written to a temporary name and renamed at the end, so a failed export leaves no partial file.
    const target = options.out ? `${options.out}.partial` : undefined;
    const output = target ? createWriteStream(target) : process.stdout;
    let patients = 0;
    try {
      for await (const chunk of exportTimelineJson(prisma)) {
        if (chunk.startsWith('\n    {') || chunk.startsWith(',\n    {')) {
          patients++;
          if (patients % 500 === 0) progress(`${patients} patients exported…`);
        }
        if (!output.write(chunk)) await once(output, 'drain');
      }
    } catch (error) {
      if (target) {
        output.destroy();
        await rm(target, { force: true });
      }
      throw error;
    }
    // Every export of identified data is audited (the command line acts as the system account).
    await prisma.auditEvent.create({
      data: {
        actorId: SYSTEM_USER_ID,
        action: 'export.json',
        details: { format: options.format, deidentified: false, patients, destination: options.out ?? 'stdout' },
      },
    });
    if (target && options.out) {
      output.end();
      await finished(output);
      await rename(target, options.out);
      progress(`Exported ${patients} patients to ${options.out}.`);
    }
  });
}
