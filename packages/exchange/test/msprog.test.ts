import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_USER_ID } from '@nmo/db';
import { importTimelineFile } from '@nmo/storage';
import { parse } from 'csv-parse/sync';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeidentifyOptions,
  dateShiftOf,
  exportMsprogZip,
  MSPROG_FILES,
  msprogRows,
  parseTimelineJson,
  subjectIdOf,
  unzipIntoDirectory,
} from '../src/index.ts';
import { freshDatabases } from './databases.ts';

const KEY = 'a-clinic-secret-of-at-least-32-characters';
const TODAY = '2026-10-31';

/**
 * A fixed cohort: MS-0002 has three EDSS assessments (one with functional systems) and two attacks
 * (one treated), besides records msprog does not take; MS-0001 has two assessments and no attack
 * (and no first-attack date); MS-0003 has no records at all, so no row in either file.
 */
const COHORT = {
  format: 'nmo-timeline',
  version: 1,
  patients: [
    {
      mrn: 'MS-0002',
      givenName: 'Ingrid',
      familyName: 'Quarrington',
      birthDate: '1975-01-15',
      sex: 'female',
      firstAttackDate: '2012-03-04',
      aqp4Status: 'positive',
      events: [
        { type: 'edss', date: '2016-01-01', score: 1 },
        { type: 'relapse', onsetDate: '2015-09-09', phenotype: 'transverse_myelitis', severity: 'moderate' },
        { type: 'edss', date: '2013-01-10', score: 2 },
        {
          type: 'relapse',
          onsetDate: '2013-06-20',
          phenotype: 'optic_neuritis',
          severity: 'severe',
          acuteTreatments: [{ type: 'ivmp', startDate: '2013-06-21', days: 5, dailyDoseMg: 1000 }],
        },
        { type: 'edss', date: '2014-02-01', score: 3.5, functionalSystems: { visual: 3, pyramidal: 2 } },
        { type: 'lab', date: '2014-02-01', test: 'cd19_percent', value: 0.4, unit: '%' },
        { type: 'therapy', agent: 'rituximab', startDate: '2013-07-01', stopDate: null },
      ],
    },
    {
      mrn: 'MS-0001',
      givenName: 'Bartholomew',
      familyName: 'Ellingsworth',
      birthDate: '1960-11-30',
      sex: 'male',
      events: [
        { type: 'edss', date: '2021-05-05', score: 6.5 },
        { type: 'edss', date: '2020-05-05', score: 0 },
      ],
    },
    { mrn: 'MS-0003', givenName: 'Zeno', familyName: 'Nobody', birthDate: '1990-06-01', sex: 'other', events: [] },
  ],
};

const newDatabase = freshDatabases();
let db: Awaited<ReturnType<typeof newDatabase>>['prisma'];

beforeAll(async () => {
  db = (await newDatabase()).prisma;
  const parsed = parseTimelineJson(JSON.stringify(COHORT));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await importTimelineFile(db, parsed.file, { actorId: SYSTEM_USER_ID });
});

/** Exports the msprog zip and unpacks it into a fresh directory: file name → text. */
async function exported(options: Parameters<typeof exportMsprogZip>[1] = {}): Promise<Record<string, string>> {
  const directory = await mkdtemp(path.join(tmpdir(), 'msprog-'));
  try {
    const names = await unzipIntoDirectory(exportMsprogZip(db, options), directory);
    expect(names).toEqual([MSPROG_FILES.visits, MSPROG_FILES.relapses]);
    const files: Record<string, string> = {};
    for (const name of await readdir(directory)) files[name] = await readFile(path.join(directory, name), 'utf8');
    return files;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A calendar date moved back by whole days, computed here apart from the library's date code. */
const daysBefore = (date: string, days: number) =>
  new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) - days))
    .toISOString()
    .slice(0, 10);

