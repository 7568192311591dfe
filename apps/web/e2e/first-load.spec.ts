import { expect, test } from '@playwright/test';
import { gzipBytes, INITIAL_JAVASCRIPT_BUDGET_KB } from '../bench/initial-javascript.ts';

test(`a first visit loads at most ${INITIAL_JAVASCRIPT_BUDGET_KB} KB of JavaScript (gzip), and no chart code`, async ({
  page,
}) => {
  const requested = new Set<string>();
  page.on('request', (request) => {
    if (request.resourceType() === 'script') requested.add(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const scripts = [...requested];
  const kb = scripts.reduce((sum, file) => sum + gzipBytes(file).gzip, 0) / 1024;
  expect(scripts.length).toBeGreaterThan(0);
  expect(kb, `scripts loaded: ${scripts.join(', ')}`).toBeLessThanOrEqual(INITIAL_JAVASCRIPT_BUDGET_KB);
  // The charts (recharts) and the record schemas (zod) come with the pages that use them.
  expect(scripts.filter((file) => /CartesianChart|PatientPage|RecordForm/.test(file))).toEqual([]);
});

test('built assets are cached for good (their names change with their contents), the page itself is checked on each load', async ({
  request,
}) => {
  const page = await request.get('/');
  expect(page.headers()['cache-control']).toBe('no-cache');
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
  expect(script).toBeDefined();
  const asset = await request.get(script as string);
  expect(asset.status()).toBe(200);
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  // A client-side route falls back to the same page, also checked on each load.
  expect((await request.get('/worklist')).headers()['cache-control']).toBe('no-cache');
});
