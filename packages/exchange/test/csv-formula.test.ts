import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { importTimelineFile } from '@nmo/storage';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeidentifyOptions,
  escapeFormulaCell,
  escapeFormulaCellSql,
  exportCsvLong,
  exportCsvWide,
  parseCsvLong,
  parseTimelineJson,
  type TimelineFile,
  unescapeFormulaCell,
} from '../src/index.ts';
import { freshDatabases, referenceCsvLong } from './databases.ts';

/** Text a spreadsheet would run as a formula (OWASP "CSV Injection"), and text already starting with apostrophes. */
const HOSTILE = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR', "'=already quoted", "''+double"];
const KEY = 'a-clinic-secret-of-at-least-32-characters';
const TODAY = '2026-10-31';
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * One patient per hostile value, in the names and the funduscopy note, with negative numbers a
 * spreadsheet must still read as numbers: logMAR -0.3, field mean deviation -5.5 dB, and an exam
 * five days before the first attack (day -5 in relative dates).
 */
const HOSTILE_FILE = {
  format: 'nmo-timeline' as const,
  version: 1 as const,
  patients: HOSTILE.map((value, index) => ({
    mrn: `F${index}`,
    givenName: value,
    familyName: HOSTILE[(index + 3) % HOSTILE.length] as string,
    birthDate: '1980-01-01',
    sex: 'female' as const,
    firstAttackDate: '2020-03-01',
    events: [
      {
        type: 'visual' as const,
        date: '2020-02-25',
        eye: 'OD' as const,
        logmar: -0.3,
        visualFieldMdDb: -5.5,
        funduscopyNote: value,
      },
      {
        type: 'relapse' as const,
        onsetDate: '2020-03-01',
        phenotype: 'optic_neuritis' as const,
        severity: 'moderate' as const,
      },
      { type: 'edss' as const, date: '2020-04-01', score: 3 },
    ],
  })),
};

const fresh = freshDatabases();

let source: TestDatabase;
/** The same patients plus one whose MRN came from elsewhere (the database allows any trimmed text). */
let legacy: TestDatabase;
beforeAll(async () => {
  const file = parseTimelineJson(JSON.stringify(HOSTILE_FILE));
  if (!file.ok) throw new Error(JSON.stringify(file.errors));
  source = await fresh();
  await importTimelineFile(source.prisma, file.file, { actorId: SYSTEM_USER_ID });
  legacy = await fresh();
  await importTimelineFile(legacy.prisma, file.file, { actorId: SYSTEM_USER_ID });
  await legacy.prisma.$executeRaw`UPDATE "Patient" SET mrn = '-1+1' WHERE mrn = 'F0'`;
  await legacy.prisma.$executeRaw`UPDATE "Patient" SET mrn = '@A' WHERE mrn = 'F1'`;
}, 120_000);

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}
const longCsv = (database: TestDatabase, deidentify?: DeidentifyOptions) =>
  text(exportCsvLong(database.prisma, { pageSize: 3, deidentify }));
const wideCsv = (database: TestDatabase, deidentify?: DeidentifyOptions) =>
  text(exportCsvWide(database.prisma, { pageSize: 3, deidentify }));
const referenceCsv = (database: TestDatabase, deidentify?: DeidentifyOptions) =>
  referenceCsvLong(database.prisma, 3, deidentify);
const cellsOf = (csv: string) => (parse(csv, { relax_column_count: true }) as string[][]).flat();

const SHIFT: DeidentifyOptions = { key: KEY, dates: 'shift', today: TODAY };
const RELATIVE: DeidentifyOptions = { key: KEY, dates: 'relative', today: TODAY };
const OUTPUTS: [string, (database: TestDatabase) => Promise<string>][] = [
  ['CSV long identified', (d) => longCsv(d)],
  ['CSV long, shifted dates', (d) => longCsv(d, SHIFT)],
  ['CSV long, relative dates', (d) => longCsv(d, RELATIVE)],
  ['CSV wide identified', (d) => wideCsv(d)],
  ['CSV wide, relative dates', (d) => wideCsv(d, RELATIVE)],
  ['CSV long reference rows, identified', (d) => referenceCsv(d)],
  ['CSV long reference rows, relative dates', (d) => referenceCsv(d, RELATIVE)],
];

