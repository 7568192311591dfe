import { readFile } from 'node:fs/promises';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { addDays } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  countRecords,
  csvLongColumns,
  csvWideColumns,
  type DeidentifyOptions,
  dateShiftOf,
  exportCsvLong,
  exportCsvWide,
  generateCohort,
  parseTimelineJson,
  subjectIdOf,
} from '../src/index.ts';
import { referenceCsvLong } from './databases.ts';

const KEY = 'a-clinic-secret-of-at-least-32-characters';
// Before today in every time zone: a record dated "today" in UTC is in the future in Los Angeles.
const TODAY = '2026-10-31';
let database: TestDatabase;
const cohort = generateCohort({ patients: 40, seed: 11, asOf: TODAY });

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
  const example = parseTimelineJson(await readFile(new URL('./fixtures/design-example.json', import.meta.url), 'utf8'));
  if (!example.ok) throw new Error('fixture');
  await importTimelineFile(database.prisma, example.file, { actorId: SYSTEM_USER_ID });
  const tricky = parseTimelineJson(JSON.stringify(TRICKY));
  if (!tricky.ok) throw new Error(JSON.stringify(tricky.errors));
  await importTimelineFile(database.prisma, tricky.file, { actorId: SYSTEM_USER_ID });
}, 120_000);

/** Text that needs quoting, a patient without records, and records that tie on date and type. */
const TRICKY = {
  format: 'nmo-timeline' as const,
  version: 1 as const,
  patients: [
    {
      mrn: 'Z-EMPTY',
      givenName: 'No',
      familyName: 'Records',
      birthDate: '1931-02-03',
      sex: 'male' as const,
      events: [],
    },
    {
      mrn: 'Z-QUOTE',
      givenName: 'Anne "Nan", Jr.',
      familyName: "O'Brien,\nSmith",
      birthDate: '1990-06-01',
      sex: 'female' as const,
      comorbidities: ['systemic_lupus_erythematosus', 'antiphospholipid_antibodies'],
      events: [
        {
          type: 'visual' as const,
          date: '2021-03-04',
          eye: 'OS' as const,
          logmar: 0.30000000000000004,
          funduscopyNote: 'pale disc, "temporal"\r\nsecond line',
        },
        { type: 'visual' as const, date: '2021-03-04', eye: 'OD' as const, logmar: 0.1 },
        {
          type: 'therapy' as const,
          agent: 'rituximab' as const,
          startDate: '2021-01-01',
          administrations: [
            { date: '2021-01-15', doseMg: 1000 },
            { date: '2021-01-01', doseMg: 1000 },
          ],
        },
        {
          type: 'therapy' as const,
          agent: 'azathioprine' as const,
          startDate: '2021-01-01',
          stopDate: '2021-02-01',
          stopReason: 'adverse_event' as const,
        },
        {
          type: 'relapse' as const,
          onsetDate: '2020-12-01',
          phenotype: 'transverse_myelitis' as const,
          severity: 'moderate' as const,
          acuteTreatments: [
            { type: 'plex' as const, startDate: '2020-12-03', sessions: 5 },
            { type: 'ivmp' as const, startDate: '2020-12-03', days: 5, dailyDoseMg: 1000 },
          ],
        },
        { type: 'lab' as const, date: '2021-05-05', test: 'igg' as const, value: 7.25, unit: 'g/L' },
        {
          type: 'mri' as const,
          date: '2020-12-02',
          region: 'spinal_cord' as const,
          gadolinium: false,
          extensiveSegments: 3,
        },
      ],
    },
  ],
};
afterAll(() => database.drop());

