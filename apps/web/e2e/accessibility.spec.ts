import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { signIn } from './session.ts';

/**
 * axe-core on every page each role opens: no serious or critical violation of WCAG 2.1 A and AA
 * (contrast included) or of axe's best practices (landmarks, heading order). Minor and moderate
 * findings are printed, not failed, so they stay visible.
 */
async function expectAccessible(page: Page, name: string, within?: string) {
  // The page must have finished loading: axe checks what is on screen.
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  const { violations, passes } = await (within ? axe.include(within) : axe).analyze();
  // An empty page (or a selector matching nothing) passes no rule either: make sure axe looked.
  expect(passes.length, `${name}: axe checked something`).toBeGreaterThan(10);
  const listed = (list: typeof violations) =>
    list.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !blocking.includes(v));
  if (other.length) console.log(`${name}:\n${listed(other)}.join('\n')}`);
  expect(listed(blocking), `${name}: serious or critical accessibility violations`).toEqual([]);
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

test.use({ viewport: { width: 1440, height: 900 } });

test('the login page has no serious accessibility violation', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Email')).toBeVisible();
  await expectAccessible(page, 'login');
});

test("a clinician's pages have no serious accessibility violation", async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('table tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'cohort list');

  await page
    .getByRole('button', { name: /^Export/ })
    .first()
    .click();
  await expectAccessible(page, 'cohort export');

  await nav(page, 'Worklist').click();
  await expect(page.locator('.worklist-row').first()).toBeVisible();
  await expectAccessible(page, 'worklist');

  await nav(page, 'Care quality').click();
  await expect(page.getByRole('heading', { level: 1, name: /Care quality/ })).toBeVisible();
  await expect(page.locator('table').first()).toBeVisible();
  await expectAccessible(page, 'care quality');

  await nav(page, 'Outcomes').click();
  await expect(page.getByRole('figure').first()).toBeVisible();
  await expectAccessible(page, 'outcome statistics');

  await nav(page, 'Import').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'import');

  await page.getByRole('link', { name: /\(clinician\)/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'account');
});

test('the patient page and each of its record tabs have no serious accessibility violation', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, 'clinician@example.org');
  await nav(page, 'Worklist').click();
  await page.locator('.worklist-patient').first().getByRole('link').click();
  await expect(page.getByRole('tablist', { name: 'Record types' })).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page, 'patient page');
  // The rest of the page stays as it was: each tab's panel is checked on its own.
  for (const tab of await page.getByRole('tab').all()) {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expectAccessible(page, `patient tab ${await tab.textContent()}`, '.records');
  }
});

test("a researcher's statistics and export have no serious accessibility violation", async ({ page }) => {
  await signIn(page, 'researcher@example.org');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('table').first()).toBeVisible();
  await expectAccessible(page, 'statistics and export');
});

test("an administrator's pages have no serious accessibility violation", async ({ page }) => {
  await signIn(page, 'admin@example.org');
  await expect(page.locator('table tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'audit log');

  await nav(page, 'Accounts').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  await expect(page.locator('table tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'accounts');

  await nav(page, 'Rule settings').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('form input').first()).toBeVisible();
  await expectAccessible(page, 'settings');
});

test('the worklist and the patient tabs work from the keyboard alone', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await nav(page, 'Worklist').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  const firstRow = page.locator('.worklist-row').first();
  await expect(firstRow).toBeVisible();

  // Tab from the top of the page to the first flag's checkbox, and select it with the space bar.
  const firstCheckbox = firstRow.getByRole('checkbox');
  await page.locator('main').focus();
  let reached = false;
  for (let step = 0; step < 40 && !reached; step++) {
    await page.keyboard.press('Tab');
    reached = await firstCheckbox.evaluate((element) => element === document.activeElement);
  }
  expect(reached, 'the first flag checkbox is reachable with Tab').toBe(true);
  await page.keyboard.press('Space');
  await expect(firstCheckbox).toBeChecked();
  await expect(page.getByText('1 selected')).toBeVisible();

  // Back to the bulk action with Shift+Tab, then acknowledge with a reason, all by keyboard.
  const act = page.getByRole('button', { name: 'Acknowledge or snooze selected' });
  for (let step = 0; step < 10 && !(await act.evaluate((e) => e === document.activeElement)); step++)
    await page.keyboard.press('Shift+Tab');
  await expect(act).toBeFocused();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Acknowledge the selected flags' });
  await expect(form).toBeVisible();
  const reason = form.getByLabel('Reason');
  for (let step = 0; step < 10 && !(await reason.evaluate((e) => e === document.activeElement)); step++)
    await page.keyboard.press('Tab');
  await expect(reason).toBeFocused();
  await page.keyboard.type('Reviewed at the keyboard');
  await page.keyboard.press('Enter');
  await expect(page.locator('.worklist-result')).toContainText(/Acknowledged 1 flag/);
  await expect(page.locator('.worklist-result')).toBeFocused();
  await expectAccessible(page, 'worklist after acknowledging');

  // Open a patient with Enter on its link, then walk the record tabs with the arrow keys.
  const patientLink = page.locator('.worklist-patient').first().getByRole('link');
  await patientLink.focus();
  await page.keyboard.press('Enter');
  const tabs = page.getByRole('tab');
  await expect(tabs.first()).toBeVisible();
  const count = await tabs.count();
  await tabs.first().focus();
  await page.keyboard.press('Enter');
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
  for (let index = 1; index < count; index++) {
    await page.keyboard.press('ArrowRight');
    await expect(tabs.nth(index)).toBeFocused();
    await expect(tabs.nth(index)).toHaveAttribute('aria-selected', 'true');
  }
  // Tab leaves the tab list for the panel's first control.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel').locator(':focus')).toHaveCount(1);
});
