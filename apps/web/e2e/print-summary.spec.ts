import { expect, type Page, test } from '@playwright/test';
import { mutate, removePatient } from './api.ts';
import { isoDaysFromToday, shownDate, signIn } from './session.ts';

/**
 * pdf.js (Mozilla's PDF reader) calls Promise.withResolvers, which Node has from version 22; the
 * product supports Node 20.19, so the runner gets the standard's few lines before pdf.js loads.
 */
function withResolversOnNode20() {
  const promise = Promise as unknown as { withResolvers?: () => unknown };
  promise.withResolvers ??= () => {
    let resolve: unknown;
    let reject: unknown;
    const settled = new Promise((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    return { promise: settled, resolve, reject };
  };
}

/** A PDF's pages: their size in points and their text, as a reader (or a search) finds it. */
async function readPdf(bytes: Buffer) {
  withResolversOnNode20();
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: { width: number; height: number; text: string }[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const text = content.items
      .map((item) => ('str' in item ? `${item.str}${item.hasEOL ? ' ' : ''}` : ''))
      .join('')
      .replace(/\s+/g, ' ');
    pages.push({ width, height, text });
  }
  return pages;
}

/** Five years of rituximab, an attack last week treated with IVMP, a booked dose, B cells and IgG. */
async function createPrintedPatient(page: Page) {
  const patient = await mutate<{ id: string }>(page, 'patients.create', {
    data: {
      mrn: 'E2E-PRINT-1',
      givenName: 'Paula',
      familyName: 'Print',
      birthDate: '1979-03-08',
      sex: 'female',
      aqp4Status: 'positive',
      diagnosis: 'nmosd_aqp4_positive',
      firstAttackDate: isoDaysFromToday(-5 * 365 - 40),
    },
  });
  const patientId = patient.id;
  const therapy = await mutate<{ id: string }>(page, 'therapies.create', {
    patientId,
    data: { agent: 'rituximab', startDate: isoDaysFromToday(-5 * 365) },
  });
  for (const [days, planned] of [
    [-5 * 365, false],
    [-170, false],
    [+12, true],
  ] as const)
    await mutate(page, 'administrations.create', {
      therapyId: therapy.id,
      data: { date: isoDaysFromToday(days), doseMg: 1000, ...(planned ? { planned: true } : {}) },
    });
  await mutate(page, 'edss.create', { patientId, data: { date: isoDaysFromToday(-400), score: 3 } });
  await mutate(page, 'labs.create', {
    patientId,
    data: { date: isoDaysFromToday(-30), test: 'cd19_percent', value: 0.4, unit: '%' },
  });
  await mutate(page, 'labs.create', {
    patientId,
    data: { date: isoDaysFromToday(-30), test: 'igg', value: 612, unit: 'mg/dL' },
  });
  const relapse = await mutate<{ id: string }>(page, 'relapses.create', {
    patientId,
    data: { onsetDate: isoDaysFromToday(-7), phenotype: 'transverse_myelitis', severity: 'severe' },
  });
  await mutate(page, 'acuteTreatments.create', {
    relapseId: relapse.id,
    data: { type: 'ivmp', startDate: isoDaysFromToday(-6), days: 5, dailyDoseMg: 1000 },
  });
  return patientId;
}

test('the printed visit summary fits A4 and Letter and reaches the latest event', async ({ page }) => {
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const patientId = await createPrintedPatient(page);
  await page.goto(`/patients/${patientId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Print, Paula' })).toBeVisible();
  await page.getByText('Last 2 years', { exact: true }).click();

  // On screen the summary is hidden and its chart not drawn; print media draws it at paper width.
  await expect(page.locator('.print-summary [data-chart="edss"]')).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  const printedChart = page.locator('.print-summary [data-chart="edss"] svg.recharts-surface');
  await expect(printedChart).toHaveCount(1);

  // 190 mm is the narrower printable width (A4 with 10 mm margins): 718 CSS pixels.
  await page.setViewportSize({ width: 718, height: 1000 });
  const chartBox = await printedChart.boundingBox();
  expect(chartBox && chartBox.x + chartBox.width).toBeLessThanOrEqual(718);
  const attack = await page.locator('.print-summary .attack-marker').last().boundingBox();
  expect(attack).not.toBeNull();
  expect((attack?.x ?? 0) + (attack?.width ?? 0)).toBeLessThanOrEqual((chartBox?.x ?? 0) + (chartBox?.width ?? 0));
  await page.screenshot({ path: 'test-results/screens/50-printed-summary.png', fullPage: true });

  const lastEvent = shownDate(isoDaysFromToday(-6));
  for (const [format, widthPoints] of [
    ['A4', 595.3],
    ['Letter', 612],
  ] as const) {
    const pages = await readPdf(await page.pdf({ format, printBackground: true }));
    expect(Math.abs((pages[0]?.width ?? 0) - widthPoints), format).toBeLessThanOrEqual(1);
    const text = pages.map((p) => p.text).join(' ');
    expect(text, format).toContain(`Most recent entry: IVMP, ${lastEvent}`);
    expect(text, format).toContain(shownDate(isoDaysFromToday(-7)));
    expect(text, format).toContain('Open flags');
    expect(text, format).toContain(`next planned ${shownDate(isoDaysFromToday(12))}`);
    expect(text, format).toContain('CD19+ B cells');
    expect(text, format).toContain('612');
    // The course chart's own text (its time axis) is on the first page, not cut off.
    expect(pages[0]?.text, format).toContain('EDSS, attacks and maintenance therapy');
  }
  await page.emulateMedia({ media: 'screen' });
  await removePatient(page, patientId);
});