async function exportText(options: Parameters<typeof exportCsvLong>[1] = {}) {
  let text = '';
  for await (const chunk of exportCsvLong(database.prisma, { pageSize: 7, ...options })) text += chunk;
  return text;
}

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('CSV long export', () => {
  it('writes the documented header and one row per record, parts included', async () => {
    const text = await exportText();
    expect(text.split('\n')[0]).toBe(csvLongColumns(false).join(','));
    const rows = rowsOf(text);
    const records = countRecords(cohort);
    expect(rows).toHaveLength(records + 12 + 1 + 11);
    const example = rows.filter((row) => row.mrn === 'A001');
    expect(example.map((row) => row.record)).toContain('acute_treatment');
    const plex = example.find((row) => row.treatment === 'plex');
    expect(plex).toMatchObject({ relapse_onset_date: '2017-05-01', date: '2017-05-09', sessions: '5' });
    const mri = example.find((row) => row.record === 'mri');
    expect(mri).toMatchObject({ gadolinium: 'true', extensive_segments: '4', new_t2_lesions: '1' });
  });

  it('de-identified: no MRN, name or birth date of any patient, no note column, dates shifted', async () => {
    const text = await exportText({ deidentify: { key: KEY, dates: 'shift', today: TODAY } });
    expect(text.split('\n')[0]).toBe(csvLongColumns(true).join(','));
    expect(text).not.toContain('funduscopy_note');
    for (const patient of cohort.patients) {
      for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate]) {
        expect(text.includes(identifier), `${identifier} leaked`).toBe(false);
      }
    }
    const rows = rowsOf(text);
    expect(new Set(rows.map((row) => row.subject_id)).size).toBe(43);
    expect(rows.every((row) => /^S[0-9a-f]{16}$/.test(row.subject_id as string))).toBe(true);
    const example = rows.filter((row) => row.subject_id === subjectIdOf(KEY, 'A001'));
    const relapse = example.find((row) => row.record === 'relapse');
    expect(relapse?.date).toBe(addDays('2017-05-01', -dateShiftOf(KEY, 'A001')));
    expect(example.find((row) => row.treatment === 'plex')?.relapse_onset_date).toBe(relapse?.date);
    const subjects = [...new Set(rows.map((row) => row.subject_id as string))];
    expect(subjects, 'rows in subject ID order, not MRN order').toEqual([...subjects].sort());
    // A lab unit is a UCUM code from the test's list, not free text: de-identified rows keep it.
    expect(example.find((row) => row.record === 'lab')).toMatchObject({ test: 'cd19_percent', unit: '%' });
    expect(rows.find((row) => row.test === 'igg' && row.value === '7.25')?.unit).toBe('g/L');
  });

  it('exports only the selected patients', async () => {
    const chosen = await database.prisma.patient.findMany({
      where: { mrn: { in: ['A001', cohort.patients[3]?.mrn ?? ''] } },
    });
    const rows = rowsOf(await exportText({ patientIds: chosen.map((p) => p.id) }));
    expect(new Set(rows.map((row) => row.mrn))).toEqual(new Set(['A001', cohort.patients[3]?.mrn]));
  });

  it('relative dates count days from the first attack', async () => {
    const rows = rowsOf(await exportText({ deidentify: { key: KEY, dates: 'relative', today: TODAY } }));
    const withAttack = rows.filter((row) => row.first_attack_date !== '');
    expect(withAttack.length).toBeGreaterThan(0);
    expect(withAttack.every((row) => row.first_attack_date === '0')).toBe(true);
    expect(rows.every((row) => row.date === '' || /^-?\d+$/.test(row.date as string))).toBe(true);
  });
});

describe('CSV long rendered by PostgreSQL', () => {
  const referenceText = (deidentify?: DeidentifyOptions) => referenceCsvLong(database.prisma, 7, deidentify);

  it.each([
    ['identified', undefined],
    ['shifted dates', { key: KEY, dates: 'shift', today: TODAY }],
    ['days since the first attack', { key: KEY, dates: 'relative', today: TODAY }],
  ] as const)('gives the same bytes as the reference rows: %s', async (_, deidentify) => {
    const sql = await exportText({ deidentify });
    expect(sql).toBe(await referenceText(deidentify));
    if (!deidentify) {
      expect(sql).toContain('"Anne ""Nan"", Jr."');
      expect(sql).toContain('Z-EMPTY,No,Records,1931-02-03,male,,,,unknown,unknown,,patient,');
    } else expect(sql).toContain(',,90+,');
  });
});

