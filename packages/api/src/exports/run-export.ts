import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import type { DbClient, PrismaClient, Role } from '@nmo/db';
import { type FieldError, todayInClinic } from '@nmo/domain';
import {
  type CopyOut,
  countSelectedPatients,
  type DeidentifyOptions,
  exportCsvLong,
  exportCsvWide,
  exportFhirBundle,
  exportMsprogZip,
  exportOmop,
  exportTimelineJson,
  MINIMUM_KEY_LENGTH,
} from '@nmo/exchange';
import { writeAudit } from '@nmo/storage';
import { researchFilterErrors, researchPatientIds } from '../cohort/research-scope.ts';
import { cohortPatientIds } from '../cohort/selection.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import { tierAllows } from '../trpc/init.ts';
import { CALENDAR_DATE_FORMATS, EXPORT_MEDIA, type ExportFormat, type ExportRequest } from './export-request.ts';

/** Why an export cannot start: the HTTP status, and the field when a setting is at fault. */
export class ExportRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 409 | 503,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ExportRefusal';
  }
}

/** What each export records (in its audit row, its ExportRun and the CLI's .manifest.json). */
export interface ExportManifest {
  exportId: string;
  format: ExportFormat;
  deidentified: boolean;
  dates: 'calendar' | 'shift' | 'relative';
  filters: ExportRequest['filters'];
  patients: number;
  rows?: number;
  /** FHIR resources in the Bundle besides the local CodeSystem. */
  resources?: number;
  startedAt: string;
  finishedAt: string;
  sha256: string;
  destination: string;
}

export interface PreparedExport {
  exportId: string;
  filename: string;
  contentType: string;
  patientsTotal: number;
  /**
   * The file as chunks (text, or bytes for a zip); progress, the manifest and the audit row are
   * written as it streams.
   */
  chunks: AsyncGenerator<string | Uint8Array>;
  /** Set once every chunk has been read. */
  manifest(): ExportManifest | undefined;
}

export interface ExportActor {
  id: string;
  /** Undefined for the command line, which acts for the system at database level. */
  role?: Role;
}

/**
 * The checks an export passes before anything is read or recorded: the role's rights, the format's
 * limits and the key. Returns the de-identification settings (undefined for an identified file).
 * Researchers always get a de-identified file (DESIGN.md roles); the JSON interchange format is
 * identified by design, so it is for clinicians only.
 */
export function checkExport(input: {
  actor: ExportActor;
  request: ExportRequest;
  deidentifyKey: string | undefined;
}): DeidentifyOptions | undefined {
  const { actor, request } = input;
  if (actor.role && !tierAllows('aggregate', actor.role))
    throw new ExportRefusal(403, 'Exports are for clinicians and researchers');
  const deidentified = request.deidentify || actor.role === 'researcher';
  if (deidentified && request.format === 'json')
    throw new ExportRefusal(
      400,
      'The JSON interchange format carries identities; choose csv, csv-wide, fhir, msprog or omop',
      [{ path: 'format', message: 'is identified; a de-identified export is csv, csv-wide, fhir, msprog or omop' }],
    );
  if (deidentified && CALENDAR_DATE_FORMATS.includes(request.format) && request.dates === 'relative') {
    const name = request.format === 'fhir' ? 'FHIR' : 'OMOP';
    throw new ExportRefusal(400, `${name} dates are calendar dates; a de-identified ${name} export shifts them`, [
      {
        path: 'dates',
        message: `must be shift for ${request.format} (${name} has no form for days since the first attack)`,
      },
    ]);
  }
  if (actor.role === 'researcher') {
    const refused = researchFilterErrors(request.filters, 'filters.');
    if (refused.length > 0) throw new ExportRefusal(400, 'Some filters are not available to researchers', refused);
  }
  const key = input.deidentifyKey ?? '';
  if (deidentified && key.length < MINIMUM_KEY_LENGTH)
    throw new ExportRefusal(
      503,
      `De-identified exports need the clinic's key: set NMO_DEIDENTIFY_KEY (at least ${MINIMUM_KEY_LENGTH} characters) on the server`,
    );
  const deidentify: DeidentifyOptions | undefined = deidentified
    ? { key, dates: request.dates, today: todayInClinic() }
    : undefined;
  return deidentify;
}

/**
 * The patients an export covers: the overview's selection, or for researchers their research
 * population (whole groups of at least the small-cell threshold), refused when it has fewer
 * patients than the threshold. `patientIds` is undefined for every live patient.
 */
