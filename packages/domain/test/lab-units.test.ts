import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAB_TESTS, type LabTest } from '../src/enums.ts';
import { timelineEventSchema } from '../src/records/event.ts';
import { labDataSchema } from '../src/records/lab.ts';
import {
  defaultLabUnit,
  LAB_UNIT_CODES,
  LAB_UNIT_LABELS,
  LAB_UNITS,
  LEGACY_LAB_UNIT_SPELLINGS,
  labUnitLabel,
  normaliseLabUnit,
} from '../src/records/lab-units.ts';
import { fieldErrors } from '../src/validation.ts';

const lab = (test: string, extra: Record<string, unknown>) => ({ type: 'lab', date: '2021-01-10', test, ...extra });
const errors = (input: unknown) => {
  const result = timelineEventSchema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error);
};

describe('lab units: UCUM codes from a list per test', () => {
  it('refuses free text such as a name, on the unit, naming the units of the test', () => {
    expect(errors(lab('cd19_percent', { value: 0.4, unit: 'Smith John' }))).toEqual([
      { path: 'unit', message: 'must be one of the units of cd19_percent: %' },
    ]);
  });

  it('refuses a unit of another test', () => {
    expect(errors(lab('igg', { value: 8, unit: '%' }))).toEqual([
      { path: 'unit', message: 'must be one of the units of igg: mg/dL, g/L, g/dL, mg/L' },
    ]);
    expect(errors(lab('wbc', { value: 5, unit: 'mg/dL' }))).toEqual([
      { path: 'unit', message: 'must be one of the units of wbc: 10*9/L, 10*3/uL, /uL' },
    ]);
  });

  it('refuses a spelling that is not the UCUM code (imports normalise those first)', () => {
    expect(errors(lab('wbc', { value: 5, unit: '10^9/L' }))).toHaveLength(1);
    expect(errors(lab('bilirubin', { value: 12, unit: 'µmol/L' }))).toHaveLength(1);
  });

  it.each(LAB_TESTS.flatMap((test) => LAB_UNITS[test].map((unit) => [test, unit] as const)))(
    'accepts %s in %s',
    (test, unit) => {
      expect(errors(lab(test, { value: 1, unit }))).toEqual([]);
      expect(labDataSchema.safeParse({ date: '2021-01-10', test, value: 1, unit }).success).toBe(true);
    },
  );

  it.each(LAB_TESTS)('%s still takes a value without a unit', (test) => {
    expect(errors(lab(test, { value: 1 }))).toEqual([]);
  });

  it('qualitative tests and a result without a value take no unit', () => {
    expect(errors(lab('hbsag', { result: 'negative', unit: 'U/L' }))).toEqual([
      { path: 'unit', message: 'must be left out: hbsag is a qualitative test and takes no unit' },
    ]);
    expect(errors(lab('anti_hbc', { value: 1, unit: '%' }))).toEqual([
      { path: 'unit', message: 'must be left out: anti_hbc is a qualitative test and takes no unit' },
    ]);
    expect(errors(lab('tpmt', { result: 'intermediate', unit: 'U/mL' }))).toEqual([
      {
        path: 'unit',
        message: 'must be left out when there is no value (a result alone, such as a TPMT phenotype, takes no unit)',
      },
    ]);
    expect(errors(lab('tpmt', { result: 'intermediate' }))).toEqual([]);
    expect(errors(lab('tpmt', { value: 12.5, unit: 'U/mL', result: 'intermediate' }))).toEqual([]);
  });

  it('reports the unit beside errors of other fields, and not twice when the unit is not text', () => {
    expect(errors({ ...lab('igg', { value: 8, unit: '%' }), date: '2021-02-30' }).map((e) => e.path)).toEqual([
      'date',
      'unit',
    ]);
    expect(errors(lab('igg', { value: 8, unit: 5 }))).toEqual([{ path: 'unit', message: 'must be a unit code' }]);
  });

  it('the API and form schema (no type) checks units the same way', () => {
    const result = labDataSchema.safeParse({ date: '2021-01-10', test: 'igg', value: 8, unit: 'Smith John' });
    expect(result.success ? [] : fieldErrors(result.error).map((e) => e.path)).toEqual(['unit']);
  });

  it('every test has a list, the first is the default, every code has a label', () => {
    expect(Object.keys(LAB_UNITS)).toEqual([...LAB_TESTS]);
    expect(defaultLabUnit('wbc')).toBe('10*9/L');
    expect(defaultLabUnit('igg')).toBe('mg/dL');
    expect(defaultLabUnit('hbsag')).toBeUndefined();
    expect(Object.keys(LAB_UNIT_LABELS).sort()).toEqual([...LAB_UNIT_CODES].sort());
    expect(labUnitLabel('10*9/L')).toBe('×10⁹/L');
    expect(labUnitLabel('/uL')).toBe('cells/µL');
    expect(labUnitLabel('umol/L')).toBe('µmol/L');
  });
});

