import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { repositoryRoot, runCli } from './run-cli.ts';

/** `nmo export --format omop --out DIR` on the design example (one patient), every count worked out by hand. */
const example = path.join(repositoryRoot, 'packages/exchange/test/fixtures/design-example.json');
let database: TestDatabase;
let work: string;

// A database and a folder of its own for each test, both removed after it.
beforeEach(async () => {
  [database, work] = await Promise.all([
    createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate')),
    mkdtemp(path.join(os.tmpdir(), 'nmo-cli-omop-')),
  ]);
  return async () => {
    await Promise.all([database.drop(), rm(work, { recursive: true, force: true })]);
  };
});

const rowsOf = async (folder: string, table: string) =>
  parse(await readFile(path.join(folder, `${table}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];

describe('nmo export --format omop', () => {
  it('writes the eleven tables into a folder, with a manifest beside it', async () => {
    await runCli(['import', example], database.env);
    const out = path.join(work, 'omop');
    const result = await runCli(['export', '--format', 'omop', '--out', out], database.env);
    expect([result.code, result.stdout]).toEqual([0, '']);
    expect(result.stderr).toContain('1 of 1 patients exported');
    expect((await readdir(out)).sort()).toEqual(
      [
        'cdm_source',
        'condition_occurrence',
        'drug_exposure',
        'episode',
        'episode_event',
        'measurement',
        'observation',
        'observation_period',
        'person',
        'procedure_occurrence',
        'visit_occurrence',
      ].map((t) => `${t}.csv`),
    );
    // A001: one visit (2016-01-10: EDSS, vision and a lab that day); one attack (condition, episode and the
    // link between them); drugs: the IVMP course, the rituximab regimen and its 2 infusions, the MenACWY
    // vaccine = 5; procedures: plasma exchange and the MRI = 2; measurements: EDSS 1, AQP4 1, MRI 3 (new T2
    // lesions, segments, gadolinium), vision 2 (logMAR, RNFL), CD19 1 = 8; no observation; one cdm_source.
    const counts: Record<string, number> = {};
    for (const file of await readdir(out))
      counts[file.replace('.csv', '')] = (await rowsOf(out, file.replace('.csv', ''))).length;
    expect(counts).toEqual({
      person: 1,
      observation_period: 1,
      visit_occurrence: 1,
      condition_occurrence: 1,
      drug_exposure: 5,
      procedure_occurrence: 2,
      measurement: 8,
      observation: 0,
      episode: 1,
      episode_event: 1,
      cdm_source: 1,
    });
    expect(await rowsOf(out, 'person')).toMatchObject([
      { person_id: '1', gender_concept_id: '8532', year_of_birth: '1980', month_of_birth: '4', day_of_birth: '2' },
    ]);
    expect((await rowsOf(out, 'person'))[0]?.person_source_value).toBe('A001');
    // From the first record (the AQP4 test, 2015-02-20) to the last (the vaccine, 2019-01-02).
    expect(await rowsOf(out, 'observation_period')).toMatchObject([
      { observation_period_start_date: '2015-02-20', observation_period_end_date: '2019-01-02' },
    ]);
    const drugs = await rowsOf(out, 'drug_exposure');
    // IVMP 1000 mg for 5 days from 2017-05-03: the 3rd to the 7th.
    expect(drugs.find((d) => d.drug_source_value === 'acute ivmp')).toMatchObject({
      drug_exposure_start_date: '2017-05-03',
      drug_exposure_end_date: '2017-05-07',
      days_supply: '5',
      sig: '1000 mg daily',
    });
    // Ongoing: to the last recorded date, no recorded stop.
    expect(drugs.find((d) => d.drug_source_value === 'rituximab')).toMatchObject({
      drug_exposure_start_date: '2015-04-01',
      drug_exposure_end_date: '2019-01-02',
      verbatim_end_date: '',
    });
    expect(drugs.filter((d) => d.drug_source_value === 'rituximab dose').map((d) => d.quantity)).toEqual([
      '1000',
      '1000',
    ]);
    const measurements = await rowsOf(out, 'measurement');
    expect(measurements.filter((m) => m.visit_occurrence_id === '1')).toHaveLength(4);
    expect(measurements.find((m) => m.measurement_source_value === 'EDSS (SNOMED 273554001)')?.value_as_number).toBe(
      '3.5',
    );
    expect(await rowsOf(out, 'episode_event')).toEqual([
      { episode_id: '1', event_id: '1', episode_event_field_concept_id: '1147127' },
    ]);
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, 'utf8'));
    expect(manifest).toMatchObject({ format: 'omop', deidentified: false, patients: 1, rows: 21, destination: out });
  });

  it('refuses a folder that is not empty, and a de-identified export without the key', async () => {
    await runCli(['import', example], database.env);
    const full = path.join(work, 'full');
    await mkdir(full, { recursive: true });
    await writeFile(path.join(full, 'keep.txt'), 'mine');
    const refused = await runCli(['export', '--format', 'omop', '--out', full], database.env);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('is a folder that is not empty')]);
    expect(await readFile(path.join(full, 'keep.txt'), 'utf8')).toBe('mine');
    const keyless = await runCli(
      ['export', '--format', 'omop', '--deidentify', '--out', path.join(work, 'x')],
      database.env,
    );
    expect([keyless.code, keyless.stderr]).toEqual([1, expect.stringMatching(/NMO_DEIDENTIFY_KEY/)]);
    const bad = await runCli(['export', '--format', 'omop', '--deidentify', '--dates', 'relative'], {
      ...database.env,
      NMO_DEIDENTIFY_KEY: 'x'.repeat(32),
    });
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('OMOP dates are calendar dates')]);
  });
});