export async function selectExportPatients(
  db: DbClient,
  actor: ExportActor,
  filters: ExportRequest['filters'],
): Promise<{ patientIds: string[] | undefined; patientsTotal: number }> {
  if (actor.role !== 'researcher') {
    const patientIds = await cohortPatientIds(db, filters);
    return { patientIds, patientsTotal: patientIds ? patientIds.length : await countSelectedPatients(db) };
  }
  const threshold = (await loadRuleSettings(db)).research.smallCellThreshold;
  const patientIds = await researchPatientIds(db, filters, threshold);
  const patientsTotal = patientIds.length;
  if (patientsTotal < threshold)
    throw new ExportRefusal(
      403,
      `Fewer than ${threshold} patients are in this selection (researchers' exports cover only groups of at least ${threshold} patients sharing serostatus and current therapy); smaller exports are refused so that no one can be singled out`,
      [{ path: 'filters', message: `select at least ${threshold} patients` }],
    );
  return { patientIds, patientsTotal };
}

/** Checks an export request (checkExport) and starts it. */
export async function prepareExport(
  db: PrismaClient,
  input: {
    actor: ExportActor;
    request: ExportRequest;
    deidentifyKey: string | undefined;
    clientAddress?: string;
    destination: string;
    /** Patients written so far, and how many there are, after each page. */
    onProgress?: (patients: number, total: number) => void;
    /** A connection's COPY TO STDOUT, for the identified CSV long export (copy-out.ts in @nmo/exchange). */
    copyOut?: CopyOut;
  },
): Promise<PreparedExport> {
  const { actor, request } = input;
  const deidentify = checkExport(input);
  const deidentified = Boolean(deidentify);
  const { patientIds, patientsTotal } = await selectExportPatients(db, actor, request.filters);
  const exportId = request.runId ?? randomUUID();
  const startedAt = new Date();
  const dates = deidentify?.dates ?? 'calendar';
  try {
    // The run and its audit row land together, before a byte is read: an export cut off by a
    // killed connection or a crash is still on record as started (and marked failed later).
    await db.$transaction([
      db.exportRun.create({
        data: {
          id: exportId,
          actorId: actor.id,
          format: request.format,
          deidentified,
          dates,
          filters: request.filters,
          patientsTotal,
          streamedBy: THIS_PROCESS,
        },
      }),
      writeAudit(db, {
        actorId: actor.id,
        action: `export.${request.format}.start`,
        clientAddress: input.clientAddress,
        details: {
          exportId,
          format: request.format,
          deidentified,
          dates,
          filters: request.filters,
          patients: patientsTotal,
          destination: input.destination,
        },
      }),
    ]);
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw new ExportRefusal(409, 'This export was already started', [{ path: 'runId', message: 'is already used' }]);
    throw error;
  }
  const stamp = startedAt.toISOString().slice(0, 10);
  let manifest: ExportManifest | undefined;
  const media = EXPORT_MEDIA[request.format];
  return {
    exportId,
    filename: `nmo-${request.format}${deidentified ? '-deidentified' : ''}-${stamp}.${media.extension}`,
    contentType: media.contentType,
    patientsTotal,
    manifest: () => manifest,
    chunks: streamExport(db, {
      request,
      exportId,
      patientIds,
      deidentify,
      copyOut: input.copyOut,
      onProgress: input.onProgress && ((patients: number) => input.onProgress?.(patients, patientsTotal)),
      onDone: async (counts, sha256) => {
        manifest = {
          exportId,
          format: request.format,
          deidentified,
          dates,
          filters: request.filters,
          patients: counts.patients,
          ...(request.format === 'csv' ||
          request.format === 'csv-wide' ||
          request.format === 'msprog' ||
          request.format === 'omop'
            ? { rows: counts.rows }
            : {}),
          ...(request.format === 'fhir' ? { resources: counts.rows } : {}),
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          sha256,
          destination: input.destination,
        };
        await db.$transaction([
          db.exportRun.update({
            where: { id: exportId },
            data: { status: 'done', sha256, finishedAt: new Date(manifest.finishedAt), ...progressColumns(counts) },
          }),
          writeAudit(db, {
            actorId: actor.id,
            action: `export.${request.format}`,
            clientAddress: input.clientAddress,
            details: { ...manifest },
          }),
        ]);
      },
      onFailed: (message) => failExportRun(db, exportId, message, input.clientAddress),
    }),
  };
}

const progressColumns = (counts: { patients: number; rows: number }) => ({
  patientsDone: counts.patients,
  rows: counts.rows,
  heartbeatAt: new Date(),
});

/** How often a streaming export says it is alive, and how long a silent one is taken to be dead. */
export const EXPORT_HEARTBEAT_MS = 15_000;
export const EXPORT_STALE_MS = 8 * EXPORT_HEARTBEAT_MS;

/**
 * Marks a running export failed, with its audit row, once: a run that already ended (done, or
 * failed by someone else) is left as it is.
 */
