import { expect, type Page, test } from '@playwright/test';
import { isoDaysFromToday, shot, shownDate, signIn } from './session.ts';

const flagsPanel = (page: Page) => page.getByRole('region', { name: /Needs action/ });
const recordForm = (page: Page, title: string) => page.getByRole('form', { name: `${title} form` });

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

test('a clinician opens a flagged patient from the worklist, enters an EDSS and sees the chart and flags update', async ({
  page,
}) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
  await page.getByLabel('Flag').selectOption('EDSS_OVERDUE');
  // The list keeps the previous page on screen until the filtered one arrives.
  const first = page.locator('tbody.worklist-patient').first();
  await expect(first.locator('.worklist-row').first()).toHaveAttribute('data-code', 'EDSS_OVERDUE');
  await expect(first).toContainText('EDSS overdue');
  await expect(first).toContainText('Record an EDSS at the next visit.');
  await shot(page, '10-worklist-edss-overdue');
  await first.getByRole('link').click();

  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(flagsPanel(page).locator('[data-code="EDSS_OVERDUE"]')).toBeVisible();
  // Attached, not "visible": a patient whose EDSS never changed has a flat line, with no height.
  await expect(page.locator('.edss-line')).toBeAttached();
  await expect(page.locator('[data-chart="edss"] .recharts-line-dot').first()).toBeVisible();
  const pointsBefore = await page.locator('[data-chart="edss"] .recharts-line-dot').count();
  await shot(page, '11-patient-page');

  await openTab(page, 'EDSS');
  await page.getByRole('button', { name: 'Add edss assessment' }).click();
  const form = recordForm(page, 'EDSS assessment');
  await form.getByLabel('Date').fill(isoDaysFromToday(0));
  await form.getByLabel('EDSS score').fill('10.5');
  await form.getByLabel('EDSS score').blur();
  await expect(
    form.getByText('must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)'),
  ).toBeVisible();
  await expect(form.getByLabel('EDSS score')).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Save edss assessment' }).click();
  await expect(form).toBeVisible();
  await shot(page, '12-edss-invalid');

  // A check only the server can make (the patient's birth date) comes back on its field.
  await form.getByLabel('EDSS score').fill('4.5');
  await form.getByLabel('Date').fill('1901-01-01');
  await form.getByRole('button', { name: 'Save edss assessment' }).click();
  await expect(form.getByText(/must not be before the birth date/)).toBeVisible();
  await shot(page, '13-edss-server-error');

  await form.getByLabel('Date').fill(isoDaysFromToday(0));
  await form.getByRole('button', { name: 'Save edss assessment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'EDSS assessment saved.' })).toBeVisible();
  await expect(page.locator('.facts')).toContainText(`4.5 on ${shownDate(isoDaysFromToday(0))}`);
  await expect(flagsPanel(page).locator('[data-code="EDSS_OVERDUE"]')).toHaveCount(0);
  await expect(page.locator('[data-chart="edss"] .recharts-line-dot')).toHaveCount(pointsBefore + 1);
  await shot(page, '14-edss-saved');
});

test('an attack treated 20 days after onset raises ACUTE_TREATMENT_DELAYED', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('button', { name: 'New patient' }).click();
  const patientForm = recordForm(page, 'Patient');
  await patientForm.getByLabel('MRN').fill('E2E-ATTACK-1');
  await patientForm.getByLabel('Given name').fill('Ada');
  await patientForm.getByLabel('Family name').fill('Attack');
  await patientForm.getByLabel('Birth date').fill('1980-05-17');
  await patientForm.getByLabel('Sex').selectOption('female');
  await patientForm.getByLabel('AQP4-IgG').selectOption('positive');
  await patientForm.getByRole('button', { name: 'Create patient' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Attack, Ada' })).toBeVisible();
  await expect(page.getByText('No EDSS, attack or therapy recorded.')).toBeVisible();

  // Within the attack's acute phase (30 days), when an untreated attack is still open.
  const onset = isoDaysFromToday(-25);
  await openTab(page, 'Attacks');
  await page.getByRole('button', { name: 'Add attack' }).click();
  const attack = recordForm(page, 'Attack');
  await attack.getByLabel('Onset date').fill(onset);
  await attack.getByLabel('Phenotype').selectOption('transverse_myelitis');
  await attack.getByLabel('Severity').selectOption('severe');
  await attack.getByRole('button', { name: 'Save attack' }).click();
  await expect(flagsPanel(page).locator('[data-code="UNTREATED_RELAPSE"]')).toBeVisible();

  await page.getByRole('button', { name: 'Add acute treatment' }).click();
  const treatment = recordForm(page, 'Acute treatment');
  await treatment.getByLabel('Treatment').selectOption('ivmp');
  await treatment.getByLabel('Start date').fill(isoDaysFromToday(-5));
  await treatment.getByLabel('Days').fill('5');
  await treatment.getByLabel('Daily dose (mg)').fill('1000');
  await treatment.getByRole('button', { name: 'Save acute treatment' }).click();

  const delayed = flagsPanel(page).locator('[data-code="ACUTE_TREATMENT_DELAYED"]');
  await expect(delayed).toBeVisible();
  await expect(delayed).toContainText('20 days');
  // Treated now: no longer open; it is kept, resolved, in the history.
  await expect(flagsPanel(page).locator('[data-code="UNTREATED_RELAPSE"]')).toHaveCount(0);
  await expect(flagsPanel(page).locator('[data-history-code="UNTREATED_RELAPSE"][data-status="resolved"]')).toHaveCount(
    1,
  );
  await expect(page.locator('.attack-marker title')).toHaveText(/IVMP on day 20/);
  await shot(page, '15-attack-delayed-treatment');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: 'print' });
  await shot(page, '16-printable-summary');
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 820, height: 1180 });
  await shot(page, '17-patient-page-tablet');
});

