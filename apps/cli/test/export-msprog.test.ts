import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { repositoryRoot, runCli } from './run-cli.ts';

const example = path.join(repositoryRoot, 'packages/exchange/test/fixtures/design-example.json');
const KEY = { NMO_DEIDENTIFY_KEY: 'x'.repeat(32) };
let database: TestDatabase;
let work: string;
const env = () => database.env;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'nmo-cli-msprog-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));
beforeEach(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  return () => database.drop();
});

describe('nmo export --format msprog', () => {
  it('writes visits.csv and relapses.csv into --out DIR, with a manifest of each file and an audit row', async () => {
    await runCli(['import', example], env());
    const out = path.join(work, 'msprog');
    const result = await runCli(['export', '--format', 'msprog', '--out', out], env());
    expect([result.code, result.stdout]).toEqual([0, '']);
    expect(result.stderr).toContain(`Exported 1 patients to ${out}/ (visits.csv, relapses.csv`);
    expect((await readdir(out)).sort()).toEqual(['relapses.csv', 'visits.csv']);
    // The example patient A001: one EDSS assessment (2016-01-10, 3.5) and one attack (2017-05-01).
    const visits = await readFile(path.join(out, 'visits.csv'), 'utf8');
    const relapses = await readFile(path.join(out, 'relapses.csv'), 'utf8');
    expect(visits).toBe('id,date,EDSS\nA001,2016-01-10,3.5\n');
    expect(relapses).toBe('id,date\nA001,2017-05-01\n');
    expect(await readdir(work)).not.toContain('msprog.partial');
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, 'utf8'));
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(manifest).toMatchObject({
      format: 'msprog',
      deidentified: false,
      patients: 1,
      rows: 2,
      files: [
        { name: 'visits.csv', sha256: sha(visits) },
        { name: 'relapses.csv', sha256: sha(relapses) },
      ],
    });
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.msprog' } });
    expect(audit.details).toMatchObject({ format: 'msprog', sha256: manifest.sha256, destination: out });
  });

  it('de-identifies with the key: subject IDs and days since the first attack, no MRN or real date', async () => {
    await runCli(['import', example], env());
    const out = path.join(work, 'research');
    const args = ['export', '--format', 'msprog', '--deidentify', '--dates', 'relative', '--out', out];
    const missingKey = await runCli(args, env());
    expect([missingKey.code, missingKey.stderr]).toEqual([1, expect.stringMatching(/NMO_DEIDENTIFY_KEY/)]);
    expect((await runCli(args, { ...env(), ...KEY })).code).toBe(0);
    const visits = await readFile(path.join(out, 'visits.csv'), 'utf8');
    const relapses = await readFile(path.join(out, 'relapses.csv'), 'utf8');
    // A001 has no first-attack date: day 0 is its attack of 2017-05-01. 2016 is a leap year, so from
    // 2016-01-10 to 2017-01-01 is 366 − 9 = 357 days, and to 2017-05-01 another 31 + 28 + 31 + 30
    // (January–April 2017) = 120: the visit is day −477.
    expect(visits).toMatch(/^id,date,EDSS\nS[0-9a-f]{16},-477,3\.5\n$/);
    expect(relapses).toMatch(/^id,date\nS[0-9a-f]{16},0\n$/);
    for (const identifier of ['A001', 'Maria', '1980-04-02', '2016-01-10', '2017-05-01'])
      expect(visits + relapses).not.toContain(identifier);
  });

  it('needs --out naming a directory, and refuses a layout', async () => {
    const noOut = await runCli(['export', '--format', 'msprog'], env());
    expect([noOut.code, noOut.stderr.trim()]).toEqual([
      1,
      'nmo: --format msprog needs --out DIR (it writes two files: visits.csv and relapses.csv)',
    ]);
    const layout = await runCli(['export', '--format', 'msprog', '--layout', 'wide', '--out', work], env());
    expect([layout.code, layout.stderr.trim()]).toEqual([1, 'nmo: --layout is for --format csv']);
    const file = path.join(work, 'taken.txt');
    await writeFile(file, 'mine\n');
    const onFile = await runCli(['export', '--format', 'msprog', '--out', file], env());
    expect([onFile.code, onFile.stderr.trim()]).toEqual([
      1,
      `nmo: --out ${file} is a file; --format msprog writes a folder`,
    ]);
    expect(await readFile(file, 'utf8')).toBe('mine\n');
    expect(await database.prisma.auditEvent.count({ where: { action: { startsWith: 'export.msprog' } } })).toBe(0);
  });
});
