import { readFileSync } from 'node:fs';
import type {
  Bundle,
  Condition,
  Immunization,
  MedicationAdministration,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Resource,
} from '@medplum/fhirtypes';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { type PatientTimeline, patientTimelineSchema, workingDiagnosis } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DeidentifyOptions, subjectIdOf } from '../src/deidentify/deidentify.ts';
import {
  exportFhirBundle,
  FHIR_SYSTEMS,
  type FhirBundleExportOptions,
  type FhirBundleOptions,
  type FhirEntry,
  fhirBundle,
  LOCAL_CODES,
  patientResources,
} from '../src/fhir/index.ts';
import { generateCohort, parseTimelineJson } from '../src/index.ts';
import { fhirIssues, resolveReferences } from './fhir-setup.ts';

const TODAY = '2026-06-30';
const TIMESTAMP = '2026-06-30T12:00:00Z';
const DEIDENTIFY: DeidentifyOptions = {
  key: 'a-clinic-secret-of-at-least-32-characters',
  dates: 'shift',
  today: TODAY,
};
const cohort = generateCohort({ patients: 40, seed: 7, asOf: TODAY });
const parsedExample = parseTimelineJson(
  readFileSync(new URL('./fixtures/design-example.json', import.meta.url), 'utf8'),
);
if (!parsedExample.ok) throw new Error('fixture');
const exampleFile = parsedExample.file;
const [example] = exampleFile.patients as [PatientTimeline];

/** What the cohort lacks: 90 and over, free text, AHSCT, ELISA and "other" assays, running acute courses. */
const edge = patientTimelineSchema.parse({
  mrn: 'EDGE-90',
  givenName: 'Oldest',
  familyName: 'Edgecase',
  birthDate: '1931-02-03',
  sex: 'male',
  diagnosisDate: '2010-06-01',
  firstAttackDate: '2010-03-15',
  aqp4Status: 'negative',
  mogStatus: 'unknown',
  comorbidities: ['myasthenia_gravis', 'sjogren_syndrome'],
  events: [
    {
      type: 'relapse',
      onsetDate: '2010-03-15',
      phenotype: 'brainstem',
      severity: 'mild',
      acuteTreatments: [{ type: 'ivig', startDate: '2010-03-16', days: 5 }],
    },
    { type: 'mri', date: '2010-03-18', region: 'brainstem' },
    { type: 'antibody', date: '2010-03-20', antibody: 'AQP4', assay: 'elisa', result: 'negative' },
    { type: 'antibody', date: '2010-03-20', antibody: 'MOG', assay: 'other', result: 'borderline', titer: 20 },
    { type: 'edss', date: '2011-01-01', score: 2, functionalSystems: { visual: 1, bowelBladder: 2, ambulation: 0 } },
    {
      type: 'visual',
      date: '2011-01-01',
      eye: 'OS',
      logmar: -0.1,
      visualFieldMdDb: -3.2,
      vepLatencyMs: 120,
      funduscopyNote: 'Temporal pallor; Mr Edgecase reports glare',
    },
    { type: 'vaccination', date: '2011-05-05', vaccine: 'menb' },
    {
      type: 'therapy',
      agent: 'ahsct',
      startDate: '2012-01-10',
      stopDate: '2012-02-01',
      stopReason: 'completed',
      schedule: 'once',
      administrations: [{ date: '2012-01-12' }],
    },
    { type: 'lab', date: '2012-02-20', test: 'tpmt', value: 12.5, unit: 'U/mL', result: 'intermediate' },
    { type: 'lab', date: '2012-02-20', test: 'hbsag', result: 'negative' },
    {
      type: 'therapy',
      agent: 'azathioprine',
      startDate: '2012-03-01',
      stopDate: '2015-01-01',
      stopReason: 'adverse_event',
      doseMg: 100,
      schedule: 'daily',
    },
    { type: 'therapy', agent: 'other', startDate: '2015-02-01' },
    {
      type: 'relapse',
      onsetDate: '2026-06-20',
      phenotype: 'diencephalic',
      severity: 'moderate',
      acuteTreatments: [
        { type: 'oral_steroid_taper', startDate: '2026-06-21', days: 30, dailyDoseMg: 60 },
        { type: 'ivmp', startDate: '2026-06-28', days: 5, dailyDoseMg: 1000 },
        { type: 'plex', startDate: '2026-06-29' },
      ],
    },
  ],
});
const everyone = [...cohort.patients, example, edge];

