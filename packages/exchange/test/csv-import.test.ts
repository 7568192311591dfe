import { readFile } from 'node:fs/promises';
import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { importTimelineFile } from '@nmo/storage';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CsvError,
  csvLongColumns,
  csvLongRows,
  exportCsvLong,
  exportTimelineJsonText,
  generateCohort,
  parseCsvLong,
  parseTimelineJson,
  type TimelineFile,
} from '../src/index.ts';
import { freshDatabases } from './databases.ts';

// Before today in every time zone: a record dated "today" in UTC is in the future in Los Angeles.
const TODAY = '2026-10-31';
const example = parseTimelineJson(await readFile(new URL('./fixtures/design-example.json', import.meta.url), 'utf8'));
if (!example.ok) throw new Error('fixture');
const EXAMPLE = example.file;
/** An empty cell is "not recorded", which the interchange format may also write as null. */
const EXAMPLE_WITHOUT_NULLS = JSON.parse(JSON.stringify(EXAMPLE, (_, value) => (value === null ? undefined : value)));

/** The design example as the CSV long layout writes it: header, then lines 2… in file order. */
const exampleCsv = (file: TimelineFile = EXAMPLE) =>
  stringify(
    file.patients.flatMap((p) => csvLongRows(p)),
    {
      header: true,
      columns: csvLongColumns(false),
      record_delimiter: 'unix',
      cast: { boolean: (v) => String(v) },
    },
  );
const lines = (text: string) => text.trimEnd().split('\n');
const errorsOf = (text: string): CsvError[] => {
  const result = parseCsvLong(text);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};
/** Replaces one cell, by line and column, in comma-separated text without quoted commas. */
function withCell(text: string, line: number, column: string, value: string): string {
  const all = lines(text);
  const index = (all[0] ?? '').split(',').indexOf(column);
  const cells = (all[line - 1] ?? '').split(',');
  cells[index] = value;
  all[line - 1] = cells.join(',');
  return `${all.join('\n')}\n`;
}

