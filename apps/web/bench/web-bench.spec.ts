import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { signIn } from '../e2e/session.ts';
import { playwrightEnvironment } from '../playwright.shared.ts';
import { INITIAL_JAVASCRIPT_BUDGET_KB, initialJavaScript } from './initial-javascript.ts';
import { twentyYearsOfRecords } from './twenty-years.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = playwrightEnvironment.BENCH_WEB_RUNS;

/** tRPC batch calls (one HTTP request per chunk of calls), as the web client makes them. */
async function call(request: APIRequestContext, path: string, inputs: object[]) {
  const outputs: { id: string }[] = [];
  for (let i = 0; i < inputs.length; i += 50) {
    const chunk = inputs.slice(i, i + 50);
    const answer = await request.post(`/trpc/${chunk.map(() => path).join(',')}?batch=1`, {
      headers: { 'x-nmo-csrf': '1', 'content-type': 'application/json' },
      data: Object.fromEntries(chunk.map((input, index) => [String(index), input])),
    });
    expect(answer.status(), await answer.text()).toBe(200);
    for (const item of (await answer.json()) as { result: { data: { id: string } } }[]) outputs.push(item.result.data);
  }
  return outputs;
}

async function createTwentyYearPatient(page: Page, today: string) {
  const r = twentyYearsOfRecords(today);
  const [patient] = await call(page.request, 'patients.create', [
    {
      data: {
        mrn: `BENCH-${Date.now()}`,
        givenName: 'Twenty',
        familyName: 'Years',
        birthDate: '1960-04-02',
        sex: 'female',
        aqp4Status: 'positive',
        firstAttackDate: r.relapses[0]?.onsetDate,
      },
    },
  ]);
  const patientId = (patient as { id: string }).id;
  const forPatient = (items: object[]) => items.map((data) => ({ patientId, data }));
  await call(page.request, 'edss.create', forPatient(r.edss));
  await call(page.request, 'antibodies.create', forPatient(r.antibodies));
  await call(page.request, 'mri.create', forPatient(r.mri));
  await call(page.request, 'visualExams.create', forPatient(r.visualExams));
  await call(page.request, 'labs.create', forPatient(r.labs));
  await call(page.request, 'vaccinations.create', forPatient(r.vaccinations));
  const relapses = await call(
    page.request,
    'relapses.create',
    forPatient(r.relapses.map(({ treatments: _treatments, ...relapse }) => relapse)),
  );
  await call(
    page.request,
    'acuteTreatments.create',
    r.relapses.flatMap((relapse, i) => relapse.treatments.map((data) => ({ relapseId: relapses[i]?.id, data }))),
  );
  const therapies = await call(page.request, 'therapies.create', forPatient(r.therapies));
  await call(
    page.request,
    'administrations.create',
    r.rituximabDoses.map((data) => ({ therapyId: therapies[2]?.id, data })),
  );
  const records =
    1 +
    r.edss.length +
    r.antibodies.length +
    r.mri.length +
    r.visualExams.length +
    r.labs.length +
    r.vaccinations.length +
    r.relapses.length +
    r.relapses.reduce((n, relapse) => n + relapse.treatments.length, 0) +
    r.therapies.length +
    r.rituximabDoses.length;
  return { patientId, records, edssPoints: r.edss.length };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

test('initial JavaScript and a 20-year patient page in headless Chromium', async ({ page }) => {
  const bundle = initialJavaScript();
  await signIn(page, 'clinician@example.org');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
  const subject = await createTwentyYearPatient(page, today);

  // A full load of the page (HTML, JavaScript, sign-in check, the patient's data, every chart drawn).
  const timings: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto(`/patients/${subject.patientId}`);
    await page.waitForFunction(
      (points) =>
        document.querySelectorAll('[data-chart="edss"] .recharts-line-dot').length === points &&
        document.querySelectorAll('[data-chart="igg"] .recharts-line-dot').length > 0 &&
        document.querySelectorAll('.record-list > li').length > 0,
      subject.edssPoints,
      { polling: 'raf', timeout: 30_000 },
    );
    timings.push(await page.evaluate(() => performance.now()));
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString(),
    initialJavaScriptGzipKb: Math.round(bundle.gzipKb * 10) / 10,
    initialJavaScriptFiles: bundle.files,
    twentyYearPatient: {
      records: subject.records,
      runs: RUNS,
      renderMs: { median: Math.round(quantile(sorted, 0.5)), max: Math.round(sorted.at(-1) ?? 0) },
    },
    targets: { initialJavaScriptGzipKb: INITIAL_JAVASCRIPT_BUDGET_KB, renderMs: 1000 },
  };
  const out = path.join(here, '../../../bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'web.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    [
      '',
      '| Measure | Result | Target |',
      '|---|---|---|',
      `| Initial JavaScript (gzip) | ${result.initialJavaScriptGzipKb} KB | ≤ ${INITIAL_JAVASCRIPT_BUDGET_KB} KB |`,
      `| 20-year patient page (${subject.records} records), load to all charts drawn, median of ${RUNS} | ${result.twentyYearPatient.renderMs.median} ms | < 1000 ms |`,
      `| Same, slowest run | ${result.twentyYearPatient.renderMs.max} ms | |`,
      '',
      `Written to ${path.join(out, 'web.json')}`,
    ].join('\n'),
  );
});
