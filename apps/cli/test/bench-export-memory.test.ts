import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { measureExport } from '../src/bench/exchange.ts';
import { ownPeakRssMB } from '../src/bench/peak-memory.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
});
afterAll(async () => {
  await database?.drop();
});

describe("the bench's export memory", () => {
  it("is the export process's own peak, not the resident memory of the process that started it", async () => {
    // 600 MB resident in this (the parent) process while the child runs: Linux's getrusage maxRSS
    // would report at least that for the child.
    const ballast = Buffer.alloc(600 * 2 ** 20, 1);
    expect(process.memoryUsage().rss / 2 ** 20).toBeGreaterThan(600);
    const measure = await measureExport(database.url);
    expect(measure.peakRssMB).toBeGreaterThan(measure.baselineRssMB - 1);
    expect(measure.peakRssMB).toBeLessThan(400);
    expect(ballast.length).toBeGreaterThan(0);
  }, 120_000);

  it('reads the high-water mark from /proc, and falls back to maxRSS where there is none', () => {
    expect(ownPeakRssMB(() => 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n')).toBe(200);
    const fallback = ownPeakRssMB(() => {
      throw new Error('ENOENT');
    });
    expect(fallback).toBe(Math.round(process.resourceUsage().maxRSS / 1024));
  });
});
