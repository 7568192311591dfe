import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_USER_ID } from '@nmo/db';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeidentifyOptions, exportMsprogZip, generateCohort, unzipIntoDirectory } from '../src/index.ts';
import { freshDatabases } from './databases.ts';

/**
 * The files run through the real MSprog(): the package is vendored (vendor/msprog, MIT, unchanged) and
 * installed into a temporary R library here, so the check behind "MSprog() runs on it unchanged"
 * needs only R with dplyr, as the browser tests need Chromium (Debian: `r-base-core r-cran-dplyr`;
 * `.ci/run` installs them).
 */
const MSPROG_SOURCE = path.resolve(import.meta.dirname, '../../../vendor/msprog');

function installMsprog(library: string) {
  try {
    execFileSync('Rscript', ['-e', 'suppressMessages(library(dplyr))'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'These tests run msprog in R: install R with dplyr (Debian: apt-get install r-base-core r-cran-dplyr)',
    );
  }
  execFileSync('R', ['CMD', 'INSTALL', '--no-docs', '--no-test-load', '-l', library, MSPROG_SOURCE], {
    stdio: 'ignore',
  });
}

const KEY = 'a-clinic-secret-of-at-least-32-characters';
const TODAY = '2026-10-31';
const newDatabase = freshDatabases();
let db: Awaited<ReturnType<typeof newDatabase>>['prisma'];
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'msprog-r-'));
  await mkdir(path.join(work, 'library'));
  installMsprog(path.join(work, 'library'));
  db = (await newDatabase()).prisma;
  await importTimelineFile(db, generateCohort({ patients: 40, seed: 20, asOf: TODAY }), { actorId: SYSTEM_USER_ID });
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Exports into a directory and runs the documented MSprog() call on it; returns what R printed. */
async function runMsprog(name: string, deidentify: DeidentifyOptions | undefined, dateFormat: string) {
  const directory = path.join(work, name);
  await unzipIntoDirectory(exportMsprogZip(db, deidentify ? { deidentify } : {}), directory);
  const script = `
    suppressMessages(library(msprog, lib.loc = "${path.join(work, 'library')}"))
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

describe('MSprog() in R reads the export unchanged', () => {
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