test('a record changed by someone else first gives a clear CONFLICT message', async ({ page, browser }) => {
  await signIn(page, 'clinician@example.org');
  await page.getByLabel('Search name or MRN').fill('E2E-ATTACK-1');
  await page.getByRole('link', { name: 'Attack, Ada' }).click();
  await openTab(page, 'Attacks');
  await page.locator('.record-row').first().getByRole('button', { name: 'Edit' }).click();

  const other = await browser.newPage();
  await signIn(other, 'clinician@example.org');
  await expect(other.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await other.goto(page.url());
  await other.getByRole('tab', { name: /^Attacks/ }).click();
  await other.locator('.record-row').first().getByRole('button', { name: 'Edit' }).click();
  await recordForm(other, 'Attack').getByLabel('Severity').selectOption('moderate');
  await recordForm(other, 'Attack').getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Attack updated.' })).toBeVisible();
  await other.close();

  const form = recordForm(page, 'Attack');
  await form.getByLabel('Severity').selectOption('mild');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByRole('alert')).toContainText('Someone else changed this record');
  await shot(page, '18-conflict');
  await form.getByRole('button', { name: 'Load their version' }).click();
  await expect(recordForm(page, 'Attack').getByLabel('Severity')).toHaveValue('moderate');
});

test('the cohort overview filters, sorts and pages', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('region', { name: 'Cohort summary' })).toContainText('Median ARR');
  await expect(page.locator('.cohort-table tbody tr')).toHaveCount(25);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible();
  await page.getByRole('button', { name: /^Age/ }).click();
  await expect(page.getByRole('columnheader', { name: /Age/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByText(/^Page 1 of/)).toBeVisible();
  // The previous page stays on screen while the sorted one loads; wait for the sorted rows.
  await expect
    .poll(async () => {
      const ages = (await page.locator('.cohort-table tbody tr td:nth-child(3)').allTextContents()).map(Number);
      return ages.every((age, i) => i === 0 || (ages[i - 1] as number) <= age);
    })
    .toBe(true);
  await expect(page.getByText(/updating/)).toHaveCount(0);
  await page.getByLabel('EDSS from').fill('6');
  await page.getByLabel('EDSS to').fill('2');
  await expect(page.getByText('must not be below EDSS from')).toBeVisible();
  await page.getByLabel('EDSS to').fill('10');
  await page.getByLabel('AQP4-IgG').selectOption('positive');
  await expect(page.locator('.cohort-table tbody tr td:nth-child(4)').first()).toHaveText('positive');
  await shot(page, '19-cohort-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText(/^60 patients$|^61 patients$/)).toBeVisible();
});

test('a researcher cannot reach a patient page', async ({ page, browser }) => {
  const clinician = await browser.newPage();
  await signIn(clinician, 'clinician@example.org');
  await clinician.locator('.cohort-table tbody a').first().click();
  await expect(clinician.getByRole('heading', { level: 1 })).toBeVisible();
  const patientUrl = clinician.url();
  const patientId = patientUrl.split('/').at(-1) as string;
  await clinician.close();

  await signIn(page, 'researcher@example.org');
  await expect(page.getByRole('heading', { name: 'Cohort statistics' })).toBeVisible();
  await page.goto(patientUrl);
  await expect(page.getByRole('heading', { name: 'Not available' })).toBeVisible();
  const answer = await page.request.get(
    `/trpc/patients.timeline?input=${encodeURIComponent(JSON.stringify({ id: patientId }))}`,
  );
  expect(answer.status()).toBe(403);
  await shot(page, '20-researcher-no-patient-page');
});

test('an admin changes a monitoring interval and a user changes their password', async ({ page }) => {
  await signIn(page, 'admin@example.org');
  await page.getByRole('link', { name: 'Rule settings' }).click();
  const interval = page.getByLabel('MRI every');
  await expect(interval).not.toHaveValue('');
  await interval.fill('-5');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.setting-row').filter({ has: interval }).locator('.field-error')).toBeVisible();
  await interval.fill('400');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await shot(page, '21-settings');

  await page
    .getByRole('link', { name: /Demo admin|admin/ })
    .first()
    .click();
  await page.getByLabel('Current password').fill('wrong password here');
  await page.getByLabel('New password (12 characters or more)').fill('short');
  await page.getByLabel('New password again').fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();
  await shot(page, '22-account-password');
});

test('the dashboard works from the keyboard, and a missing patient says so', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('heading', { name: 'Cohort', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Cohort', exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  const link = page.locator('.cohort-table tbody a').first();
  const name = (await link.textContent()) as string;
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  await page.getByRole('tab', { name: /^EDSS/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^Attacks/ })).toBeFocused();
  await expect(page.getByRole('tab', { name: /^Attacks/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('radio', { name: 'Last 2 years' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Last 5 years' })).toBeChecked();

  await page.goto('/patients/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert')).toContainText('not found');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await shot(page, '23-patient-not-found');

  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto('/');
  await expect(page.locator('.cohort-table')).toBeVisible();
  await shot(page, '24-cohort-tablet');
});
