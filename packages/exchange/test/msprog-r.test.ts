import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_USER_ID } from '@nmo/db';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeidentifyOptions, exportMsprogZip, generateCohort, unzipIntoDirectory } from '../src/index.ts';
import { freshDatabases } from './databases.ts';

/**
 * The files run through the real MSprog() when R and the msprog package are installed (they are not
 * part of the toolchain: `apt-get install r-base-core r-cran-dplyr`, then msprog from CRAN or its
 * repository); skipped otherwise. This is the check behind "MSprog() runs on it unchanged".
 */
const R_WITH_MSPROG = (() => {
  try {
    execFileSync('Rscript', ['-e', 'suppressMessages(library(msprog))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const KEY = 'a-clinic-secret-of-at-least-32-characters';
const TODAY = '2026-10-31';
const newDatabase = freshDatabases();
let db: Awaited<ReturnType<typeof newDatabase>>['prisma'];
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'msprog-r-'));
  if (!R_WITH_MSPROG) return;
  db = (await newDatabase()).prisma;
  await importTimelineFile(db, generateCohort({ patients: 40, seed: 20, asOf: TODAY }), { actorId: SYSTEM_USER_ID });
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Exports into a directory and runs the documented MSprog() call on it; returns what R printed. */
async function runMsprog(name: string, deidentify: DeidentifyOptions | undefined, dateFormat: string) {
  const directory = path.join(work, name);
  await unzipIntoDirectory(exportMsprogZip(db, deidentify ? { deidentify } : {}), directory);
  const script = `
    suppressMessages(library(msprog))
    visits <- read.csv(file.path("${directory}", "visits.csv"))
    relapses <- read.csv(file.path("${directory}", "relapses.csv"))
    output <- MSprog(visits, subj_col = "id", value_col = "EDSS", date_col = "date",
                     outcome = "edss", relapse = relapses${dateFormat}, verbose = 0)
    cat("subjects", length(unique(visits$id)), "\\n")
    cat("event_count", nrow(output$event_count), paste(names(output$event_count), collapse = ","), "\\n")
    cat("results", nrow(output$results), paste(names(output$results), collapse = ","), "\\n")
    cat("CDW", sum(output$event_count$CDW), "\\n")`;
  return execFileSync('Rscript', ['-e', script], { encoding: 'utf8' });
}

describe.skipIf(!R_WITH_MSPROG)('MSprog() in R reads the export unchanged', () => {
  it('identified, shifted and relative (date_format = "day") files give one result row per subject', async () => {
    const identified = await runMsprog('identified', undefined, '');
    const shifted = await runMsprog('shifted', { key: KEY, dates: 'shift', today: TODAY }, '');
    const relative = await runMsprog(
      'relative',
      { key: KEY, dates: 'relative', today: TODAY },
      ', date_format = "day"',
    );
    const subjects = /subjects (\d+)/.exec(identified)?.[1];
    expect(Number(subjects)).toBeGreaterThan(30);
    for (const output of [identified, shifted, relative]) {
      expect(output).toContain(`subjects ${subjects}`);
      expect(output).toContain(`event_count ${subjects} CDW`);
      expect(output).toMatch(new RegExp(`results ${subjects} id,nevent,event_type,`));
    }
    // Shifting keeps every interval within a subject and relative days are those intervals too:
    // the same worsening events are found whichever form the dates take.
    const cdw = (output: string) => /CDW (\d+)/.exec(output)?.[1];
    expect(cdw(shifted)).toBe(cdw(identified));
    expect(cdw(relative)).toBe(cdw(identified));
  });
});
