import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ExportRefusal, exportRequestSchema, prepareExport } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { describeFieldErrors, fieldErrors } from '@nmo/domain';
import { openCopyOut, unzipIntoDirectory } from '@nmo/exchange';
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
  if (!['json', 'csv', 'fhir', 'msprog', 'omop'].includes(options.format))
    throw new UserError('--format must be json, csv, fhir, msprog or omop');
  if (options.format === 'msprog' && !options.out)
    throw new UserError('--format msprog needs --out DIR (it writes two files: visits.csv and relapses.csv)');
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

/** Formats that are several files (a zip over HTTP): with --out, the files go into a folder. */
const FOLDER_FORMATS = new Set(['msprog', 'omop']);

/** A folder export goes into a folder that does not exist yet, or an empty one: nothing is overwritten. */
async function checkFolder(folder: string, format: string) {
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new UserError(`--out ${folder} is a file; --format ${format} writes a folder`);
    throw error;
  });
  if (entries.length > 0) throw new UserError(`--out ${folder} is a folder that is not empty; choose a new one`);
}

export async function exportCommand(options: ExportOptions): Promise<void> {
  const request = requestOf(options);
  const writesFolder = FOLDER_FORMATS.has(request.format) && options.out !== undefined;
  if (writesFolder && options.out) await checkFolder(options.out, request.format);
  await withDatabase(async ({ prisma, url }) => {
    let prepared: Awaited<ReturnType<typeof prepareExport>>;
    // The identified CSV long export streams each page through COPY on a connection of its own.
    const copy = request.format === 'csv' ? await openCopyOut(url) : undefined;
    try {
      prepared = await prepareExport(prisma, {
        ...(copy ? { copyOut: copy.copyOut } : {}),
        actor: { id: SYSTEM_USER_ID },
        request,
        deidentifyKey: cliConfig().deidentifyKey,
        destination: options.out ?? 'stdout',
        onProgress: (patients, total) => progress(`${patients} of ${total} patients exported…`),
      });
    } catch (error) {
      await copy?.close();
      if (error instanceof ExportRefusal)
        throw new UserError(error.message.replace('set NMO_DEIDENTIFY_KEY', '--deidentify needs NMO_DEIDENTIFY_KEY'));
      throw error;
    }
    try {
      await writeExport(prepared, options, writesFolder);
    } finally {
      await copy?.close();
    }
  });
}

/** The export's chunks to --out (or standard output), or its files into the --out folder. */
async function writeExport(
  prepared: Awaited<ReturnType<typeof prepareExport>>,
  options: ExportOptions,
  writesFolder: boolean,
): Promise<void> {
  if (writesFolder && options.out) return writeDirectory(prepared, options.out);
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
}

/**
 * A several-file export (msprog, OMOP) into a directory: the zip the server streams is unpacked as it arrives into
 * DIR.partial, whose files move into DIR at the end (so a failed export leaves no partial file in
 * DIR). The manifest (DIR.manifest.json) has the zip's checksum, as a dashboard download, and each
 * file's under `files`.
 */
async function writeDirectory(prepared: Awaited<ReturnType<typeof prepareExport>>, directory: string) {
  const partial = `${directory}.partial`;
  await rm(partial, { recursive: true, force: true });
  let names: string[];
  try {
    names = await unzipIntoDirectory(prepared.chunks, partial);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  await mkdir(directory, { recursive: true });
  const files: { name: string; sha256: string }[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(partial, name));
    files.push({ name, sha256: createHash('sha256').update(bytes).digest('hex') });
    await rename(path.join(partial, name), path.join(directory, name));
  }
  await rm(partial, { recursive: true, force: true });
  const manifest = { ...prepared.manifest(), files };
  await writeFile(`${directory}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  progress(
    `Exported ${manifest.patients} patients to ${directory}/ (${names.join(', ')}; manifest: ${directory}.manifest.json).`,
  );
}
