import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { SYSTEM_USER_ID } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import { type DeidentifyOptions, exportCsvLong, exportTimelineJson, MINIMUM_KEY_LENGTH } from '@nmo/exchange';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';

interface ExportOptions {
  format: string;
  deidentify?: boolean;
  dates?: string;
  out?: string;
}

/** The de-identification settings, with the key from configuration (never a command-line argument). */
function deidentifyOptions(options: ExportOptions): DeidentifyOptions | undefined {
  if (!options.deidentify) return undefined;
  const key = process.env.NMO_DEIDENTIFY_KEY ?? '';
  if (key.length < MINIMUM_KEY_LENGTH)
    throw new UserError(
      `--deidentify needs the clinic's key in NMO_DEIDENTIFY_KEY (at least ${MINIMUM_KEY_LENGTH} characters); the same key gives the same subject IDs and date shifts in every export`,
    );
  const dates = options.dates ?? 'shift';
  if (dates !== 'shift' && dates !== 'relative') throw new UserError('--dates must be shift or relative');
  return { key, dates, today: todayInClinic() };
}

export async function exportCommand(options: ExportOptions): Promise<void> {
  if (!['json', 'csv', 'fhir'].includes(options.format)) throw new UserError('--format must be json, csv or fhir');
  if (options.format === 'fhir') throw new UserError('export --format fhir is not available in this release yet');
  if (options.format === 'json' && options.deidentify)
    throw new UserError('--deidentify is available for --format csv; the JSON interchange format is identified');
  const deidentify = deidentifyOptions(options);
  await withDatabase(async ({ prisma }) => {
    const startedAt = new Date();
    // Written to a temporary name and renamed at the end, so a failed export leaves no partial file.
    const target = options.out ? `${options.out}.partial` : undefined;
    const output = target ? createWriteStream(target) : process.stdout;
    const checksum = createHash('sha256');
    let patients = 0;
    let rows = 0;
    const onPage = (pagePatients: number, pageRows = 0) => {
      patients += pagePatients;
      rows += pageRows;
      progress(`${patients} patients exported…`);
    };
    const chunks =
      options.format === 'csv' ? exportCsvLong(prisma, { deidentify, onPage }) : exportTimelineJson(prisma, { onPage });
    try {
      for await (const chunk of chunks) {
        checksum.update(chunk);
        if (!output.write(chunk)) await once(output, 'drain');
      }
    } catch (error) {
      if (target) {
        output.destroy();
        await rm(target, { force: true });
      }
      throw error;
    }
    const manifest = {
      format: options.format === 'csv' ? 'csv-long' : 'nmo-timeline-json',
      deidentified: Boolean(deidentify),
      dates: deidentify ? deidentify.dates : 'calendar',
      patients,
      ...(options.format === 'csv' ? { rows } : {}),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      sha256: checksum.digest('hex'),
      destination: options.out ?? 'stdout',
    };
    // Every export is audited (the command line acts as the system account), with its manifest.
    await prisma.auditEvent.create({
      data: { actorId: SYSTEM_USER_ID, action: `export.${options.format}`, details: manifest },
    });
    if (target && options.out) {
      output.end();
      await finished(output);
      await rename(target, options.out);
      await writeFile(`${options.out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      progress(`Exported ${patients} patients to ${options.out} (manifest: ${options.out}.manifest.json).`);
    }
  });
}