describe('msprog export: the two files MSprog() reads', () => {
  it('writes every EDSS assessment and every attack, identified, by MRN and then by date', async () => {
    const files = await exported();
    expect(files[MSPROG_FILES.visits]).toBe(
      [
        'id,date,EDSS',
        'MS-0001,2020-05-05,0',
        'MS-0001,2021-05-05,6.5',
        'MS-0002,2013-01-10,2',
        'MS-0002,2014-02-01,3.5',
        'MS-0002,2016-01-01,1',
        '',
      ].join('\n'),
    );
    expect(files[MSPROG_FILES.relapses]).toBe(['id,date', 'MS-0002,2013-06-20', 'MS-0002,2015-09-09', ''].join('\n'));
  });

  it('round trip: the files parsed back give each patient exactly the assessments and onsets of the cohort', async () => {
    const files = await exported();
    const visits = parse(files[MSPROG_FILES.visits] ?? '', { columns: true }) as Record<string, string>[];
    const relapses = parse(files[MSPROG_FILES.relapses] ?? '', { columns: true }) as Record<string, string>[];
    for (const patient of COHORT.patients) {
      const events = patient.events as { type: string; date?: string; onsetDate?: string; score?: number }[];
      const edss = events.filter((e) => e.type === 'edss').map((e) => [e.date, e.score]);
      const onsets = events.filter((e) => e.type === 'relapse').map((e) => e.onsetDate);
      const mine = visits.filter((row) => row.id === patient.mrn);
      expect(mine.map((row) => [row.date, Number(row.EDSS)]).sort()).toEqual(edss.sort());
      expect(relapses.filter((row) => row.id === patient.mrn).map((row) => row.date)).toEqual(onsets.sort());
    }
  });

  it('de-identified with shifted dates: subject IDs, every date of a subject moved back by its own days, no identity', async () => {
    const deidentify: DeidentifyOptions = { key: KEY, dates: 'shift', today: TODAY };
    const files = await exported({ deidentify });
    const [s1, s2] = ['MS-0001', 'MS-0002'].map((mrn) => ({
      id: subjectIdOf(KEY, mrn),
      moved: (date: string) => daysBefore(date, dateShiftOf(KEY, mrn)),
    }));
    if (!s1 || !s2) throw new Error('subjects');
    const visitRows = [
      [s1, '2020-05-05', '0'],
      [s1, '2021-05-05', '6.5'],
      [s2, '2013-01-10', '2'],
      [s2, '2014-02-01', '3.5'],
      [s2, '2016-01-01', '1'],
    ] as const;
    // Subjects in the order of their IDs (a de-identified file's order says nothing of the MRNs).
    const bySubject = (lines: string[]) => [...lines].sort((a, b) => (a.slice(0, 17) < b.slice(0, 17) ? -1 : 1));
    expect(files[MSPROG_FILES.visits]).toBe(
      ['id,date,EDSS', ...bySubject(visitRows.map(([s, date, score]) => `${s.id},${s.moved(date)},${score}`)), ''].join(
        '\n',
      ),
    );
    expect(files[MSPROG_FILES.relapses]).toBe(
      ['id,date', `${s2.id},${s2.moved('2013-06-20')}`, `${s2.id},${s2.moved('2015-09-09')}`, ''].join('\n'),
    );
    const all = Object.values(files).join('\n');
    for (const patient of COHORT.patients)
      for (const secret of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate])
        expect(all).not.toContain(secret);
    // No recorded (unshifted) date of an assessment or attack appears.
    for (const date of [
      '2020-05-05',
      '2021-05-05',
      '2013-01-10',
      '2014-02-01',
      '2016-01-01',
      '2013-06-20',
      '2015-09-09',
    ])
      expect(all).not.toContain(date);
  });

  it('de-identified with relative dates: whole days since the first attack (else the earliest record), for date_format = "day"', async () => {
    const files = await exported({ deidentify: { key: KEY, dates: 'relative', today: TODAY } });
    const [s1, s2] = [subjectIdOf(KEY, 'MS-0001'), subjectIdOf(KEY, 'MS-0002')];
    // MS-0002 counts from its first attack, 2012-03-04: to 2013-01-10 is 27 (rest of March) + 30 + 31
    // + 30 + 31 + 31 + 30 + 31 + 30 + 31 (April–December) + 10 = 312 days; to 2014-02-01 is 312 + 21
    // (rest of January 2013) + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 (Feb–Dec) + 31 + 1 = 699;
    // to 2016-01-01 is 699 + 334 (rest of 2014 from 1 February) + 365 (2015) = 1398. Attacks: 2013-06-20
    // is 312 + 21 + 28 + 31 + 30 + 31 + 20 = 473; 2015-09-09 is 699 + 334 + 251 (2015-01-01 to 09-09) = 1284.
    // MS-0001 has no attack: it counts from its earliest record, 2020-05-05, and 2021-05-05 is 365 days on.
    const lines = [`${s1},0,0`, `${s1},365,6.5`, `${s2},312,2`, `${s2},699,3.5`, `${s2},1398,1`];
    const ordered = s1 < s2 ? lines : [...lines.slice(2), ...lines.slice(0, 2)];
    expect(files[MSPROG_FILES.visits]).toBe(['id,date,EDSS', ...ordered, ''].join('\n'));
    expect(files[MSPROG_FILES.relapses]).toBe(['id,date', `${s2},473`, `${s2},1284`, ''].join('\n'));
  });

  it('covers only the selected patients, and reports each page with its patients and rows', async () => {
    const only = await db.patient.findFirstOrThrow({ where: { mrn: 'MS-0001' } });
    const pages: [number, number][] = [];
    const files = await exported({ patientIds: [only.id], onPage: (patients, rows) => pages.push([patients, rows]) });
    expect(files[MSPROG_FILES.visits]).toBe('id,date,EDSS\nMS-0001,2020-05-05,0\nMS-0001,2021-05-05,6.5\n');
    expect(files[MSPROG_FILES.relapses]).toBe('id,date\n');
    expect(pages).toEqual([[1, 2]]);
  });

  it('msprogRows takes a timeline in any order and keeps only EDSS assessments and attack onsets', () => {
    const parsed = parseTimelineJson(JSON.stringify(COHORT));
    if (!parsed.ok) throw new Error('cohort');
    const [second, first, empty] = parsed.file.patients;
    if (!second || !first || !empty) throw new Error('cohort');
    expect(msprogRows(second).visits.map((row) => row.date)).toEqual(['2013-01-10', '2014-02-01', '2016-01-01']);
    expect(msprogRows(first).relapses).toEqual([]);
    expect(msprogRows(empty)).toEqual({ visits: [], relapses: [] });
  });
});

describe('unzipIntoDirectory (the CLI unpacks the export into --out DIR)', () => {
  it('writes an entry named with a path, or with "..", under its base name only', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'msprog-unzip-'));
    try {
      const zip = zipSync({ '../escape.csv': strToU8('a\n'), 'inner/': {}, 'inner/file.csv': strToU8('b\n') });
      async function* chunks() {
        yield zip.subarray(0, 10);
        yield zip.subarray(10);
      }
      expect((await unzipIntoDirectory(chunks(), directory)).sort()).toEqual(['escape.csv', 'file.csv']);
      expect((await readdir(directory)).sort()).toEqual(['escape.csv', 'file.csv']);
      expect(await readdir(path.dirname(directory))).not.toContain('escape.csv');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses what is not a zip', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'msprog-unzip-'));
    try {
      async function* chunks() {
        yield 'id,date,EDSS\n';
      }
      await expect(unzipIntoDirectory(chunks(), directory)).rejects.toThrow();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
