import type { DbClient, PrismaClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import {
  detectImportFormat,
  type ImportFileResult,
  type ImportFormat,
  type ImportProblem,
  parseImportText,
} from '@nmo/exchange';
import { ImportConflictError, type ImportSummary, importTimelineFile, type TimelinePatients } from '@nmo/storage';
import { recomputeFlags } from '../flags/recompute.ts';
import { lockPatients } from '../records/patient-locks.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';

/** The answer to an import (dashboard upload or CLI): every problem, or what was (or would be) written. */
export type ImportReport =
  | { ok: false; format: ImportFormat; dryRun: boolean; patients: number; errors: ImportProblem[] }
  | { ok: true; format: ImportFormat; dryRun: boolean; patients: number; summary: ImportSummary };

/** A file that passed its own checks, ready to be compared with the database. */
export type CheckedImportFile = Extract<ImportFileResult, { ok: true }>;

/** Reads and checks a file of either format; nothing touches the database. */
export function validateImportText(input: {
  text: string;
  name?: string | undefined;
  onProgress?: ((message: string) => void) | undefined;
}): ImportFileResult {
  const format = detectImportFormat(input.name, input.text);
  input.onProgress?.(
    `Validating ${input.name ?? 'the file'} (${format === 'csv' ? 'CSV long layout' : 'interchange JSON'})…`,
  );
  return parseImportText(input.text, format);
}

/**
 * Existing patients an import holds the write lock of (docs/decisions/0009): above this, a bulk
 * re-import would fill PostgreSQL's lock table (64 locks per connection by default), so it goes
 * without, as bulk loads always have. New patients need no lock: no one else sees them before the
 * import commits.
 */
export const IMPORT_LOCK_LIMIT = 1000;

/** Takes the write locks of the file's existing patients, before the import reads anything of them. */
async function lockExistingPatients(db: DbClient, file: TimelinePatients): Promise<void> {
  const existing = await db.patient.findMany({
    where: { mrn: { in: file.patients.map((patient) => patient.mrn) } },
    select: { id: true },
  });
  if (existing.length <= IMPORT_LOCK_LIMIT)
    await lockPatients(
      db,
      existing.map((patient) => patient.id),
    );
}

/**
 * Writes patients' timelines in one transaction, all or nothing, and recomputes the flags of the
 * patients it created or changed in the same transaction, holding the write locks of the existing
 * ones like any other change to a patient. A dry run compares with the database and writes nothing.
 * What `nmo import`, the dashboard's upload and the demo seeding share.
 */
export async function importTimelines(
  db: PrismaClient,
  file: TimelinePatients,
  options: { actorId: string; dryRun?: boolean; clientAddress?: string | undefined },
): Promise<ImportSummary> {
  const settings = await loadRuleSettings(db);
  const dryRun = options.dryRun ?? false;
  return importTimelineFile(db, file, {
    actorId: options.actorId,
    dryRun,
    ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}),
    // A dry run writes nothing, so it need not make the patients' other writers wait.
    ...(dryRun ? {} : { beforePlan: (tx: DbClient) => lockExistingPatients(tx, file) }),
    afterWrite: (tx, patientIds) => recomputeFlags(tx, { asOf: todayInClinic(), settings, patientIds }).then(() => {}),
  });
}

/**
 * Imports a file of either format: checked first (its own errors need no database), then imported
 * by `importTimelines`. Conflicts with the database (an MRN of a deleted patient) are reported the
 * way the file's own errors are. `checked` skips the check when the caller has done it already
 * (the CLI checks before it starts the database).
 */
export async function importFile(
  db: PrismaClient,
  input: ({ text: string; name?: string | undefined } | { checked: CheckedImportFile }) & {
    actorId: string;
    dryRun: boolean;
    clientAddress?: string | undefined;
    onProgress?: ((message: string) => void) | undefined;
  },
): Promise<ImportReport> {
  const parsed = 'checked' in input ? input.checked : validateImportText(input);
  const { dryRun } = input;
  if (!parsed.ok) return { ok: false, format: parsed.format, dryRun, patients: 0, errors: parsed.errors };
  const { format } = parsed;
  const patients = parsed.file.patients.length;
  input.onProgress?.(`${patients} patients valid. ${dryRun ? 'Dry run: comparing with the database…' : 'Importing…'}`);
  try {
    const summary = await importTimelines(db, parsed.file, input);
    return { ok: true, format, dryRun, patients, summary };
  } catch (error) {
    if (error instanceof ImportConflictError)
      return { ok: false, format, dryRun, patients, errors: parsed.locate(error.errors) };
    throw error;
  }
}