describe('legacy spellings', () => {
  it.each([
    ['wbc', '10^9/L', '10*9/L'],
    ['platelets', ' 10^9/L ', '10*9/L'],
    ['bilirubin', 'µmol/L', 'umol/L'],
    ['bilirubin', 'μmol/L', 'umol/L'],
    ['alt', 'IU/L', 'U/L'],
    ['cd19_absolute', 'cells/µL', '/uL'],
    ['cd19_absolute', 'cells/uL', '/uL'],
    ['igg', 'G/L', 'g/L'],
    ['wbc', 'G/L', '10*9/L'],
    ['igg', 'mg/dL', 'mg/dL'],
    ['igg', '10^9/L', '10^9/L'],
    ['cd19_percent', 'Smith John', 'Smith John'],
  ] as const)('%s "%s" → "%s"', (test, unit, expected) => {
    expect(normaliseLabUnit(test, unit)).toBe(expected);
  });

  it('no spelling means two codes that one test accepts', () => {
    for (const test of LAB_TESTS) {
      const seen = new Map<string, string>();
      for (const [spelling, code] of LEGACY_LAB_UNIT_SPELLINGS) {
        if (!(LAB_UNITS[test] as readonly string[]).includes(code)) continue;
        expect(seen.get(spelling) ?? code, `${test} ${spelling}`).toBe(code);
        seen.set(spelling, code);
      }
    }
  });
});

/**
 * The database enforces the same lists (CHECK "LabResult_unit_check" through "lab_unit_fits_test")
 * and its migration maps the same legacy spellings. The latest migration that defines the function
 * is the one in force; its lists must equal the domain's, so the two cannot drift apart.
 */
describe('the database has the same lists', () => {
  const migrations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');
  const defining = readdirSync(migrations)
    .sort()
    .map((folder) => path.join(migrations, folder, 'migration.sql'))
    .filter((file) => {
      try {
        return readFileSync(file, 'utf8').includes('FUNCTION "lab_unit_fits_test"');
      } catch {
        return false;
      }
    });
  const sql = readFileSync(defining.at(-1) as string, 'utf8');
  const literals = (text: string) =>
    [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] as string).replace(/''/g, "'"));

  it('the (test, unit) pairs of lab_unit_fits_test', () => {
    const body = sql.slice(sql.indexOf('FUNCTION "lab_unit_fits_test"'), sql.indexOf('$fn$;'));
    const arms = [...body.matchAll(/WHEN '(\w+)' THEN (false|"unit" IN \(([^)]*)\))/g)];
    const inSql = Object.fromEntries(arms.map((arm) => [arm[1] as LabTest, arm[3] ? literals(arm[3]) : []]));
    expect(inSql).toEqual(Object.fromEntries(Object.entries(LAB_UNITS).map(([test, units]) => [test, [...units]])));
  });

  it('the legacy spellings the migration maps', () => {
    const mapping = defining
      .map((file) => readFileSync(file, 'utf8'))
      .find((text) => text.includes('legacy ("spelling"'));
    const values = (mapping as string).slice(
      (mapping as string).indexOf('legacy ("spelling", "code") AS ('),
      (mapping as string).indexOf('normalised AS'),
    );
    const pairs = [...values.matchAll(/\(('(?:[^']|'')*'), ('(?:[^']|'')*')\)/g)].map((m) => [
      ...literals(`${m[1]} ${m[2]}`),
    ]);
    expect(pairs).toEqual(LEGACY_LAB_UNIT_SPELLINGS.map((pair) => [...pair]));
  });
});