const IDENTIFIED: FhirBundleOptions = { today: TODAY, timestamp: TIMESTAMP };
const DEIDENTIFIED: FhirBundleOptions = { ...IDENTIFIED, deidentify: DEIDENTIFY };

const resources = (entries: FhirEntry[]) => entries.map((entry) => entry.resource);
const ofType = <T extends Resource>(entries: FhirEntry[], type: T['resourceType']) =>
  resources(entries).filter((resource): resource is T => resource.resourceType === type);
const codes = (resource: { code?: { coding?: { code?: string }[] } }) =>
  (resource.code?.coding ?? []).map((coding) => coding.code);
const withCode = <T extends Resource & { code?: { coding?: { code?: string }[] } }>(list: T[], code: string) =>
  list.filter((resource) => codes(resource).includes(code));

describe.each([
  ['identified', IDENTIFIED],
  ['de-identified', DEIDENTIFIED],
])('FHIR R4 export, %s', (_mode, options) => {
  it('every resource of every patient passes the R4 validator with no issue at all', () => {
    const problems: string[] = [];
    const types = new Map<string, number>();
    for (const patient of everyone) {
      for (const resource of resolveReferences(patientResources(patient, options))) {
        types.set(resource.resourceType, (types.get(resource.resourceType) ?? 0) + 1);
        for (const issue of fhirIssues(resource)) problems.push(`${patient.mrn} ${resource.resourceType}: ${issue}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...types.keys()].sort()).toEqual([
      'Condition',
      'Immunization',
      'MedicationAdministration',
      'MedicationRequest',
      'MedicationStatement',
      'Observation',
      'Patient',
      'Procedure',
      'ServiceRequest',
    ]);
    expect(types.get('Patient')).toBe(everyone.length);
  });

  it('the Bundle validates, with unique fullUrls and every reference naming an entry', () => {
    const bundle = fhirBundle(everyone, options);
    const entries = bundle.entry ?? [];
    const fullUrls = entries.map((entry) => entry.fullUrl);
    expect(new Set(fullUrls).size).toBe(entries.length);
    const uuid = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(fullUrls.filter((url) => !uuid.test(url ?? ''))).toEqual([]);
    const references = JSON.stringify(bundle).match(/"reference":"[^"]*"/g) ?? [];
    expect(references.filter((reference) => !fullUrls.includes(reference.slice(13, -1)))).toEqual([]);
    const resolved = resolveReferences(entries);
    expect(fhirIssues({ ...bundle, entry: entries.map((entry, i) => ({ ...entry, resource: resolved[i] })) })).toEqual(
      [],
    );
  });

  it('gives every patient one diagnosis Condition (working diagnosis; ICD-10 G36.0 for NMOSD only), onset at the first attack', () => {
    const seen = new Set<string>();
    for (const patient of everyone) {
      const { diagnosis, basis } = workingDiagnosis(patient);
      seen.add(`${diagnosis} ${basis}`);
      const conditions = ofType<Condition>(patientResources(patient, options), 'Condition');
      const [condition, ...others] = withCode(conditions, `diagnosis.${diagnosis}`);
      expect(others).toEqual([]);
      const nmosd = diagnosis === 'nmosd_aqp4_positive' || diagnosis === 'nmosd_seronegative';
      expect(withCode(conditions, 'G36.0')).toEqual(nmosd ? [condition] : []);
      if (nmosd) expect(condition?.code?.coding?.[0]?.system).toBe('http://hl7.org/fhir/sid/icd-10');
      expect(condition?.verificationStatus?.coding?.[0]?.code).toBe(
        diagnosis === 'other_or_uncertain' ? 'unconfirmed' : basis === 'recorded' ? 'confirmed' : 'provisional',
      );
      expect(Boolean(condition?.onsetDateTime)).toBe(Boolean(patient.firstAttackDate));
      expect(Boolean(condition?.recordedDate)).toBe(Boolean(patient.diagnosisDate));
    }
    // The demo cohort records some diagnoses and leaves others to the derivation.
    for (const kind of [
      'nmosd_aqp4_positive recorded',
      'nmosd_aqp4_positive serostatus',
      'nmosd_seronegative recorded',
      'mogad recorded',
      'other_or_uncertain serostatus',
    ])
      expect(seen).toContain(kind);
  });

  it('uses only documented local codes', () => {
    const text = JSON.stringify(fhirBundle(everyone, options));
    const local = [...text.matchAll(new RegExp(`"system":"${FHIR_SYSTEMS.local}","code":"([^"]+)"`, 'g'))];
    expect(local.length).toBeGreaterThan(1000);
    expect(local.map((match) => match[1] as string).filter((code) => !(code in LOCAL_CODES))).toEqual([]);
    expect(text).not.toContain('233578004');
  });
});

describe('FHIR R4 mapping of records', () => {
  const entries = patientResources(example, IDENTIFIED);
  const edgeEntries = patientResources(edge, IDENTIFIED);
  const urlOf = (resource: Resource) =>
    entries.concat(edgeEntries).find((entry) => entry.resource === resource)?.fullUrl;

  it('keeps UUIDs stable across exports and releases: v5 of the MRN and the record key', () => {
    expect(entries[0]?.fullUrl).toBe('urn:uuid:837bbc4f-1d13-51e1-883f-d42270689963');
  });

  it('identifies the patient by MRN under the clinic system, with name and birth date', () => {
    const [patient] = ofType<Patient>(entries, 'Patient');
    expect(patient).toMatchObject({
      identifier: [{ system: FHIR_SYSTEMS.mrn, value: 'A001' }],
      name: [{ family: 'Example', given: ['Maria'] }],
      gender: 'female',
      birthDate: '1980-04-02',
    });
  });

  it('writes EDSS as a quantity with NCIt C112520 and the functional systems as components', () => {
    const [edss] = withCode(ofType<Observation>(entries, 'Observation'), 'edss');
    expect(codes(edss ?? {})).toEqual(['edss', 'C112520']);
    expect(edss).toMatchObject({ effectiveDateTime: '2016-01-10', valueQuantity: { value: 3.5, code: '{score}' } });
    const [scored] = withCode(ofType<Observation>(edgeEntries, 'Observation'), 'edss');
    expect(scored?.component?.map((part) => [part.code.coding?.[0]?.code, part.valueInteger])).toEqual([
      ['fs.visual', 1],
      ['fs.bowel_bladder', 2],
      ['fs.ambulation', 0],
    ]);
    const scores = cohort.patients.flatMap((patient) =>
      patient.events.flatMap((event) => (event.type === 'edss' ? [event.score] : [])),
    );
    const values = cohort.patients.flatMap((patient) =>
      withCode(ofType<Observation>(patientResources(patient, IDENTIFIED), 'Observation'), 'edss').map(
        (observation) => observation.valueQuantity?.value,
      ),
    );
    expect(values).toEqual(scores);
  });

  it('codes AQP4-IgG by assay with LOINC 63439-4 (cell-based) or 68548-7 (ELISA), titer as a ratio', () => {
    const [aqp4] = withCode(ofType<Observation>(entries, 'Observation'), 'antibody.aqp4_igg');
    expect(codes(aqp4 ?? {})).toEqual(['63439-4', 'antibody.aqp4_igg']);
    expect(aqp4?.valueCodeableConcept?.coding?.map((coding) => coding.code)).toEqual(['result.positive', '10828004']);
    expect(aqp4?.method?.coding?.[0]?.code).toBe('assay.cba_live');
    expect(aqp4?.component?.[0]?.valueRatio).toEqual({ numerator: { value: 1 }, denominator: { value: 1000 } });
    const edgeAntibodies = ofType<Observation>(edgeEntries, 'Observation');
    expect(codes(withCode(edgeAntibodies, 'antibody.aqp4_igg')[0] ?? {})).toEqual(['68548-7', 'antibody.aqp4_igg']);
    expect(codes(withCode(edgeAntibodies, 'antibody.mog_igg')[0] ?? {})).toEqual(['antibody.mog_igg']);
  });

  it('writes visual acuity in logMAR with SNOMED 251739003 and the eye in bodySite', () => {
    const visual = ofType<Observation>(entries, 'Observation');
    const [acuity] = withCode(visual, '251739003');
    expect(acuity).toMatchObject({ valueQuantity: { value: 0.3, code: '{logMAR}' } });
    expect(acuity?.bodySite?.coding?.map((coding) => coding.code)).toEqual(['362502000', 'eye.OD']);
    expect(withCode(visual, 'visual.rnfl')[0]?.valueQuantity).toMatchObject({ value: 72, code: 'um' });
    expect(withCode(visual, 'lab.cd19_percent')[0]?.valueQuantity).toMatchObject({ value: 0.4, code: '%' });
  });

  it('links IVMP and plasma exchange to their attack; PLEX is a Procedure with its sessions', () => {
    const [attack] = withCode(ofType<Condition>(entries, 'Condition'), 'phenotype.optic_neuritis');
    expect(attack).toMatchObject({ onsetDateTime: '2017-05-01', severity: { coding: [{ code: '24484000' }] } });
    const [plex] = ofType<Procedure>(entries, 'Procedure');
    expect(codes(plex ?? {})).toEqual(['acute.plex', '127788007']);
    expect(plex).toMatchObject({ status: 'completed', performedPeriod: { start: '2017-05-09' } });
    expect(plex?.extension?.[0]?.valuePositiveInt).toBe(5);
    expect(plex?.reasonReference?.[0]?.reference).toBe(urlOf(attack as Resource));
    const [ivmp] = withCode(
      ofType<MedicationAdministration>(entries, 'MedicationAdministration').map((a) => ({
        ...a,
        code: a.medicationCodeableConcept,
      })),
      'acute.ivmp',
    );
    expect(ivmp).toMatchObject({
      status: 'completed',
      effectivePeriod: { start: '2017-05-03', end: '2017-05-07' },
      dosage: { route: { coding: [{ code: '47625008' }] }, dose: { value: 1000, code: 'mg' } },
    });
    expect(ivmp?.reasonReference?.[0]?.reference).toBe(urlOf(attack as Resource));
  });

  it('writes a maintenance therapy as a MedicationStatement derived from its administrations', () => {
    const [rituximab] = ofType<MedicationStatement>(entries, 'MedicationStatement');
    expect(rituximab).toMatchObject({ status: 'active', effectivePeriod: { start: '2015-04-01' } });
    expect(rituximab?.effectivePeriod?.end).toBeUndefined();
    const doses = ofType<MedicationAdministration>(entries, 'MedicationAdministration').filter(
      (dose) => dose.medicationCodeableConcept?.coding?.[0]?.code === 'agent.rituximab',
    );
    expect(doses.map((dose) => dose.effectiveDateTime)).toEqual(['2015-04-01', '2015-04-15']);
    expect(rituximab?.derivedFrom?.map((ref) => ref.reference)).toEqual(doses.map((dose) => urlOf(dose)));
    const [azathioprine] = ofType<MedicationStatement>(edgeEntries, 'MedicationStatement').filter(
      (statement) => statement.medicationCodeableConcept?.coding?.[0]?.code === 'agent.azathioprine',
    );
    expect(azathioprine).toMatchObject({
      status: 'stopped',
      statusReason: [{ coding: [{ code: 'stop_reason.adverse_event' }] }],
      effectivePeriod: { start: '2012-03-01', end: '2015-01-01' },
      dosage: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
    });
    expect(withCode(ofType<Procedure>(edgeEntries, 'Procedure'), 'agent.ahsct')).toHaveLength(2);
  });

  it('tells acute courses still running on the export date', () => {
    const taper = ofType<MedicationStatement>(edgeEntries, 'MedicationStatement').find(
      (statement) => statement.medicationCodeableConcept?.coding?.[0]?.code === 'acute.oral_steroid_taper',
    );
    expect(taper?.status).toBe('active');
    const ivmp = ofType<MedicationAdministration>(edgeEntries, 'MedicationAdministration').find(
      (dose) => dose.medicationCodeableConcept?.coding?.[0]?.code === 'acute.ivmp',
    );
    expect(ivmp?.status).toBe('in-progress');
  });

  it('writes vaccinations as completed Immunizations', () => {
    expect(ofType<Immunization>(entries, 'Immunization')).toEqual([
      expect.objectContaining({
        status: 'completed',
        vaccineCode: { coding: [expect.objectContaining({ code: 'vaccine.menacwy' })] },
        occurrenceDateTime: '2019-01-02',
        patient: { reference: urlOf(ofType<Patient>(entries, 'Patient')[0] as Resource) },
      }),
    ]);
  });
});

describe('FHIR R4 export, de-identification', () => {
  const bundle = fhirBundle(everyone, DEIDENTIFIED);
  const text = JSON.stringify(bundle);

  it('holds no MRN, name, exact birth date or free text of any patient', () => {
    for (const patient of everyone) {
      for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate]) {
        expect(text.includes(identifier), `${identifier} leaked`).toBe(false);
      }
    }
    expect(text).not.toContain('glare');
    expect(text).not.toMatch(/"(valueString|note|text|given|family)":/);
    const patients = (bundle.entry ?? []).flatMap((entry) =>
      entry.resource?.resourceType === 'Patient' ? [entry.resource] : [],
    );
    expect(patients.every((patient) => patient.name === undefined)).toBe(true);
    expect(patients.every((patient) => patient.birthDate === undefined || /^\d{4}$/.test(patient.birthDate))).toBe(
      true,
    );
  });

  it('drops the birth year at 90 and over, marking it masked with the age group', () => {
    const patient = ofType<Patient>(patientResources(edge, DEIDENTIFIED), 'Patient')[0] as Patient & {
      _birthDate?: unknown;
    };
    expect(patient.birthDate).toBeUndefined();
    expect(patient._birthDate).toEqual({
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }],
    });
    expect(patient.extension?.[0]?.valueCode).toBe('90+');
    expect(patient.identifier?.[0]?.system).toBe(FHIR_SYSTEMS.subjectId);
  });

  it('refuses relative dates, which FHIR cannot hold', () => {
    expect(() => patientResources(example, { deidentify: { ...DEIDENTIFY, dates: 'relative' } })).toThrow(/shift/);
  });

  it('derives UUIDs from the output alone, never the identified ones', () => {
    const identified = new Set(patientResources(example, IDENTIFIED).map((entry) => entry.fullUrl));
    expect(patientResources(example, DEIDENTIFIED).filter((entry) => identified.has(entry.fullUrl))).toEqual([]);
  });
});

