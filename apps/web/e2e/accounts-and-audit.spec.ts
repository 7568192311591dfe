import { expect, type Page, test } from '@playwright/test';
import { shot, signIn } from './session.ts';

const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link');

test('the login page refuses a wrong password with one generic message', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'NMOSD cohort monitor' })).toBeVisible();
  await shot(page, '01-login');
  await signIn(page, 'clinician@example.org', 'not the password');
  await expect(page.getByRole('alert')).toHaveText(/email or password is not correct/);
  await shot(page, '02-login-failed');
});

test('a clinician sees the cohort, the worklist and the import, not the admin pages', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(navLinks(page)).toHaveText(['Cohort', 'Worklist', 'Care quality', 'Outcomes', 'Import']);
  await expect(page.getByRole('heading', { name: 'Cohort' })).toBeVisible();
  await expect(page.getByText(/^60 patients$/)).toBeVisible();
  await shot(page, '03-clinician-cohort');
  await navLinks(page).filter({ hasText: 'Worklist' }).click();
  await expect(page.getByRole('heading', { name: 'Worklist' })).toBeVisible();
  await expect(page.locator('.worklist-summary')).toHaveText(/^\d+ open flags on \d+ patients/);
  await expect(page.locator('tbody.worklist-patient').first()).toBeVisible();
  await shot(page, '04-clinician-worklist');
  await page.goto('/accounts');
  await expect(page.getByRole('heading', { name: 'Not available' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a researcher sees aggregates only, and the API refuses identified data', async ({ page }) => {
  await signIn(page, 'researcher@example.org');
  await expect(navLinks(page)).toHaveText(['Cohort statistics']);
  // Groups of fewer than 5 patients (serostatus and therapy) are not counted for researchers.
  await expect(page.getByText(/^\d+ patients, \d+ with open flags/)).toBeVisible();
  await expect(page.getByRole('note').first()).toContainText('groups of at least 5 patients');
  await expect(page.getByLabel('Search name or MRN')).toHaveCount(0);
  await expect(page.getByLabel('Last visit from')).toHaveCount(0);
  await shot(page, '05-researcher-statistics');
  const response = await page.request.get('/trpc/cohort.overview?input=%7B%7D');
  expect(response.status()).toBe(403);
  const body = await page.content();
  expect(body).not.toMatch(/SYN\d{6}/);
});

test('an administrator reads, filters and exports the audit log, and manages accounts', async ({ page }) => {
  await signIn(page, 'admin@example.org');
  await expect(navLinks(page)).toHaveText(['Audit log', 'Accounts', 'Rule settings']);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'auth.login' }).first()).toBeVisible();
  await page.getByLabel('Action starts with').fill('auth.login');
  await page.getByLabel('Outcome').selectOption('false');
  await page.getByRole('button', { name: 'Filter' }).click();
  const failed = page.getByRole('row').filter({ hasText: 'clinician@example.org' }).filter({ hasText: 'failed' });
  await expect(failed.first()).toBeVisible();
  await shot(page, '06-admin-audit-log');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const csv = await (await download).path();
  expect(csv).toBeTruthy();

  await navLinks(page).filter({ hasText: 'Accounts' }).click();
  await expect(page.getByRole('cell', { name: 'researcher@example.org' })).toBeVisible();
  await page.getByLabel('Email').fill('new.nurse@example.org');
  await page.getByLabel('Name').fill('New Nurse');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Temporary password');
  await shot(page, '07-admin-accounts');
});