describe('CSV wide export (EDSS by visit)', () => {
  async function wideText(options: Parameters<typeof exportCsvWide>[1] = {}) {
    let text = '';
    for await (const chunk of exportCsvWide(database.prisma, { pageSize: 9, ...options })) text += chunk;
    return text;
  }

  it('has one row per patient and a date and score pair per assessment, as wide as the longest series', async () => {
    const rows = rowsOf(await wideText());
    expect(rows).toHaveLength(43);
    const visitCounts = cohort.patients.map((p) => p.events.filter((e) => e.type === 'edss').length);
    const most = Math.max(1, ...visitCounts);
    const header = Object.keys(rows[0] ?? {});
    expect(header).toEqual(csvWideColumns(false, most));
    const example = rows.find((row) => row.mrn === 'A001');
    expect(example).toMatchObject({
      edss_visits: '1',
      edss_1_date: '2016-01-10',
      edss_1_score: '3.5',
      edss_2_date: '',
    });
    for (const row of rows) {
      const dates = Array.from({ length: Number(row.edss_visits) }, (_, i) => row[`edss_${i + 1}_date`] as string);
      expect(dates, `${row.mrn} in date order`).toEqual([...dates].sort());
      expect(dates.every(Boolean)).toBe(true);
    }
  });

  it('de-identified: subject IDs in order, shifted dates, no identifier', async () => {
    const text = await wideText({ deidentify: { key: KEY, dates: 'shift', today: TODAY } });
    const rows = rowsOf(text);
    expect(rows.map((row) => row.subject_id)).toEqual(rows.map((row) => row.subject_id).sort());
    for (const patient of cohort.patients)
      for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate])
        expect(text.includes(identifier), `${identifier} leaked`).toBe(false);
    const example = rows.find((row) => row.subject_id === subjectIdOf(KEY, 'A001'));
    expect(example?.edss_1_date).toBe(addDays('2016-01-10', -dateShiftOf(KEY, 'A001')));
  });
});

describe('CSV long through COPY (nmo export, the bench)', () => {
  it('gives the same bytes and row counts as the query path: backslashes, tabs, line breaks, accents', async () => {
    const slashes = parseTimelineJson(
      JSON.stringify({
        format: 'nmo-timeline',
        version: 1,
        patients: [
          {
            mrn: 'Z-SLASH',
            givenName: 'Zoë \\ Ana',
            familyName: 'Tab\there ñ 東京',
            birthDate: '1985-01-02',
            sex: 'female',
            events: [
              { type: 'visual', date: '2022-01-01', eye: 'OD', logmar: 0.2, funduscopyNote: 'a\\b\\\\c\r\nd\te \\n' },
            ],
          },
        ],
      }),
    );
    if (!slashes.ok) throw new Error(JSON.stringify(slashes.errors));
    await importTimelineFile(database.prisma, slashes.file, { actorId: SYSTEM_USER_ID });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rowsByPath = { query: 0, copy: 0 };
      const text = async (path: 'query' | 'copy') => {
        let out = '';
        for await (const chunk of exportCsvLong(database.prisma, {
          pageSize: 7,
          onPage: (_, rows) => {
            rowsByPath[path] += rows;
          },
          ...(path === 'copy' ? { copyOut: (statement: string) => client.query(copyTo(statement)) } : {}),
        }))
          out += chunk;
        return out;
      };
      const copied = await text('copy');
      expect(copied).toBe(await text('query'));
      expect(copied).toContain('"a\\b\\\\c\r\nd\te \\n"');
      expect(copied).toContain('Zoë \\ Ana,Tab\there ñ 東京');
      expect(rowsByPath.copy).toBe(rowsByPath.query);
      expect(rowsByPath.copy).toBeGreaterThan(100);
    } finally {
      await client.end();
    }
  });
});