async function failExportRun(db: PrismaClient, exportId: string, message: string, clientAddress?: string | null) {
  await db.$transaction(async (tx) => {
    const ended = await tx.exportRun.updateManyAndReturn({
      where: { id: exportId, status: 'running' },
      data: { status: 'failed', error: message, finishedAt: new Date() },
    });
    for (const run of ended)
      await writeAudit(tx, {
        actorId: run.actorId,
        action: `export.${run.format}`,
        clientAddress,
        success: false,
        details: { exportId, error: message, filters: run.filters as object, deidentified: run.deidentified },
      });
  });
}

/** The process streaming an export, as host:pid. */
const THIS_PROCESS = `${os.hostname()}:${process.pid}`;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A run streamed by a process of this host that no longer exists. */
function streamedByDeadProcess(streamedBy: string | null): boolean {
  const [host, pid] = (streamedBy ?? '').split(':');
  return (
    host === os.hostname() && Number(pid) !== process.pid && Number.isInteger(Number(pid)) && !isAlive(Number(pid))
  );
}

/**
 * Exports cut off by a crash are marked failed and audited: those streamed by a process of this
 * host that is gone (so a server restarted after a crash ends them at once), and any whose
 * heartbeat stopped (another host's crash). Runs at server start and every minute; returns how many
 * it ended.
 */
export async function failStaleExports(db: PrismaClient, now = new Date()): Promise<number> {
  const running = await db.exportRun.findMany({
    where: { status: 'running' },
    select: { id: true, heartbeatAt: true, streamedBy: true },
  });
  const stale = running.filter(
    (run) => run.heartbeatAt.getTime() < now.getTime() - EXPORT_STALE_MS || streamedByDeadProcess(run.streamedBy),
  );
  for (const run of stale)
    await failExportRun(db, run.id, 'interrupted: the process streaming it stopped before the end');
  return stale.length;
}

function exporterOf(
  db: DbClient,
  format: ExportFormat,
  options: {
    patientIds: string[] | undefined;
    deidentify: DeidentifyOptions | undefined;
    copyOut: CopyOut | undefined;
    onPage: (patients: number, rows?: number) => void;
  },
): AsyncGenerator<string | Uint8Array> {
  switch (format) {
    case 'json':
      return exportTimelineJson(db, options);
    case 'csv':
      return exportCsvLong(db, options);
    case 'csv-wide':
      return exportCsvWide(db, options);
    case 'fhir':
      return exportFhirBundle(db, options);
    case 'msprog':
      return exportMsprogZip(db, options);
    case 'omop':
      return exportOmop(db, options);
  }
}

/** Streams the exporter's chunks, keeping the checksum and the ExportRun's progress as it goes. */
async function* streamExport(
  db: PrismaClient,
  input: {
    request: ExportRequest;
    exportId: string;
    patientIds: string[] | undefined;
    deidentify: DeidentifyOptions | undefined;
    copyOut: CopyOut | undefined;
    onProgress: ((patients: number) => void) | undefined;
    onDone: (counts: { patients: number; rows: number }, sha256: string) => Promise<void>;
    onFailed: (message: string) => Promise<void>;
  },
): AsyncGenerator<string | Uint8Array> {
  const checksum = createHash('sha256');
  const counts = { patients: 0, rows: 0 };
  let progress: Promise<unknown> = Promise.resolve();
  let finished = false;
  // Beats while the reader is slow too (the generator then waits at a yield); stops with the stream.
  const heartbeat = setInterval(() => {
    db.exportRun
      .updateMany({ where: { id: input.exportId, status: 'running' }, data: { heartbeatAt: new Date() } })
      .catch(() => {});
  }, EXPORT_HEARTBEAT_MS);
  heartbeat.unref();
  const chunks = exporterOf(db, input.request.format, {
    patientIds: input.patientIds,
    deidentify: input.deidentify,
    copyOut: input.copyOut,
    onPage: (patients, rows = 0) => {
      counts.patients += patients;
      counts.rows += rows;
      input.onProgress?.(counts.patients);
      // One small update per page; the previous one is awaited before the next chunk is read.
      progress = db.exportRun.update({ where: { id: input.exportId }, data: progressColumns(counts) });
    },
  });
  try {
    for await (const chunk of chunks) {
      await progress;
      checksum.update(chunk);
      yield chunk;
    }
    await progress;
    await input.onDone(counts, checksum.digest('hex'));
    finished = true;
  } catch (error) {
    finished = true;
    await input.onFailed((error as Error).message).catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
    // The reader went away (e.g. the browser cancelled the download) before the end.
    if (!finished) await input.onFailed('cancelled before the end').catch(() => {});
  }
}
