import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { ExportRefusal, exportRequestSchema, prepareExport } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { describeFieldErrors, fieldErrors } from '@nmo/domain';
import { cliConfig } from '../config.ts';
import { withDatabase } from '../database.ts';
import { progress, UserError } from '../output.ts';

interface ExportOptions {
  format: string;
  layout?: string;
  deidentify?: boolean;
  dates?: string;
  out?: string;
  flag?: string[];
  severity?: string;
  aqp4?: string[];
  diagnosis?: string[];
  therapy?: string[];
  edssMin?: string;
  edssMax?: string;
  search?: string;
}

/** Command-line options → the export request the dashboard sends too (same checks, same messages). */
function requestOf(options: ExportOptions) {
  if (!['json', 'csv', 'fhir'].includes(options.format)) throw new UserError('--format must be json, csv or fhir');
  const layout = options.layout ?? 'long';
  if (layout !== 'long' && layout !== 'wide') throw new UserError('--layout must be long or wide');
  if (options.layout && options.format !== 'csv') throw new UserError('--layout is for --format csv');
  if (options.dates && !options.deidentify) throw new UserError('--dates is for --deidentify');
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const parsed = exportRequestSchema.safeParse({
    format: options.format === 'csv' && layout === 'wide' ? 'csv-wide' : options.format,
    deidentify: Boolean(options.deidentify),
    dates: options.dates,
    filters: {
      flagCodes: options.flag,
      severity: options.severity,
      aqp4Status: options.aqp4,
      workingDiagnosis: options.diagnosis,
      currentTherapies: options.therapy,
      edssMin: number(options.edssMin),
      edssMax: number(options.edssMax),
      search: options.search,
    },
  });
  if (!parsed.success) throw new UserError(describeFieldErrors(fieldErrors(parsed.error)));
  return parsed.data;
}

export async function exportCommand(options: ExportOptions): Promise<void> {
  const request = requestOf(options);
  await withDatabase(async ({ prisma }) => {
    let prepared: Awaited<ReturnType<typeof prepareExport>>;
    try {
      prepared = await prepareExport(prisma, {
        actor: { id: SYSTEM_USER_ID },
        request,
        deidentifyKey: cliConfig().deidentifyKey,
        destination: options.out ?? 'stdout',
        onProgress: (patients, total) => progress(`${patients} of ${total} patients exported…`),
      });
    } catch (error) {
      if (error instanceof ExportRefusal)
        throw new UserError(error.message.replace('set NMO_DEIDENTIFY_KEY', '--deidentify needs NMO_DEIDENTIFY_KEY'));
      throw error;
    }
    // Written to a temporary name and renamed at the end, so a failed export leaves no partial file.
    const target = options.out ? `${options.out}.partial` : undefined;
    const output = target ? createWriteStream(target) : process.stdout;
    try {
      for await (const chunk of prepared.chunks) {
        if (!output.write(chunk)) await once(output, 'drain');
      }
    } catch (error) {
      if (target) {
        output.destroy();
        await rm(target, { force: true });
      }
      throw error;
    }
    const manifest = prepared.manifest();
    if (target && options.out) {
      output.end();
      await finished(output);
      await rename(target, options.out);
      await writeFile(`${options.out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      progress(`Exported ${manifest?.patients} patients to ${options.out} (manifest: ${options.out}.manifest.json).`);
    }
  });
}
