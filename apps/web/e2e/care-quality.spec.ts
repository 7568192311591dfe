import { expect, test } from '@playwright/test';
import { shot, signIn } from './session.ts';

test('a clinician reads the care quality per year and opens the patients who missed a standard', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('link', { name: 'Care quality' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Care quality' })).toBeVisible();
  const table = page.locator('table.care-quality');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await expect(page.locator('.recharts-line').first()).toBeAttached();
  await shot(page, '50-care-quality');
  // The first figure someone missed opens the patients behind it, each a link to their page.
  await table
    .getByRole('button', { name: /patients who missed it/ })
    .first()
    .click();
  const behind = page.getByRole('region', { name: /patients who missed it/ });
  await expect(behind.getByRole('link').first()).toBeVisible();
  await shot(page, '51-care-quality-patients');
  await behind.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Needs action', exact: false }).first()).toBeVisible();
});

test('a researcher sees the care-quality counts only, with no patients to open', async ({ page }) => {
  await signIn(page, 'researcher@example.org');
  const section = page.getByRole('region', { name: 'Care quality per year' });
  await expect(section.locator('table.care-quality tbody tr').first()).toBeVisible();
  await expect(section.getByRole('button')).toHaveCount(0);
  await expect(section.getByRole('note')).toContainText('groups of at least 5 patients');
});
