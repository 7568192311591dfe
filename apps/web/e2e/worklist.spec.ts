import { expect, test } from '@playwright/test';
import { mutate, query, removePatient } from './api.ts';
import { isoDaysFromToday, shot, shownDate, signIn } from './session.ts';

interface Counts {
  patients: number;
  flags: number;
  byCode: Record<string, number>;
  bySeverity: Record<string, number>;
}
test.use({ viewport: { width: 1440, height: 900 } });

/** Patients per page of the worklist (WorklistPage's PAGE_SIZE). */
const PAGE_SIZE = 20;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const headline = (counts: Pick<Counts, 'flags' | 'patients'>) =>
  `${plural(counts.flags, 'open flag')} on ${plural(counts.patients, 'patient')}`;

test('a clinician filters the worklist by a flag and acknowledges two flags with one reason', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
  await expect(page.getByRole('heading', { name: 'Worklist' })).toBeVisible();

  // The counts are the whole cohort's (as the API counts them), not the page's.
  const whole = (await query<{ counts: Counts }>(page, 'cohort.worklist', { limit: 1 })).counts;
  const summary = page.locator('.worklist-summary strong');
  await expect(summary).toHaveText(headline(whole));
  const pages = Math.ceil(whole.patients / PAGE_SIZE);
  expect(pages).toBeGreaterThan(1);
  await expect(page.getByText(`Page 1 of ${pages}`)).toBeVisible();
  expect(await page.locator('tbody.worklist-patient').count()).toBe(PAGE_SIZE);
  await shot(page, '40-worklist');

  // The commonest flag of the cohort: its option says how many open flags it has.
  const [code, count] = Object.entries(whole.byCode).sort((a, b) => b[1] - a[1])[0] as [string, number];
  expect(count).toBeGreaterThanOrEqual(3);
  const codeFilter = page.getByLabel('Flag');
  const option = codeFilter.locator(`option[value="${code}"]`);
  await expect(option).toHaveText(new RegExp(` \\(${count}\\)$`));
  const title = (await option.textContent())?.replace(/ \(\d+\)$/, '') as string;
  await codeFilter.selectOption(code);
  const filtered = (await query<{ counts: Counts }>(page, 'cohort.worklist', { limit: 1, flagCodes: [code] })).counts;
  expect(filtered.flags).toBe(count);
  await expect(summary).toHaveText(headline(filtered));
  const rows = page.locator('.worklist-row');
  await expect(rows.first()).toHaveAttribute('data-code', code);
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-code', code);
  await expect(rows.first().locator('.chip')).toContainText(title);

  // The first two flags of the list (of one patient or two), one reason.
  const chosen = [rows.nth(0), rows.nth(1)];
  const labels: string[] = [];
  const patientIds: string[] = [];
  for (const row of chosen) {
    const box = row.getByRole('checkbox');
    labels.push((await box.getAttribute('aria-label')) as string);
    const group = row.locator('xpath=ancestor::tbody[1]');
    patientIds.push(((await group.getByRole('link').getAttribute('href')) as string).split('/').at(-1) as string);
    await box.check();
  }
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Acknowledge or snooze selected' }).click();
  const form = page.getByRole('form', { name: 'Acknowledge the selected flags' });
  await form.getByLabel('Reason').fill('Reviewed at the MDT meeting');
  await shot(page, '41-worklist-two-selected');
  await form.getByRole('button', { name: 'Acknowledge 2 flags' }).click();

  const result = page.getByRole('status').filter({ hasText: /^Acknowledged 2 flags/ });
  await expect(result).toContainText('“Reviewed at the MDT meeting”');
  await expect(result).toBeFocused();
  await expect(summary).toHaveText(new RegExp(`^${plural(count - 2, 'open flag')} on \\d+ patients?$`));
  await expect(option).toHaveText(`${title} (${count - 2})`);
  for (const label of labels) await expect(page.getByRole('checkbox', { name: label })).toHaveCount(0);
  await expect(page.getByText('0 selected')).toBeVisible();
  await shot(page, '42-worklist-acknowledged');

  // The journeys share one demo cohort: withdraw the two acknowledgements again.
  for (const patientId of new Set(patientIds)) {
    const acks = await query<{ id: string; reason: string; supersededAt: string | null }[]>(
      page,
      'flags.acknowledgements',
      { patientId },
    );
    for (const ack of acks.filter((a) => a.reason === 'Reviewed at the MDT meeting' && !a.supersededAt))
      await mutate(page, 'flags.withdraw', { acknowledgementId: ack.id });
  }
  // The filter is in the URL: a reload keeps it, and the withdrawn acknowledgements count again.
  await page.reload();
  await expect(codeFilter).toHaveValue(code);
  await expect(page.locator('.worklist-summary strong')).toHaveText(headline(filtered));
});

test('a patient page lists open flags first, and resolved and expired ones under a collapsed History', async ({
  page,
}) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('heading', { name: 'Cohort', exact: true })).toBeVisible();
  // Recorded through the API, as a clinic's script would: an attack 25 days ago (inside its 30-day
  // acute phase), treated on day 20: the delay is open, the untreated attack resolved.
  const patient = await mutate<{ id: string; version: number }>(page, 'patients.create', {
    data: {
      mrn: 'E2E-HISTORY-1',
      givenName: 'Hana',
      familyName: 'History',
      birthDate: '1984-09-12',
      sex: 'female',
      aqp4Status: 'positive',
    },
  });
  const relapse = await mutate<{ id: string }>(page, 'relapses.create', {
    patientId: patient.id,
    data: { onsetDate: isoDaysFromToday(-25), phenotype: 'optic_neuritis', severity: 'moderate' },
  });
  await mutate(page, 'acuteTreatments.create', {
    relapseId: relapse.id,
    data: { type: 'ivmp', startDate: isoDaysFromToday(-5), days: 5, dailyDoseMg: 1000 },
  });

  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'History, Hana' })).toBeVisible();
  const panel = page.getByRole('region', { name: /Needs action/ });
  await expect(panel.locator('[data-code="ACUTE_TREATMENT_DELAYED"]')).toBeVisible();
  const flags = await query<{ code: string; status: string; resolvedOn?: string; resolution?: string }[]>(
    page,
    'flags.list',
    { patientId: patient.id },
  );
  const open = flags.filter((flag) => flag.status === 'open');
  await expect(panel.getByRole('heading', { name: /Needs action/ })).toHaveText(`Needs action ${open.length}`);

  const closed = flags.filter((flag) => flag.status !== 'open');
  const resolved = closed.filter((flag) => flag.status === 'resolved');
  // The untreated attack was resolved by the IVMP.
  expect(resolved.map((flag) => flag.code)).toContain('UNTREATED_RELAPSE');
  const history = panel.locator('details.flag-history');
  await expect(history).not.toHaveAttribute('open', '');
  await expect(history.locator('[data-status]')).toBeHidden();
  await history.getByText(/^History/).click();
  await expect(history.locator('[data-status]')).toHaveCount(closed.length);
  for (const flag of resolved)
    await expect(history.locator(`[data-history-code="${flag.code}"][data-status="resolved"]`)).toContainText(
      // The server's ISO dates read in the clinic's format on the page.
      `Resolved on ${shownDate(flag.resolvedOn as string)}: ${flag.resolution?.replace(/\d{4}-\d{2}-\d{2}/g, shownDate)}`,
    );
  await shot(page, '44-patient-history');
  await shot(page, '43-patient-flags');

  await removePatient(page, patient.id);
});
