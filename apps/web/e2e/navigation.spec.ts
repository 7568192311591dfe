import { type Browser, expect, type Page, test } from '@playwright/test';
import { shot, signIn } from './session.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** The cohort's page size (CohortPage's PAGE_SIZE). */
const COHORT_PAGE = 25;

/** How many patients the cohort lists with these filters, as the API counts them. */
async function cohortTotal(page: Page, filters: object): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ ...filters, limit: 1 }));
  const answer = await page.request.get(`/trpc/cohort.overview?input=${input}`);
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()).result.data.total as number;
}

/** The same URL opened by someone else: a new browser context (no history, no storage), signed in. */
async function openElsewhere(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const other = await context.newPage();
  await signIn(other, 'clinician@example.org');
  await expect(other.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await other.goto(url);
  return other;
}

const rowNames = (page: Page) => page.locator('.cohort-table tbody tr td:nth-child(2)').allTextContents();

/** What the list shows: the filter, the sort, the page and its rows. */
async function expectCohortState(page: Page, state: { mog: string; pageLine: string; names: string[] }) {
  await expect(page.getByRole('heading', { name: 'Cohort', exact: true })).toBeVisible();
  await expect(page.getByLabel('MOG-IgG')).toHaveValue(state.mog);
  await expect(page.getByRole('columnheader', { name: /Age/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByText(state.pageLine)).toBeVisible();
  await expect.poll(() => rowNames(page)).toEqual(state.names);
}

test('the cohort, a patient’s tab and chart period are kept in the URL: reload, Back and a shared link restore them', async ({
  page,
  browser,
}) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.locator('.cohort-table tbody tr')).toHaveCount(COHORT_PAGE);
  // A filter that leaves more than one page (the demo cohort is random but mostly MOG-negative).
  const mog = (await cohortTotal(page, { mogStatus: ['negative'] })) > COHORT_PAGE ? 'negative' : '';
  const total = await cohortTotal(page, mog ? { mogStatus: [mog] } : {});
  const pageLine = `Page 2 of ${Math.ceil(total / COHORT_PAGE)}`;
  const start = page.url();

  if (mog) await page.getByLabel('MOG-IgG').selectOption(mog);
  await expect(page.getByText(new RegExp(`^${total} patients`))).toBeVisible();
  // Age: ascending first, then descending.
  await page.getByRole('button', { name: /^Age/ }).click();
  await expect(page.getByRole('columnheader', { name: /Age/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: /^Age/ }).click();
  await expect(page.getByRole('columnheader', { name: /Age/ })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(pageLine)).toBeVisible();
  await expect(page.getByText(/updating/)).toHaveCount(0);
  const names = await rowNames(page);
  const listUrl = page.url();
  expect(listUrl).not.toBe(start);
  expect(new URL(listUrl).searchParams.get('sort')).toBe('age');
  expect(new URL(listUrl).searchParams.get('page')).toBe('2');
  await shot(page, '60-navigation-cohort-page-2');

  // Open the third patient of page 2; choose the MRI tab and the last 5 years.
  const patientLink = page.locator('.cohort-table tbody tr').nth(2).getByRole('link');
  const patientName = (await patientLink.textContent()) as string;
  await patientLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(patientName.split(',')[0] as string);
  await page.getByRole('tab', { name: /^MRI/ }).click();
  await page.getByRole('radio', { name: 'Last 5 years' }).check();
  await expect(page).toHaveURL(/[?&]tab=mri/);
  await expect(page).toHaveURL(/[?&]period=5y/);
  const patientUrl = page.url();

  await page.reload();
  await expect(page.getByRole('tab', { name: /^MRI/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('radio', { name: 'Last 5 years' })).toBeChecked();
  await shot(page, '61-navigation-patient-after-reload');

  // Tab and period replaced the patient's history entry: one Back is the list, as it was.
  await page.goBack();
  await expect(page).toHaveURL(listUrl);
  await expectCohortState(page, { mog, pageLine, names });

  // The copied links show the same in a fresh, signed-in browser.
  const other = await openElsewhere(browser, listUrl);
  await expectCohortState(other, { mog, pageLine, names });
  await other.goto(patientUrl);
  await expect(other.getByRole('tab', { name: /^MRI/ })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByRole('radio', { name: 'Last 5 years' })).toBeChecked();
  await other.context().close();
});

test('the worklist filter is kept in the URL: Back from a patient and a shared link restore it', async ({
  page,
  browser,
}) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
  await expect(page.getByRole('heading', { name: 'Worklist' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.getByLabel('Severity').selectOption('warning');
  await expect(page).toHaveURL(/[?&]severity=warning/);
  await expect(page.getByText(/updating/)).toHaveCount(0);
  const summary = (await page.locator('.worklist-summary strong').textContent()) as string;
  const firstPatient = page.locator('tbody.worklist-patient').first().getByRole('link');
  const firstName = (await firstPatient.textContent()) as string;
  const listUrl = page.url();

  await firstPatient.click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(listUrl);
  await expect(page.getByLabel('Severity')).toHaveValue('warning');
  await expect(page.locator('.worklist-summary strong')).toHaveText(summary);
  await expect(page.locator('tbody.worklist-patient').first().getByRole('link')).toHaveText(firstName);

  const other = await openElsewhere(browser, listUrl);
  await expect(other.getByRole('heading', { name: 'Worklist' })).toBeVisible();
  await expect(other.getByLabel('Severity')).toHaveValue('warning');
  await expect(other.locator('.worklist-summary strong')).toHaveText(summary);
  await expect(other.locator('tbody.worklist-patient').first().getByRole('link')).toHaveText(firstName);
  await shot(other, '62-navigation-worklist-shared-link');
  await other.context().close();
});

test('a link with parameters the app cannot use opens the page with its defaults', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto('/?sort=shoeSize&page=-3&aqp4Status=maybe&direction=sideways');
  await expect(page.getByRole('heading', { name: 'Cohort', exact: true })).toBeVisible();
  await expect(page.getByText(/^Page 1 of \d+$/)).toBeVisible();
  await expect(page.getByLabel('AQP4-IgG')).toHaveValue('');
  await page.goto('/worklist?flagCode=NOPE&severity=7');
  await expect(page.getByRole('heading', { name: 'Worklist' })).toBeVisible();
  await expect(page.getByLabel('Flag')).toHaveValue('');
});
