import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verifyPassword } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { exportTimelineJsonText } from '@nmo/exchange';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { repositoryRoot, runCli } from './run-cli.ts';

const example = path.join(repositoryRoot, 'packages/exchange/test/fixtures/design-example.json');
let database: TestDatabase;
let work: string;
const env = () => database.env;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'nmo-cli-test-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));
beforeEach(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  return () => database.drop();
});

describe('nmo import', () => {
  it('rejects an invalid file with every error and its path, exits non-zero and writes nothing', async () => {
    const file = JSON.parse(await readFile(example, 'utf8'));
    file.patients[0].events[0].score = 3.7;
    file.patients[0].events[3].eye = 'left';
    file.patients.push({ ...file.patients[0], mrn: 'A002', birthDate: '1980-02-30' });
    const bad = path.join(work, 'bad.json');
    await writeFile(bad, JSON.stringify(file));

    const result = await runCli(['import', bad], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('5 errors; nothing was imported.');
    expect(result.stderr).toContain(
      'patients[0].events[0].score: must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)',
    );
    expect(result.stderr).toContain('patients[0].events[3].eye: must be one of OD, OS');
    expect(result.stderr).toContain('patients[1].birthDate: must be a real calendar date written YYYY-MM-DD');
    expect(await database.prisma.patient.count()).toBe(0);
    expect(await database.prisma.auditEvent.count()).toBe(0);
  });

  it('--dry-run validates and compares, and writes nothing', async () => {
    const result = await runCli(['import', example, '--dry-run'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Dry run, nothing written\. Patients: 1 would be created/);
    expect(await database.prisma.patient.count()).toBe(0);
  });

  it('imports a valid file; a second import changes nothing', async () => {
    expect((await runCli(['import', example], env())).stdout).toMatch(/Patients: 1 were created.*Records: 12 created/);
    expect((await runCli(['import', example], env())).stdout).toMatch(
      /1 unchanged.*0 created, 0 updated, 12 unchanged/,
    );
    expect(await database.prisma.patient.count()).toBe(1);
  });

  it('imports a CSV in the long layout: the export of one database loads into another, identically', async () => {
    await runCli(['import', example], env());
    const csv = path.join(work, 'export.csv');
    expect((await runCli(['export', '--format', 'csv', '--out', csv], env())).code).toBe(0);
    const source = await exportTimelineJsonText(database.prisma);
    const target = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    try {
      const dry = await runCli(['import', csv, '--dry-run'], target.env);
      expect(dry.stdout).toMatch(/Dry run, nothing written\. Patients: 1 would be created.*Records: 12 created/);
      expect(await target.prisma.patient.count()).toBe(0);
      const result = await runCli(['import', csv], target.env);
      expect(result.stdout).toMatch(/Patients: 1 were created.*Records: 12 created/);
      expect(await exportTimelineJsonText(target.prisma)).toBe(source);
    } finally {
      await target.drop();
    }
  });

  it('rejects a bad CSV with every error by line and column, and writes nothing', async () => {
    const csv = path.join(work, 'bad.csv');
    const header = 'mrn,given_name,family_name,birth_date,sex,record,date,edss_score';
    await writeFile(
      csv,
      `\uFEFF${header}\r\nB1,Ana,Lee,1990-01-01,female,edss,2020-01-01,3.5\r\nB1,Ana,Lee,1990-01-01,female,edss,2021-02-30,four\r\n`,
    );
    const result = await runCli(['import', csv], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 errors; nothing was imported.');
    expect(result.stderr).toContain('line 3, date: must be a real calendar date written YYYY-MM-DD');
    expect(result.stderr).toContain('line 3, edss_score: must be a number');
    expect(await database.prisma.patient.count()).toBe(0);
  });

  it('places a database conflict of a CSV row on its line', async () => {
    await runCli(['import', example], env());
    await database.prisma.patient.updateMany({
      where: { mrn: 'A001' },
      data: { deletedAt: new Date(), deletedById: SYSTEM_USER_ID },
    });
    const csv = path.join(work, 'deleted.csv');
    await writeFile(
      csv,
      'mrn,given_name,family_name,birth_date,sex,record,date\nA001,Maria,Example,1980-04-02,female,patient,\n',
    );
    const result = await runCli(['import', csv], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2, mrn: belongs to a deleted patient (A001)');
  });

  it('reads standard input with "-" and reports a missing file plainly', async () => {
    const text = await readFile(example, 'utf8');
    expect((await runCli(['import', '-'], env(), text)).code).toBe(0);
    const missing = await runCli(['import', path.join(work, 'nope.json')], env());
    expect([missing.code, missing.stderr.trim()]).toEqual([
      1,
      `nmo: cannot read ${path.join(work, 'nope.json')}: ENOENT`,
    ]);
  });
});

describe('nmo export', () => {
  it('writes a seeded cohort to stdout, identical to the library export and byte-identical under any TZ', async () => {
    const seeded = await runCli(['seed', '--patients', '40', '--seed', '5', '--as-of', '2026-06-30'], env());
    expect([seeded.code, seeded.stdout]).toEqual([0, expect.stringMatching(/^Seeded: 40 patients created/)]);
    const expected = await exportTimelineJsonText(database.prisma);
    const outputs = await Promise.all(
      ['UTC', 'America/Los_Angeles', 'Asia/Tokyo'].map((TZ) =>
        runCli(['export', '--format', 'json'], { ...env(), TZ }).then((r) => r.stdout),
      ),
    );
    expect(JSON.parse(expected).patients).toHaveLength(40);
    expect(outputs).toEqual([expected, expected, expected]);
  });

  it('--out writes a file and keeps stdout empty', async () => {
    await runCli(['import', example], env());
    const out = path.join(work, 'export.json');
    const result = await runCli(['export', '--format', 'json', '--out', out], env());
    expect([result.code, result.stdout]).toEqual([0, '']);
    expect(await readFile(out, 'utf8')).toBe(await exportTimelineJsonText(database.prisma));
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.json' } });
    expect(audit.details).toMatchObject({ patients: 1, destination: out });
  });

  it('writes a de-identified CSV with a manifest and an audit row, and needs the key to do so', async () => {
    await runCli(['import', example], env());
    const out = path.join(work, 'cohort.csv');
    const missingKey = await runCli(['export', '--format', 'csv', '--deidentify', '--out', out], env());
    expect([missingKey.code, missingKey.stderr]).toEqual([1, expect.stringMatching(/NMO_DEIDENTIFY_KEY/)]);
    const key = { NMO_DEIDENTIFY_KEY: 'x'.repeat(32) };
    const result = await runCli(['export', '--format', 'csv', '--deidentify', '--out', out], { ...env(), ...key });
    expect([result.code, result.stdout]).toEqual([0, '']);
    const text = await readFile(out, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^subject_id,sex,birth_year,/);
    for (const identifier of ['A001', '1980-04-02']) expect(text).not.toContain(identifier);
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, 'utf8'));
    expect(manifest).toMatchObject({ format: 'csv', deidentified: true, dates: 'shift', patients: 1, rows: 12 });
    expect(manifest.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.csv' } });
    expect(audit.details).toMatchObject({ deidentified: true, sha256: manifest.sha256 });
  });

  it('exports the wide EDSS table of the patients the filters select, and names a bad filter', async () => {
    await runCli(['import', example], env());
    const wide = await runCli(['export', '--format', 'csv', '--layout', 'wide', '--search', 'maria'], env());
    expect(wide.stdout.split('\n').slice(0, 2)).toEqual([
      'mrn,given_name,family_name,birth_date,sex,diagnosis,diagnosis_date,first_attack_date,aqp4_status,mog_status,comorbidities,edss_visits,edss_1_date,edss_1_score',
      'A001,Maria,Example,1980-04-02,female,,2015-03-01,,positive,negative,antiphospholipid_antibodies,1,2016-01-10,3.5',
    ]);
    const none = await runCli(['export', '--format', 'csv', '--search', 'nobody'], env());
    expect(none.stdout.trim().split('\n')).toHaveLength(1);
    // A001 is AQP4-IgG positive with no recorded diagnosis: AQP4-IgG-positive NMOSD from serostatus.
    const aqp4 = await runCli(['export', '--format', 'csv', '--diagnosis', 'nmosd_aqp4_positive'], env());
    expect(aqp4.stdout.trim().split('\n').length).toBeGreaterThan(1);
    const mogad = await runCli(['export', '--format', 'csv', '--diagnosis', 'mogad'], env());
    expect(mogad.stdout.trim().split('\n')).toHaveLength(1);
    const bad = await runCli(['export', '--format', 'csv', '--edss-min', '11'], env());
    expect([bad.code, bad.stderr.trim()]).toEqual([
      1,
      'nmo: filters.edssMin: must be 10 or less (EDSS runs from 0 to 10)',
    ]);
  });

  it('refuses formats it cannot write yet, without pretending', async () => {
    const result = await runCli(['export', '--format', 'xml'], env());
    expect([result.code, result.stderr.trim()]).toEqual([1, 'nmo: --format must be json, csv, fhir, msprog or omop']);
  });
});

describe('usage errors', () => {
  it('an unknown command exits 2 with help on stderr', async () => {
    const result = await runCli(['frobnicate'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});

describe('nmo create-admin', () => {
  it('creates an administrator who can sign in, once; refuses a short password', async () => {
    const database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    try {
      const env = database.env;
      const created = await runCli(['create-admin', '--email', 'Chief@Clinic.test', '--name', 'Chief'], env);
      expect(created.code).toBe(0);
      const password = /Password \(shown once; change it after signing in\): (\S+)/.exec(created.stdout)?.[1] ?? '';
      const user = await database.prisma.user.findUniqueOrThrow({ where: { email: 'chief@clinic.test' } });
      expect(user.role).toBe('admin');
      expect(await verifyPassword(user.passwordHash ?? '', password)).toBe(true);
      expect((await runCli(['create-admin', '--email', 'chief@clinic.test'], env)).stderr).toContain('exists already');
      const short = await runCli(['create-admin', '--email', 'b@clinic.test', '--password-stdin'], env, 'short\n');
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('at least 12 characters');
      const typed = await runCli(
        ['create-admin', '--email', 'c@clinic.test', '--password-stdin'],
        env,
        'a very long passphrase\n',
      );
      expect(typed.code).toBe(0);
      const c = await database.prisma.user.findUniqueOrThrow({ where: { email: 'c@clinic.test' } });
      expect(await verifyPassword(c.passwordHash ?? '', 'a very long passphrase')).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
