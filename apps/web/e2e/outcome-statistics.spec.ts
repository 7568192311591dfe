import { readFile } from 'node:fs/promises';
import { expect, type Locator, test } from '@playwright/test';
import { shot, signIn } from './session.ts';

const FIGURES = [
  /Annualized relapse rate per maintenance therapy/,
  /Time to first relapse after starting each therapy/,
  /Cumulative incidence of confirmed EDSS worsening/,
  /EDSS by disease duration/,
];

/** Every count in a column of a table: a number, or "<k". */
async function columnCells(table: Locator, column: string): Promise<string[]> {
  const headers = await table.locator('thead th').allInnerTexts();
  const index = headers.indexOf(column);
  expect(index, `column ${column}`).toBeGreaterThanOrEqual(0);
  return table.locator(`tbody tr td:nth-child(${index + 1})`).allInnerTexts();
}

test('a clinician reads the outcome statistics, opens the numbers and downloads them as CSV', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('link', { name: 'Outcomes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outcome statistics' })).toBeVisible();
  for (const name of FIGURES) await expect(page.getByRole('figure', { name })).toBeVisible();
  const arr = page.getByRole('figure', { name: FIGURES[0] });
  await expect(arr.locator('.recharts-bar-rectangle').first()).toBeAttached();
  await arr.getByRole('button', { name: 'Show numbers: ARR per therapy' }).click();
  const table = arr.getByRole('table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await shot(page, '70-outcome-statistics');

  const download = page.waitForEvent('download');
  await arr.getByRole('button', { name: 'Download arr-by-agent.csv' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('arr-by-agent.csv');
  const csv = await readFile(await file.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('Agent,Patients,Episodes,Attacks,Exposure (years),ARR,95% CI lower,95% CI upper');
  // The file holds the rows the table shows.
  await expect(table.locator('tbody tr')).toHaveCount(lines.length - 1);

  // The filters apply: AQP4-IgG negative patients only.
  await page.getByLabel('AQP4-IgG').selectOption('negative');
  await expect(page.getByRole('figure', { name: FIGURES[1] })).toBeVisible();
});

test('a researcher sees the outcomes with no count under the small-cell threshold', async ({ page }) => {
  await signIn(page, 'researcher@example.org');
  const section = page.getByRole('region', { name: 'Outcomes' });
  await expect(section.getByRole('note')).toContainText('at least 5');
  const arr = section.getByRole('figure', { name: FIGURES[0] });
  await arr.getByRole('button', { name: 'Show numbers: ARR per therapy' }).click();
  const table = arr.getByRole('table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  for (const column of ['Patients', 'Episodes', 'Attacks'])
    for (const cell of await columnCells(table, column))
      expect(cell === '<5' || Number(cell) === 0 || Number(cell) >= 5, `${column}: ${cell}`).toBe(true);
  const worsening = section.getByRole('figure', { name: FIGURES[2] });
  await worsening.getByRole('button', { name: /Show numbers/ }).click();
  const atRisk = worsening.getByRole('table').nth(1);
  for (const cell of await columnCells(atRisk, 'At risk')) expect(Number(cell) % 5, `at risk ${cell}`).toBe(0);
  await shot(page, '71-outcome-statistics-researcher');
  // Clinicians' section is not theirs.
  await page.goto('/outcomes');
  await expect(page.getByText(/not available/i)).toBeVisible();
});
