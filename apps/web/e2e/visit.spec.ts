import { expect, test } from '@playwright/test';
import { isoDaysFromToday, shot, shownDate, signIn } from './session.ts';

test('a clinician records a visit (EDSS, both eyes, an attack with IVMP, the next dose) in one save and sees it on the page', async ({
  page,
}) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
  await page.locator('tbody.worklist-patient').first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Record visit' }).click();
  const form = page.getByRole('form', { name: 'Visit form' });
  const section = (title: string) => form.locator('details').filter({ has: page.getByText(title, { exact: true }) });
  const open = async (title: string) => {
    await form.getByText(title, { exact: true }).click();
    return section(title);
  };

  const edss = await open('EDSS');
  await edss.getByLabel('EDSS score').fill('10.5');
  await form.getByRole('button', { name: 'Save visit' }).click();
  await expect(edss.getByText(/must be an EDSS step/)).toBeVisible();
  await edss.getByLabel('EDSS score').fill('3.5');

  const right = await open('Right eye (OD)');
  await right.getByLabel('Acuity (logMAR)').fill('0.4');
  await right.getByLabel('OCT RNFL (µm)').fill('71');
  const left = await open('Left eye (OS)');
  await left.getByLabel('Acuity (logMAR)').fill('0.1');
  await left.getByLabel('Visual field MD (dB)').fill('-2.5');

  const attack = await open('New attack');
  await attack.getByLabel('Onset date').fill(isoDaysFromToday(-4));
  await attack.getByLabel('Phenotype').selectOption('optic_neuritis');
  await attack.getByLabel('Severity').selectOption('moderate');
  const ivmp = await open('Acute treatment');
  await ivmp.getByLabel('Treatment').selectOption('ivmp');
  await ivmp.getByLabel('Start date').fill(isoDaysFromToday(-3));
  await ivmp.getByLabel('Days').fill('5');
  await ivmp.getByLabel('Daily dose (mg)').fill('1000');

  // A new therapy started today, so the planned dose has a therapy to belong to whatever the patient took before.
  const start = await open('Start a therapy');
  await start.getByLabel('Agent').selectOption('rituximab');
  const next = await open('Next dose (planned)');
  await next.getByLabel('Date').fill(isoDaysFromToday(14));
  await next.getByLabel('Dose (mg)').fill('1000');
  await shot(page, '40-visit-form');

  await form.getByRole('button', { name: 'Save visit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Visit saved.' })).toBeVisible();
  await expect(form).toHaveCount(0);

  const today = isoDaysFromToday(0);
  await expect(page.locator('.facts')).toContainText(`3.5 on ${shownDate(today)}`);
  await page.getByRole('tab', { name: /^Visual/ }).click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.locator('li').filter({ hasText: shownDate(today) })).toHaveCount(2);
  await page.getByRole('tab', { name: /^Attacks/ }).click();
  await expect(panel).toContainText(shownDate(isoDaysFromToday(-4)));
  await expect(panel).toContainText(`from ${shownDate(isoDaysFromToday(-3))}`);
  await page.getByRole('tab', { name: /^Therapies/ }).click();
  await expect(panel).toContainText(`planned dose ${shownDate(isoDaysFromToday(14))}`);
  await shot(page, '41-visit-saved');
});