describe('reading the CSV long layout', () => {
  it('reads its own output back into the same timeline (parts under their parents)', () => {
    const result = parseCsvLong(exampleCsv());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toBe(12);
    expect(result.file).toEqual(EXAMPLE_WITHOUT_NULLS);
  });

  it('accepts a byte-order mark, CRLF line ends, ";" separators and decimal commas', () => {
    const semicolons = lines(exampleCsv())
      .map((line) =>
        line
          .split(',')
          .join(';')
          .replace(/;3\.5;/, ';"3,5";')
          .replace(/;0\.3;/, ';0,3;'),
      )
      .join('\r\n');
    const result = parseCsvLong(`\uFEFF${semicolons}\r\n\r\n`);
    expect(result.ok && result.file).toEqual(EXAMPLE_WITHOUT_NULLS);
  });

  it('names the line and column of a value of the wrong type, and of an impossible date', () => {
    let text = withCell(exampleCsv(), 2, 'edss_score', 'four');
    text = withCell(text, 3, 'date', '2015-02-30');
    text = withCell(text, 4, 'gadolinium', 'maybe');
    expect(errorsOf(text)).toEqual([
      { line: 2, column: 'edss_score', message: 'must be a number' },
      { line: 3, column: 'date', message: expect.stringMatching(/date/) },
      { line: 4, column: 'gadolinium', message: expect.stringMatching(/true or false|boolean/) },
    ]);
  });

  it('reports unknown, missing and repeated columns on line 1 and reads no row', () => {
    const text = exampleCsv().replace('family_name', 'surname').replace(',sex,', ',record,');
    expect(errorsOf(text)).toEqual([
      { line: 1, column: 'surname', message: 'is not a column of the CSV long layout (see docs/EXPORTS.md)' },
      { line: 1, column: 'record', message: 'appears twice' },
      { line: 1, column: 'family_name', message: 'is missing (a required column)' },
      { line: 1, column: 'sex', message: 'is missing (a required column)' },
    ]);
  });

  it('reports a duplicated row against the line it repeats', () => {
    const all = lines(exampleCsv());
    const text = `${[...all, all[1]].join('\n')}\n`;
    expect(errorsOf(text)).toEqual([{ line: 14, column: '', message: 'repeats line 2 (same edss 2016-01-10)' }]);
  });

  it('reports a part whose parent is missing, a cell of another record kind, and a short row', () => {
    let text = withCell(exampleCsv(), 7, 'relapse_onset_date', '2017-05-02');
    text = withCell(text, 2, 'titer', '10');
    text = `${text}A001,Maria,Example\n`;
    expect(errorsOf(text)).toEqual([
      { line: 2, column: 'titer', message: 'does not apply to edss rows' },
      { line: 7, column: 'relapse_onset_date', message: 'no relapse row of this patient has onset 2017-05-02' },
      { line: 14, column: '', message: `has 3 cells; the header has ${csvLongColumns(false).length}` },
    ]);
  });

  it('reports patient columns that differ between rows of one patient, and an unknown record kind', () => {
    let text = withCell(exampleCsv(), 5, 'birth_date', '1980-04-03');
    text = withCell(text, 4, 'record', 'surgery');
    expect(errorsOf(text)).toEqual([
      { line: 4, column: 'record', message: expect.stringMatching(/^must be one of patient, edss/) },
      {
        line: 5,
        column: 'birth_date',
        // Line 4, with its unknown record kind, is not counted as a row of the patient.
        message: 'differs from the other rows of patient A001: 1980-04-03 here, 1980-04-02 on 10 of its 11 rows',
      },
    ]);
  });

  it("a patient cell changed on the patient's first row: one error, there, naming the other rows' value", () => {
    expect(lines(exampleCsv())).toHaveLength(13);
    const text = withCell(exampleCsv(), 2, 'birth_date', '1980-04-03');
    expect(errorsOf(text)).toEqual([
      {
        line: 2,
        column: 'birth_date',
        message: 'differs from the other rows of patient A001: 1980-04-03 here, 1980-04-02 on 11 of its 12 rows',
      },
    ]);
  });

  it('a patient cell changed on a middle row, or emptied: one error, there', () => {
    expect(errorsOf(withCell(exampleCsv(), 7, 'family_name', 'Exemple'))).toEqual([
      {
        line: 7,
        column: 'family_name',
        message: 'differs from the other rows of patient A001: Exemple here, Example on 11 of its 12 rows',
      },
    ]);
    expect(errorsOf(withCell(exampleCsv(), 9, 'diagnosis_date', ''))).toEqual([
      {
        line: 9,
        column: 'diagnosis_date',
        message: 'differs from the other rows of patient A001: empty here, 2015-03-01 on 11 of its 12 rows',
      },
    ]);
  });

  it('checks the value most rows agree on, and places its errors on the first row that has it', () => {
    let text = exampleCsv();
    for (let line = 3; line <= 13; line++) text = withCell(text, line, 'birth_date', '1980-02-30');
    expect(errorsOf(text)).toEqual([
      {
        line: 2,
        column: 'birth_date',
        message: 'differs from the other rows of patient A001: 1980-04-02 here, 1980-02-30 on 11 of its 12 rows',
      },
      { line: 3, column: 'birth_date', message: expect.stringMatching(/date/) },
    ]);
  });

  it('reads the diagnosis column; an old file without it still reads; a wrong value names the column', () => {
    const header = 'mrn,given_name,family_name,birth_date,sex,diagnosis,record,date,edss_score';
    const good = parseCsvLong(`${header}\nD1,Ann,Lee,1970-01-01,female,mogad,edss,2020-01-01,2\n`);
    if (!good.ok) throw new Error(JSON.stringify(good.errors));
    expect(good.file.patients[0]?.diagnosis).toBe('mogad');
    const old = parseCsvLong(
      'mrn,given_name,family_name,birth_date,sex,record,date,edss_score\nD1,Ann,Lee,1970-01-01,female,edss,2020-01-01,2\n',
    );
    if (!old.ok) throw new Error(JSON.stringify(old.errors));
    expect(old.file.patients[0]?.diagnosis).toBeUndefined();
    expect(errorsOf(`${header}\nD1,Ann,Lee,1970-01-01,female,ms,edss,2020-01-01,0.5\n`)).toEqual([
      {
        line: 2,
        column: 'diagnosis',
        message: 'must be one of nmosd_aqp4_positive, nmosd_seronegative, mogad, other_or_uncertain',
      },
      {
        line: 2,
        column: 'edss_score',
        message: 'must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)',
      },
    ]);
  });

  it('without a majority, reports the later rows against the first one, naming both values', () => {
    const header = 'mrn,given_name,family_name,birth_date,sex,record,date,edss_score';
    const text = [
      header,
      'B1,Anne,Smith,1970-01-01,female,edss,2020-01-01,2',
      'B1,Anna,Smith,1970-01-01,female,edss,2021-01-01,2.5',
      'C1,Carl,Jones,1960-01-01,male,edss,2020-01-01,2',
      'C1,Carl,Jones,1960-01-01,female,edss,2021-01-01,2',
      'C1,Carl,Jones,1960-01-01,other,edss,2022-01-01,2',
    ].join('\n');
    expect(errorsOf(`${text}\n`)).toEqual([
      {
        line: 3,
        column: 'given_name',
        message:
          'differs from line 2, the first row of patient B1: Anna here, Anne there (no value is on most of its rows)',
      },
      {
        line: 5,
        column: 'sex',
        message:
          'differs from line 4, the first row of patient C1: female here, male there (no value is on most of its rows)',
      },
      {
        line: 6,
        column: 'sex',
        message:
          'differs from line 4, the first row of patient C1: other here, male there (no value is on most of its rows)',
      },
    ]);
  });

  it('refuses a de-identified export, which has no MRN to match patients by', () => {
    const text = 'subject_id,sex,record,date\nS0123456789abcdef,female,edss,2020-01-01\n';
    expect(errorsOf(text)).toEqual([
      {
        line: 1,
        column: 'subject_id',
        message: 'this is a de-identified export: it has no MRN or names, so it cannot be imported',
      },
    ]);
  });

  it('reports an unreadable quote and an empty file', () => {
    expect(errorsOf('mrn,record\n"A001,edss\n')[0]).toMatchObject({ column: '', message: /not readable as CSV/ });
    expect(errorsOf('')).toEqual([{ line: 1, column: '', message: 'the file is empty' }]);
  });
});

