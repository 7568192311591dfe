import { expect, type Page, test } from '@playwright/test';
import { mutate, removePatient } from './api.ts';
import { isoDaysFromToday, signIn } from './session.ts';

/**
 * Nine years of care with two switches (a short mycophenolate course between azathioprine and
 * rituximab), an attack last week and the screening and monitoring gaps that raise many flags: the
 * page a clinic opens most anxiously, and the one most likely to push the course below the fold.
 */
async function createSwitchedPatient(page: Page, mrn: string) {
  const { id: patientId } = await mutate<{ id: string }>(page, 'patients.create', {
    data: {
      mrn,
      givenName: 'Lena',
      familyName: 'Layout',
      birthDate: '1975-06-21',
      sex: 'female',
      aqp4Status: 'positive',
      diagnosis: 'nmosd_aqp4_positive',
      firstAttackDate: isoDaysFromToday(-9 * 365),
    },
  });
  const courses = [
    { agent: 'azathioprine', startDate: isoDaysFromToday(-9 * 365 + 30), stopDate: isoDaysFromToday(-6 * 365) },
    { agent: 'mycophenolate', startDate: isoDaysFromToday(-6 * 365), stopDate: isoDaysFromToday(-6 * 365 + 80) },
    { agent: 'rituximab', startDate: isoDaysFromToday(-6 * 365 + 80) },
  ];
  for (const data of courses) {
    const therapy = await mutate<{ id: string }>(page, 'therapies.create', { patientId, data });
    if (data.agent === 'rituximab')
      for (const days of [-6 * 365 + 80, -200])
        await mutate(page, 'administrations.create', {
          therapyId: therapy.id,
          data: { date: isoDaysFromToday(days), doseMg: 1000 },
        });
  }
  for (const [days, score] of [
    [-9 * 365 + 20, 3],
    [-4 * 365, 2.5],
    [-500, 3],
  ] as const)
    await mutate(page, 'edss.create', { patientId, data: { date: isoDaysFromToday(days), score } });
  for (const days of [-9 * 365, -7]) {
    const relapse = await mutate<{ id: string }>(page, 'relapses.create', {
      patientId,
      data: { onsetDate: isoDaysFromToday(days), phenotype: 'transverse_myelitis', severity: 'severe' },
    });
    await mutate(page, 'acuteTreatments.create', {
      relapseId: relapse.id,
      data: { type: 'ivmp', startDate: isoDaysFromToday(days + 1), days: 5, dailyDoseMg: 1000 },
    });
  }
  return patientId;
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test(`at ${viewport.width}×${viewport.height} the course is above the fold, therapies distinct, nothing overlapping or clipped`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await signIn(page, 'clinician@example.org');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const patientId = await createSwitchedPatient(page, `E2E-LAYOUT-${viewport.width}`);
    await page.goto(`/patients/${patientId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Layout, Lena' })).toBeVisible();
    const edss = page.locator('[data-chart="edss"]');
    await expect(edss.locator('.attack-marker')).toHaveCount(2);

    // Many open flags, one line each: the whole EDSS chart (with its legend) is in the first screen.
    const flags = page.locator('.flag-strip > .flag-item');
    expect(await flags.count()).toBeGreaterThanOrEqual(5);
    for (const box of await Promise.all((await flags.all()).map((flag) => flag.boundingBox())))
      expect(box?.height ?? 0).toBeLessThan(40);
    const chartBox = (await edss.boundingBox()) as Box;
    expect(chartBox.y + chartBox.height).toBeLessThanOrEqual(viewport.height);

    // One band per course, each agent its own colour, labels apart from each other.
    const bands = edss.locator('.therapy-band');
    await expect(bands).toHaveCount(3);
    const fills = await bands.locator('path').evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    expect(new Set(fills).size).toBe(3);
    // recharts draws labels in a layer of their own, above the bands: found by their words.
    const labels = (await Promise.all(
      ['azathioprine', 'mycophenolate mofetil', 'rituximab'].map((agent) =>
        edss.locator('text', { hasText: new RegExp(`^${agent}$`) }).boundingBox(),
      ),
    )) as Box[];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        expect(overlaps(labels[i] as Box, labels[j] as Box), `band labels ${i} and ${j}`).toBe(false);

    // The newest attack, at the right edge, is drawn whole inside the chart.
    const svg = (await edss.locator('svg.recharts-surface').boundingBox()) as Box;
    const newest = (await edss.locator('.attack-marker').last().boundingBox()) as Box;
    expect(newest.x + newest.width).toBeLessThanOrEqual(svg.x + svg.width);
    expect(newest.y).toBeGreaterThanOrEqual(svg.y);

    // Hovering a marker shows the styled tooltip, dates in the clinic's format.
    await edss.locator('.attack-marker').last().hover();
    await expect(edss.getByRole('tooltip')).toContainText(/^Attack \d{1,2} [A-Z][a-z]{2,3} \d{4}: /);
    await page.screenshot({ path: `test-results/screens/51-course-${viewport.width}x${viewport.height}.png` });
    await page.mouse.move(0, 0);
    await expect(edss.getByRole('tooltip')).toHaveCount(0);
    await removePatient(page, patientId);
  });
}
