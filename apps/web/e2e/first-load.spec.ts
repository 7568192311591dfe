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
