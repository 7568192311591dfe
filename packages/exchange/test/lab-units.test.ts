import type { Observation } from '@medplum/fhirtypes';
import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { LAB_UNITS, type LabEvent, patientTimelineSchema } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import { FHIR_SYSTEMS, patientResources } from '../src/fhir/index.ts';
import {
  exportTimelineJsonText,
  generateCohort,
  parseCsvLong,
  parseTimelineFile,
  type TimelineFile,
} from '../src/index.ts';
import { freshDatabases } from './databases.ts';

/**
 * Lab units are UCUM codes from the test's list (domain lab-units.ts). Files written before, with
 * "10^9/L" and the like, still import, read as the codes; anything else is reported on `unit`.
 */
const patient = (events: Record<string, unknown>[]) => ({
  mrn: 'U001',
  givenName: 'Una',
  familyName: 'Units',
  birthDate: '1980-04-02',
  sex: 'female',
  events,
});
const file = (events: Record<string, unknown>[]) => ({
  format: 'nmo-timeline',
  version: 1,
  patients: [patient(events)],
});
/** The fields given a value, so that a file leaves out what a caller left out. */
const given = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
const lab = (date: string, test: string, value: number | undefined, unit?: string, result?: string) => ({
  type: 'lab',
  date,
  test,
  ...given({ value, unit, result }),
});

/** Spellings the product and the synthetic generator wrote before units were codes. */
const OLD_FILE = file([
  lab('2020-01-01', 'wbc', 5.3, '10^9/L'),
  lab('2020-01-01', 'lymphocytes_absolute', 1.2, '10^9/L'),
  lab('2020-01-01', 'bilirubin', 12, 'µmol/L'),
  lab('2020-01-01', 'alt', 30, 'IU/L'),
  lab('2020-01-01', 'cd19_absolute', 40, 'cells/µL'),
  lab('2020-01-01', 'igg', 820, 'mg/dl'),
  lab('2020-01-01', 'cd19_percent', 0.4, '%'),
]);

const unitsOf = (parsed: ReturnType<typeof parseTimelineFile>) =>
  parsed.ok ? parsed.file.patients[0]?.events.map((event) => (event as LabEvent).unit) : parsed.errors;

describe('interchange JSON import', () => {
  it('reads the legacy spellings as their UCUM codes', () => {
    expect(unitsOf(parseTimelineFile(OLD_FILE))).toEqual(['10*9/L', '10*9/L', 'umol/L', 'U/L', '/uL', 'mg/dL', '%']);
  });

  it('reports anything else on the unit field, naming the units of the test', () => {
    const parsed = parseTimelineFile(
      file([
        lab('2020-01-01', 'cd19_percent', 0.4, 'Smith John'),
        lab('2020-01-01', 'igg', 8, '%'),
        lab('2020-01-01', 'wbc', 5, 'mg/dL'),
        lab('2020-01-01', 'hbsag', undefined, 'IU/mL', 'negative'),
      ]),
    );
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { path: 'patients[0].events[0].unit', message: 'must be one of the units of cd19_percent: %' },
      { path: 'patients[0].events[1].unit', message: 'must be one of the units of igg: mg/dL, g/L, g/dL, mg/L' },
      { path: 'patients[0].events[2].unit', message: 'must be one of the units of wbc: 10*9/L, 10*3/uL, /uL' },
      {
        path: 'patients[0].events[3].unit',
        message: 'must be left out: hbsag is a qualitative test and takes no unit',
      },
    ]);
  });

  it('does not change the file it was given', () => {
    const input = structuredClone(OLD_FILE);
    parseTimelineFile(input);
    expect(input).toEqual(OLD_FILE);
  });
});

describe('CSV long import', () => {
  const header =
    'mrn,given_name,family_name,birth_date,sex,record,date,test,value,unit,result\n' +
    'U001,Una,Units,1980-04-02,female,lab,2020-01-01,wbc,5.3,10^9/L,\n';

  it('reads the legacy spellings as their UCUM codes', () => {
    const parsed = parseCsvLong(header);
    expect(parsed.ok ? (parsed.file.patients[0]?.events[0] as LabEvent | undefined)?.unit : parsed.errors).toBe(
      '10*9/L',
    );
  });

  it('reports anything else at its line and column', () => {
    const parsed = parseCsvLong(`${header}U001,Una,Units,1980-04-02,female,lab,2020-01-02,igg,6.2,Smith John,\n`);
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { line: 3, column: 'unit', message: 'must be one of the units of igg: mg/dL, g/L, g/dL, mg/L' },
    ]);
  });
});

describe('FHIR Observation of a lab value', () => {
  const timeline = patientTimelineSchema.parse(
    patient([lab('2020-01-01', 'wbc', 5.3, '10*9/L'), lab('2020-01-01', 'bilirubin', 12, 'umol/L')]),
  );
  const observations = patientResources(timeline, { today: '2026-06-30' })
    .map((entry) => entry.resource)
    .filter((resource): resource is Observation => resource.resourceType === 'Observation');

  it('carries the unit as a UCUM code, with its label as the unit text', () => {
    expect(observations.map((observation) => observation.valueQuantity)).toEqual([
      { value: 12, unit: 'µmol/L', system: FHIR_SYSTEMS.ucum, code: 'umol/L' },
      { value: 5.3, unit: '×10⁹/L', system: FHIR_SYSTEMS.ucum, code: '10*9/L' },
    ]);
    expect(FHIR_SYSTEMS.ucum).toBe('http://unitsofmeasure.org');
  });
});

describe('synthetic cohort', () => {
  it('writes only units of each test’s list', () => {
    const cohort = generateCohort({ patients: 60, seed: 3, asOf: '2026-06-30' });
    const labs = cohort.patients.flatMap((p) => p.events.filter((event): event is LabEvent => event.type === 'lab'));
    const units = new Set(labs.map((l) => `${l.test} ${l.unit}`));
    expect(units).toContain('wbc 10*9/L');
    for (const l of labs)
      if (l.unit !== undefined) expect(LAB_UNITS[l.test] as readonly string[], l.test).toContain(l.unit);
  });
});

describe('an old file through the database', () => {
  const fresh = freshDatabases();
  let database: TestDatabase;
  beforeAll(async () => {
    database = await fresh();
  });

  it('imports, and exports the UCUM codes', async () => {
    const parsed = parseTimelineFile(OLD_FILE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await importTimelineFile(database.prisma, parsed.file as TimelineFile, { actorId: SYSTEM_USER_ID });
    const exported = JSON.parse(await exportTimelineJsonText(database.prisma));
    expect(exported.patients[0].events.map((event: LabEvent) => event.unit).sort()).toEqual(
      ['%', '/uL', '10*9/L', '10*9/L', 'U/L', 'mg/dL', 'umol/L'].sort(),
    );
  });
});
