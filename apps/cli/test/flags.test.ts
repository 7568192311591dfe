import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { FLAG_CODES } from '@nmo/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from './run-cli.ts';

let database: TestDatabase;
let work: string;
const env = () => database.env;
const AS_OF = '2026-10-31';

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  work = await mkdtemp(path.join(os.tmpdir(), 'nmo-flags-test-'));
  // The demo cohort: 300 patients, seed 1 (what `pnpm start` seeds).
  const seeded = await runCli(['seed', '--patients', '300', '--seed', '1', '--as-of', AS_OF], env());
  expect(seeded.code).toBe(0);
});
afterAll(async () => {
  await database.drop();
  await rm(work, { recursive: true, force: true });
});

describe('nmo flags', () => {
  it('--json prints the contract shape on stdout only, and the demo cohort shows every flag code', async () => {
    const result = await runCli(['flags', '--as-of', AS_OF, '--json'], env());
    expect(result.code).toBe(0);
    const flags = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(flags.length).toBeGreaterThan(300);
    // Contract 5: resolvedOn and resolution only on resolved flags.
    for (const flag of flags) {
      const resolved = flag.status === 'resolved';
      expect(Object.keys(flag)).toEqual([
        'mrn',
        'code',
        'severity',
        'date',
        'status',
        ...(resolved ? ['resolvedOn', 'resolution'] : []),
        'message',
        'source',
        'details',
      ]);
    }
    expect(new Set(flags.map((f) => f.status))).toEqual(new Set(['open', 'resolved', 'expired']));
    expect([...new Set(flags.map((f) => f.code))].sort()).toEqual([...FLAG_CODES].sort());
  });

  it('--open prints only the open flags', async () => {
    const all = JSON.parse((await runCli(['flags', '--as-of', AS_OF, '--json'], env())).stdout) as { status: string }[];
    const open = JSON.parse((await runCli(['flags', '--as-of', AS_OF, '--open', '--json'], env())).stdout) as {
      status: string;
    }[];
    expect(open.length).toBe(all.filter((f) => f.status === 'open').length);
    expect(open.every((f) => f.status === 'open')).toBe(true);
    expect(open.length).toBeLessThan(all.length / 4);
  });

  it('the stored flags of the seeded cohort are the flags computed for today', async () => {
    expect(await database.prisma.patientFlagState.count()).toBe(300);
    expect(await database.prisma.patientFlag.count()).toBeGreaterThan(300);
  });

  it('--mrn limits to one patient; an unknown MRN is an error', async () => {
    const one = await runCli(['flags', '--mrn', 'SYN000001', '--as-of', AS_OF, '--json'], env());
    expect(new Set((JSON.parse(one.stdout) as { mrn: string }[]).map((f) => f.mrn))).toEqual(new Set(['SYN000001']));
    const missing = await runCli(['flags', '--mrn', 'NOPE', '--json'], env());
    expect([missing.code, missing.stdout, missing.stderr.trim()]).toEqual([1, '', 'nmo: no patient with MRN NOPE']);
  });

  it('--settings overrides change the result; a bad settings file names the field', async () => {
    const strict = path.join(work, 'strict.json');
    await writeFile(strict, JSON.stringify({ monitoring: { edssIntervalDays: 30 } }));
    const count = async (args: string[]) =>
      (
        JSON.parse((await runCli(['flags', '--as-of', AS_OF, '--json', ...args], env())).stdout) as { code: string }[]
      ).filter((f) => f.code === 'EDSS_OVERDUE').length;
    expect(await count(['--settings', strict])).toBeGreaterThan(await count([]));

    const bad = path.join(work, 'bad.json');
    await writeFile(bad, JSON.stringify({ monitoring: { edssIntervalDays: -5 }, colour: 'red' }));
    const result = await runCli(['flags', '--settings', bad, '--json'], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('monitoring.edssIntervalDays');
    expect(result.stderr).toContain('colour: is not a known field');
  });

  it('--as-of must be a date', async () => {
    const result = await runCli(['flags', '--as-of', '2026-02-30'], env());
    expect([result.code, result.stderr.trim()]).toEqual([1, 'nmo: --as-of must be a date written YYYY-MM-DD']);
  });
});

describe('nmo settings', () => {
  it('import stores validated overrides, recomputes flags, and show prints the settings in force', async () => {
    const file = path.join(work, 'clinic.json');
    await writeFile(file, JSON.stringify({ lowIggMgDl: 600 }));
    const saved = await runCli(['settings', 'import', file], env());
    expect([saved.code, saved.stdout]).toEqual([
      0,
      expect.stringMatching(/^Rule settings saved; \d+ flags recomputed for 300 patients/),
    ]);
    const shown = JSON.parse((await runCli(['settings', 'show'], env())).stdout);
    expect(shown.lowIggMgDl).toBe(600);
    expect(shown.acute.delayedAfterDays).toBe(14);

    const bad = path.join(work, 'bad-clinic.json');
    await writeFile(bad, JSON.stringify({ lowIggMgDl: 'low' }));
    const refused = await runCli(['settings', 'import', bad], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was saved');
    expect(JSON.parse((await runCli(['settings', 'show'], env())).stdout).lowIggMgDl).toBe(600);
  });
});
