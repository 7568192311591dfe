import type { PrismaClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import {
  detectImportFormat,
  type ImportFileResult,
  type ImportFormat,
  type ImportProblem,
  parseImportText,
} from '@nmo/exchange';
import { ImportConflictError, type ImportSummary, importTimelineFile } from '@nmo/storage';
import { recomputeFlags } from '../flags/recompute.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';

/** The answer to an import (dashboard upload or CLI): every problem, or what was (or would be) written. */
export type ImportReport =
  | { ok: false; format: ImportFormat; dryRun: boolean; patients: number; errors: ImportProblem[] }
  | { ok: true; format: ImportFormat; dryRun: boolean; patients: number; summary: ImportSummary };

/** Reads and checks a file of either format; nothing touches the database. */
export function validateImportText(input: {
  text: string;
  name?: string;
  onProgress?: (message: string) => void;
}): ImportFileResult {
  const format = detectImportFormat(input.name, input.text);
  input.onProgress?.(
    `Validating ${input.name ?? 'the file'} (${format === 'csv' ? 'CSV long layout' : 'interchange JSON'})…`,
  );
  return parseImportText(input.text, format);
}

/**
 * Imports a validated file in one transaction, all or nothing, with the flags of the patients it
 * touches recomputed in the same transaction. A dry run compares it with the database and writes
 * nothing. Conflicts with the database are reported the way the file's own errors are.
 */
export async function importValidated(
  db: PrismaClient,
  parsed: Extract<ImportFileResult, { ok: true }>,
  input: { actorId: string; dryRun: boolean; clientAddress?: string; onProgress?: (message: string) => void },
): Promise<ImportReport> {
  const { format } = parsed;
  const patients = parsed.file.patients.length;
  input.onProgress?.(
    `${patients} patients valid. ${input.dryRun ? 'Dry run: comparing with the database…' : 'Importing…'}`,
  );
  const settings = await loadRuleSettings(db);
  try {
    const summary = await importTimelineFile(db, parsed.file, {
      actorId: input.actorId,
      dryRun: input.dryRun,
      clientAddress: input.clientAddress,
      afterWrite: (tx, patientIds) =>
        recomputeFlags(tx, { asOf: todayInClinic(), settings, patientIds }).then(() => {}),
    });
    return { ok: true, format, dryRun: input.dryRun, patients, summary };
  } catch (error) {
    if (error instanceof ImportConflictError)
      return { ok: false, format, dryRun: input.dryRun, patients, errors: parsed.locate(error.errors) };
    throw error;
  }
}

/** Validates and imports a file of either format (the dashboard's upload): every problem, or what was written. */
export async function importText(
  db: PrismaClient,
  input: {
    actorId: string;
    text: string;
    name?: string;
    dryRun: boolean;
    clientAddress?: string;
    onProgress?: (message: string) => void;
  },
): Promise<ImportReport> {
  const parsed = validateImportText(input);
  if (!parsed.ok) return { ok: false, format: parsed.format, dryRun: input.dryRun, patients: 0, errors: parsed.errors };
  return importValidated(db, parsed, input);
}