describe('spreadsheet formula cells in CSV exports', () => {
  // De-identified files carry no free text, so only their numbers are at stake there; they are
  // checked together with the identified ones.
  it('no cell of any CSV starts with = + - @ tab or CR, except plain numbers', async () => {
    for (const [name, output] of OUTPUTS)
      for (const database of [source, legacy]) {
        const cells = cellsOf(await output(database));
        const formulas = cells.filter((cell) => FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell));
        expect(formulas, name).toEqual([]);
      }
  });

  it('writes the hostile names, notes and MRNs with one apostrophe in front, and negative numbers as numbers', async () => {
    const identified = cellsOf(await longCsv(legacy));
    for (const value of HOSTILE) expect(identified).toContain(`'${value}`);
    expect(identified).toEqual(expect.arrayContaining(["'-1+1", "'@A", '-0.3', '-5.5']));
    expect(cellsOf(await wideCsv(legacy))).toEqual(expect.arrayContaining(["'=cmd|' /C calc'!A0", "'''+double"]));
    const relative = cellsOf(await longCsv(source, RELATIVE));
    expect(relative).toEqual(expect.arrayContaining(['-5', '-0.3', '-5.5']));
  });

  it('the SQL renderer gives the reference bytes for hostile text, identified and de-identified', async () => {
    for (const deidentify of [undefined, SHIFT, RELATIVE])
      for (const database of [source, legacy])
        expect(await longCsv(database, deidentify), deidentify?.dates).toBe(await referenceCsv(database, deidentify));
  });

  it('export → import into an empty database → export is byte-identical, and the text is kept exactly', async () => {
    const first = await longCsv(source);
    const parsed = parseCsvLong(first);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 5)));
    expect(parsed.file.patients.map((patient) => patient.givenName)).toEqual(HOSTILE);
    const notes = parsed.file.patients.map(
      (patient) => patient.events.find((event) => event.type === 'visual')?.funduscopyNote,
    );
    expect(notes).toEqual(HOSTILE);
    const target = await fresh();
    await importTimelineFile(target.prisma, parsed.file as TimelineFile, { actorId: SYSTEM_USER_ID });
    expect(await longCsv(target)).toBe(first);
    expect(await wideCsv(target)).toBe(await wideCsv(source));
  });
});

/** Every kind of start: formula characters behind 0-3 apostrophes, plain and not-quite-plain numbers, edge cases. */
const SAMPLES = [
  ...HOSTILE,
  ...['=', '+', '-', '@', '\t', '\r'].flatMap((c) => ['', "'", "''", "'''"].map((q) => `${q}${c}x`)),
  ...['-5', '-0.3', '-2.5e-3', '1e+21', '-1E5', '42', '0.5', '-', '--5', '-.5', '-5.', '+5', '-5 ', ' -5', '-٣'],
  ...['', "'", "''", "'x", 'x=1', ' =1', '\n=1', 'a\tb', "='", 'S0123abc', '2020-01-01', '90+', 'Ünïcode'],
];

describe('the formula cell rule', () => {
  it('escapes exactly the text cells a spreadsheet would run, and unescaping gives the text back', () => {
    for (const text of SAMPLES) {
      const cell = escapeFormulaCell(text);
      expect(unescapeFormulaCell(cell), JSON.stringify(text)).toBe(text);
      expect(FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell), JSON.stringify(cell)).toBe(false);
      // One apostrophe at most, and only where needed.
      expect(cell === text || cell === `'${text}`).toBe(true);
    }
    expect(escapeFormulaCell('-0.3')).toBe('-0.3');
    expect(escapeFormulaCell('-2+3')).toBe("'-2+3");
    expect(escapeFormulaCell("'=already quoted")).toBe("''=already quoted");
    expect(escapeFormulaCell("'x")).toBe("'x");
    expect(unescapeFormulaCell("'x")).toBe("'x");
  });

  it('is the same rule in PostgreSQL as in TypeScript', async () => {
    const rows = await source.prisma.$queryRawUnsafe<{ cell: string }[]>(
      `SELECT ${escapeFormulaCellSql('t')} AS cell FROM unnest($1::text[]) WITH ORDINALITY AS s(t, n) ORDER BY n`,
      SAMPLES,
    );
    expect(rows.map((row) => row.cell)).toEqual(SAMPLES.map(escapeFormulaCell));
  });

  it('the CSV importer takes one apostrophe off an escaped cell and leaves other apostrophes alone', () => {
    const header = 'mrn,given_name,family_name,birth_date,sex,record,date';
    const csv = [header, "A1,'=1+1,''@x,1980-01-01,female,patient,", "A2,'O'Brien,'\tTab,1980-01-01,female,patient,"];
    const parsed = parseCsvLong(`${csv.join('\n')}\n`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.file.patients.map((p) => [p.givenName, p.familyName])).toEqual([
      ['=1+1', "'@x"],
      ["'O'Brien", '\tTab'],
    ]);
  });
});