describe('CSV long round trip through the database', () => {
  const fresh = freshDatabases();
  const csvOf = async (database: TestDatabase) => {
    let text = '';
    for await (const chunk of exportCsvLong(database.prisma, { pageSize: 13 })) text += chunk;
    return text;
  };

  let source: TestDatabase;
  let first: string;
  beforeAll(async () => {
    source = await fresh();
    await importTimelineFile(source.prisma, generateCohort({ patients: 60, seed: 5, asOf: TODAY }), {
      actorId: SYSTEM_USER_ID,
    });
    await importTimelineFile(source.prisma, EXAMPLE, { actorId: SYSTEM_USER_ID });
    first = await csvOf(source);
  });

  it('export → import into an empty database → export is identical, in CSV and in JSON', async () => {
    const parsed = parseCsvLong(first);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 5)));
    const target = await fresh();
    const summary = await importTimelineFile(target.prisma, parsed.file, { actorId: SYSTEM_USER_ID });
    expect(summary.patients.created).toBe(61);
    expect(await csvOf(target)).toBe(first);
    expect(await exportTimelineJsonText(target.prisma)).toBe(await exportTimelineJsonText(source.prisma));
  });

  it('importing the same file again changes nothing', async () => {
    const parsed = parseCsvLong(first);
    if (!parsed.ok) throw new Error('export did not parse');
    const summary = await importTimelineFile(source.prisma, parsed.file, { actorId: SYSTEM_USER_ID });
    expect(summary.patients).toEqual({ created: 0, updated: 0, unchanged: 61 });
    expect(summary.records.created + summary.records.updated).toBe(0);
    expect(await csvOf(source)).toBe(first);
  });
});
