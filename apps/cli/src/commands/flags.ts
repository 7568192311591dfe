import { readFile } from 'node:fs/promises';
import { loadRuleSettings } from '@nmo/api';
import type { DbClient, PrismaClient } from '@nmo/db';
import {
  describeFieldErrors,
  evaluateFlags,
  fieldErrors,
  isCalendarDate,
  type RuleSettings,
  todayInClinic,
} from '@nmo/domain';
import { loadPatientTimelines, type StoredPatientTimeline } from '@nmo/storage';
import { ZodError } from 'zod';
import { withDatabase } from '../database.ts';
import { UserError } from '../output.ts';

export interface FlagsOptions {
  mrn?: string;
  asOf?: string;
  settings?: string;
  /** Only the open flags (DESIGN.md contract 5). */
  open?: boolean;
  json?: boolean;
}

/** DESIGN.md contract 3 and 5: the flags of one patient or of the cohort, computed as of a date. */
export async function flagsCommand(options: FlagsOptions): Promise<void> {
  const asOf = options.asOf ?? todayInClinic();
  if (!isCalendarDate(asOf)) throw new UserError('--as-of must be a date written YYYY-MM-DD');
  const fileOverrides = options.settings ? await readSettingsFile(options.settings) : undefined;
  await withDatabase(async ({ prisma }) => {
    const settings = await settingsOrUserError(prisma, fileOverrides, options.settings);
    const rows: Record<string, unknown>[] = [];
    for await (const patient of patientsToEvaluate(prisma, options.mrn)) {
      for (const flag of evaluateFlags(patient.timeline, asOf, settings)) {
        if (options.open && flag.status !== 'open') continue;
        // Contract 5's order: resolvedOn and resolution only on resolved flags.
        const { code, severity, date, status, resolvedOn, resolution, message, source, details } = flag;
        rows.push({
          mrn: patient.timeline.mrn,
          code,
          severity,
          date,
          status,
          ...(resolvedOn ? { resolvedOn, resolution } : {}),
          message,
          source,
          details,
        });
      }
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    for (const row of rows) {
      const status = row.resolvedOn ? `resolved ${row.resolvedOn}` : String(row.status);
      process.stdout.write(
        `${row.mrn}\t${String(row.severity).padEnd(8)}\t${row.code}\t${row.date}\t${status}\t${row.message}\n`,
      );
    }
    process.stdout.write(
      `${rows.length} ${options.open ? 'open ' : ''}flag${rows.length === 1 ? '' : 's'} as of ${asOf}.\n`,
    );
  });
}

async function* patientsToEvaluate(db: DbClient, mrn: string | undefined): AsyncGenerator<StoredPatientTimeline> {
  if (mrn !== undefined) {
    const [patient] = await loadPatientTimelines(db, { mrn });
    if (!patient) throw new UserError(`no patient with MRN ${mrn}`);
    yield patient;
    return;
  }
  let afterMrn: string | undefined;
  for (;;) {
    const page = await loadPatientTimelines(db, { afterMrn, take: 500 });
    yield* page;
    if (page.length < 500) return;
    afterMrn = page.at(-1)?.timeline.mrn;
  }
}

export async function readSettingsFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
}

export async function settingsOrUserError(
  prisma: PrismaClient,
  overrides: unknown,
  file?: string,
): Promise<RuleSettings> {
  try {
    return await loadRuleSettings(prisma, overrides);
  } catch (error) {
    if (error instanceof ZodError) {
      throw new UserError(`${file ?? 'settings'}: invalid rule settings.\n${describeFieldErrors(fieldErrors(error))}`);
    }
    throw error;
  }
}
