import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ExportRefusal, exportRequestSchema, prepareExport } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { describeFieldErrors, fieldErrors } from '@nmo/domain';
import { unzipFiles } from '@nmo/exchange';
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
  if (!['json', 'csv', 'fhir', 'omop'].includes(options.format))
    throw new UserError('--format must be json, csv, fhir or omop');
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

/** The OMOP tables go into a folder: one that does not exist yet, or an empty one. */
async function checkFolder(folder: string) {
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new UserError(`--out ${folder} is a file; --format omop writes a folder`);
    throw error;
  });
  if (entries.length > 0) throw new UserError(`--out ${folder} is a folder that is not empty; choose a new one`);
}

/** The zip's tables as CSV files in the folder, written beside it first and renamed at the end. */
async function writeOmopFolder(chunks: AsyncGenerator<string | Uint8Array>, folder: string) {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  for (const [name, bytes] of unzipFiles(parts)) await writeFile(path.join(partial, path.basename(name)), bytes);
  await rm(folder, { recursive: true, force: true });
  await rename(partial, folder);
}

export async function exportCommand(options: ExportOptions): Promise<void> {
  const request = requestOf(options);
  if (request.format === 'omop' && options.out) await checkFolder(options.out);
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
    if (request.format === 'omop' && options.out) {
      await writeOmopFolder(prepared.chunks, options.out);
      const manifest = prepared.manifest();
      await writeFile(`${options.out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      progress(
        `Exported ${manifest?.patients} patients as OMOP CDM v5.4 tables to ${options.out}/ (manifest: ${options.out}.manifest.json).`,
      );
      return;
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
