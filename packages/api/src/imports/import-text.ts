import type { PrismaClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import {
  detectImportFormat,
  ImportConflictError,
  type ImportFormat,
  type ImportProblem,
  type ImportSummary,
  importTimelineFile,
  parseImportText,
} from '@nmo/exchange';
import { recomputeFlags } from '../flags/recompute.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';

/** The answer to an import (dashboard upload or CLI): every problem, or what was (or would be) written. */
export type ImportReport =
  | { ok: false; format: ImportFormat; dryRun: boolean; patients: number; errors: ImportProblem[] }
  | { ok: true; format: ImportFormat; dryRun: boolean; patients: number; summary: ImportSummary };

/**
 * Validates and imports a file of either format in one transaction, all or nothing, with the
 * flags of the patients it touches recomputed in the same transaction. A dry run checks the file
 * and compares it with the database, and writes nothing.
 */
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
  const format = detectImportFormat(input.name, input.text);
  input.onProgress?.(
    `Validating ${input.name ?? 'the file'} (${format === 'csv' ? 'CSV long layout' : 'interchange JSON'})…`,
  );
  const parsed = parseImportText(input.text, format);
  if (!parsed.ok) return { ok: false, format, dryRun: input.dryRun, patients: 0, errors: parsed.errors };
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
