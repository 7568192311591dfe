import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Download, expect, type Page, test } from '@playwright/test';
import { shot, signIn } from './session.ts';

/** The demo cohort's MRNs (SYN000001…). */
const DEMO_MRN = /SYN\d{6}/;
const exportPanel = (page: Page) => page.getByRole('region', { name: 'Export these patients' });
const navLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

async function savedText(download: Download): Promise<string> {
  return readFile(await download.path(), 'utf8');
}

/** Starts the export with the panel's button and waits for the browser's download of it. */
async function exportAndDownload(page: Page, button: ReturnType<Page['getByRole']>): Promise<Download> {
  const download = page.waitForEvent('download');
  await button.click();
  return download;
}

test('a clinician exports the filtered patients as CSV long, and the file and manifest match the count shown', async ({
  page,
}) => {
  await signIn(page, 'clinician@example.org');
  const panel = exportPanel(page);
  const button = panel.getByRole('button', { name: /^Export/ });
  await expect(button).toHaveText('Export 60 patients');
  await page.getByLabel('Flag').selectOption('EDSS_OVERDUE');
  // The button's count is the filtered total once the overview has answered for these filters.
  await expect(button).not.toHaveText('Export 60 patients');
  await expect(button).toHaveText(/^Export \d+ patients?$/);
  await expect(button).toBeEnabled();
  const shown = Number(/\d+/.exec((await button.textContent()) ?? '')?.[0]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(60);
  await expect(page.getByText(`${shown} patients`, { exact: true })).toBeVisible();

  await panel.getByRole('radio', { name: /CSV long/ }).check();
  const download = await exportAndDownload(page, button);
  expect(download.suggestedFilename()).toMatch(/^nmo-csv-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await savedText(download);
  const [header, ...rows] = csv.trimEnd().split(/\r?\n/);
  expect(header).toMatch(
    /^mrn,given_name,family_name,birth_date,sex,diagnosis,diagnosis_date,first_attack_date,aqp4_status,mog_status,comorbidities,record,date,end_date,edss_score,/,
  );
  const mrns = new Set(rows.map((row) => row.split(',')[0]).filter((cell) => DEMO_MRN.test(cell ?? '')));
  expect(mrns.size).toBe(shown);

  const done = panel.getByRole('status').filter({ hasText: /^Done:/ });
  await expect(done).toContainText(`Done: ${shown} patient${shown === 1 ? '' : 's'}, ${rows.length} rows · SHA-256`);
  const sha256 = createHash('sha256').update(csv).digest('hex');
  await expect(done).toContainText(`SHA-256 ${sha256.slice(0, 12)}…`);
  await shot(page, '30-clinician-export-done');

  const manifestDownload = await exportAndDownload(page, done.getByRole('link', { name: 'Manifest' }));
  const manifest = JSON.parse(await savedText(manifestDownload));
  expect(manifest).toMatchObject({
    format: 'csv',
    deidentified: false,
    patients: shown,
    rows: rows.length,
    sha256,
    filters: { flagCodes: ['EDSS_OVERDUE'] },
  });

  await panel.getByText('Your recent exports').click();
  await expect(panel.locator('.recent-exports li').first()).toContainText('CSV long');
  await expect(panel.locator('.recent-exports li').first()).toContainText('done');
});

test('a researcher exports CSV wide from the statistics: de-identified, no MRN of the cohort', async ({ page }) => {
  await signIn(page, 'researcher@example.org');
  const summary = page.getByText(/^\d+ patients, \d+ with open flags/);
  await expect(summary).toBeVisible();
  // Researchers' exports cover the same groups of at least 5 patients as their statistics.
  const counted = Number((await summary.textContent())?.match(/^\d+/)?.[0]);
  expect(counted).toBeGreaterThan(30);
  expect(counted).toBeLessThanOrEqual(60);
  const panel = exportPanel(page);
  await expect(panel.getByRole('checkbox', { name: 'De-identify' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'De-identify' })).toBeDisabled();
  await expect(panel.getByText(/Always on for researchers/)).toBeVisible();
  await expect(panel.getByRole('radio', { name: /Interchange JSON/ })).toHaveCount(0);

  await panel.getByRole('radio', { name: /CSV wide/ }).check();
  await shot(page, '31-researcher-export-options');
  const download = await exportAndDownload(page, panel.getByRole('button', { name: `Export ${counted} patients` }));
  expect(download.suggestedFilename()).toMatch(/^nmo-csv-wide-deidentified-/);
  const csv = await savedText(download);
  expect(csv.split(/\r?\n/)[0]).toMatch(/^subject_id,/);
  expect(csv).not.toMatch(DEMO_MRN);
  expect(csv.trimEnd().split(/\r?\n/)).toHaveLength(counted + 1);
  await expect(
    panel.getByRole('status').filter({ hasText: new RegExp(`^Done: ${counted} patients, ${counted} rows`) }),
  ).toBeVisible();
  await shot(page, '32-researcher-export-done');
});

const HEADER = 'mrn,given_name,family_name,birth_date,sex,aqp4_status,record,date,edss_score';
const csvFile = (name: string, lines: string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`),
});

test('a clinician checks a bad CSV (line and column shown, nothing imported), then imports a good one', async ({
  page,
}) => {
  await signIn(page, 'clinician@example.org');
  const total = page.getByText(/^\d+ patients$/);
  await expect(total).toBeVisible();
  const before = Number((await total.textContent())?.split(' ')[0]);
  await navLink(page, 'Import').click();
  await expect(page.getByRole('heading', { name: 'Import' })).toBeVisible();
  const fileInput = page.getByLabel('File (.csv or .json)');
  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  await expect(importButton).toBeDisabled();

  await fileInput.setInputFiles(
    csvFile('bad.csv', [
      'E2E-IMP-1,Iris,Importa,1979-03-02,female,positive,edss,2024-05-01,3.5',
      'E2E-IMP-2,Ivo,Importa,1985-11-20,male,negative,edss,2024-06-01,four',
    ]),
  );
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByRole('alert')).toContainText('1 problem; nothing was imported.');
  const problems = page.getByRole('table', { name: 'Problems in bad.csv' });
  await expect(problems.getByRole('row').nth(1).getByRole('cell')).toHaveText(['3', 'edss_score', 'must be a number']);
  await expect(importButton).toBeDisabled();
  await shot(page, '33-import-problems');

  await fileInput.setInputFiles(
    csvFile('good.csv', [
      'E2E-IMP-1,Iris,Importa,1979-03-02,female,positive,edss,2024-05-01,3.5',
      'E2E-IMP-2,Ivo,Importa,1985-11-20,male,negative,edss,2024-06-01,2',
    ]),
  );
  await expect(problems).toHaveCount(0);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByRole('status')).toContainText(
    'Dry run: 2 patients would be created, 0 updated, 0 unchanged; 2 records would be created, 0 updated, 0 unchanged.',
  );
  await shot(page, '34-import-dry-run');
  await expect(importButton).toBeEnabled();
  await importButton.click();
  await expect(page.getByRole('status')).toContainText(
    'Imported: 2 patients created, 0 updated, 0 unchanged; 2 records created, 0 updated, 0 unchanged.',
  );
  await expect(importButton).toBeDisabled();
  await shot(page, '35-import-done');

  await page.getByRole('link', { name: 'Open the cohort' }).click();
  await expect(page.getByRole('heading', { name: 'Cohort' })).toBeVisible();
  // The overview read before the import is reloaded, not served from the cache.
  await expect(page.getByText(`${before + 2} patients`, { exact: true })).toBeVisible();
  await page.getByLabel('Search name or MRN').fill('Importa');
  await expect(page.getByText(/^2 patients$/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Importa, Iris' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'E2E-IMP-2' })).toContainText('Importa, Ivo');
  await shot(page, '36-cohort-finds-imported');

  // The journeys share one demo cohort: take the imported patients out again (soft delete), so the
  // other journeys still see the cohort they count on.
  await removePatients(page, 'Importa');
  // The search is in the URL: a reload keeps it and finds the removed patients gone.
  await page.reload();
  await expect(page.getByLabel('Search name or MRN')).toHaveValue('Importa');
  await expect(page.getByText('0 patients', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText(`${before} patients`, { exact: true })).toBeVisible();
});

/** Soft-deletes the patients a word search finds, through the API as any client would (docs/API.md). */
async function removePatients(page: Page, search: string) {
  const get = async (procedure: string, input: object) => {
    const answer = await page.request.get(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(answer.status(), await answer.text()).toBe(200);
    return (await answer.json()).result.data;
  };
  const overview = (await get('cohort.overview', { search })) as { items: { patientId: string }[] };
  for (const { patientId } of overview.items) {
    const patient = (await get('patients.get', { id: patientId })) as { version: number };
    const deleted = await page.request.post('/trpc/patients.delete', {
      headers: { 'x-nmo-csrf': '1', 'content-type': 'application/json' },
      data: { id: patientId, version: patient.version },
    });
    expect(deleted.status(), await deleted.text()).toBe(200);
  }
}