describe('docs/FHIR.md', () => {
  it('documents every local code', () => {
    const doc = readFileSync(new URL('../../../docs/FHIR.md', import.meta.url), 'utf8');
    expect(Object.keys(LOCAL_CODES).filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});

describe('streamed FHIR export from the database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
    await importTimelineFile(database.prisma, exampleFile, { actorId: SYSTEM_USER_ID });
  }, 120_000);
  afterAll(() => database.drop());

  async function exported(options: FhirBundleExportOptions) {
    const pages: [number, number][] = [];
    let text = '';
    const chunks = exportFhirBundle(database.prisma, {
      ...options,
      pageSize: 7,
      onPage: (patients, count) => pages.push([patients, count]),
    });
    for await (const chunk of chunks) text += chunk;
    return { bundle: JSON.parse(text) as Bundle, pages };
  }

  it.each([
    ['identified', IDENTIFIED],
    ['de-identified', DEIDENTIFIED],
  ])('%s: parses as one Bundle holding every resource of every patient, as built in memory', async (_mode, options) => {
    const { bundle, pages } = await exported(options);
    const expected = fhirBundle([example, ...cohort.patients], options);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry).toHaveLength(expected.entry?.length ?? 0);
    const byUrl = (entries: Bundle['entry']) =>
      Object.fromEntries((entries ?? []).map((entry) => [entry.fullUrl, entry.resource]));
    expect(byUrl(bundle.entry)).toEqual(byUrl(expected.entry));
    expect(bundle.entry?.map((entry) => entry.fullUrl)).toEqual(expected.entry?.map((entry) => entry.fullUrl));
    expect(pages.reduce((sum, [patients]) => sum + patients, 0)).toBe(41);
    expect(pages.reduce((sum, [, count]) => sum + count, 0)).toBe((bundle.entry?.length ?? 0) - 1);
  });

  it('exports only the selected patients, de-identified in subject-ID order', async () => {
    const selected = await database.prisma.patient.findMany({
      where: { mrn: { in: ['A001', 'SYN000003', 'SYN000017'] } },
      select: { id: true },
    });
    const { bundle, pages } = await exported({ ...DEIDENTIFIED, patientIds: selected.map((patient) => patient.id) });
    const subjects = (bundle.entry ?? []).flatMap((entry) =>
      entry.resource?.resourceType === 'Patient' ? [entry.resource.identifier?.[0]?.value ?? ''] : [],
    );
    expect(subjects).toHaveLength(3);
    expect(subjects).toEqual([...subjects].sort());
    expect(subjects).toContain(subjectIdOf(DEIDENTIFY.key, 'A001'));
    expect(pages).toEqual([[3, (bundle.entry?.length ?? 0) - 1]]);
  });

  it('the streamed Bundle validates', async () => {
    const { bundle } = await exported(DEIDENTIFIED);
    const resolved = resolveReferences(bundle.entry ?? []);
    const entry = (bundle.entry ?? []).map((item, i) => ({ ...item, resource: resolved[i] }));
    expect(fhirIssues({ ...bundle, entry })).toEqual([]);
  });

  it('refuses relative dates before writing anything', async () => {
    const chunks = exportFhirBundle(database.prisma, { deidentify: { ...DEIDENTIFY, dates: 'relative' } });
    await expect(chunks.next()).rejects.toThrow(/shift/);
  });
});
