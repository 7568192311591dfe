import { addDays, type PatientTimeline } from '@nmo/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateShiftOf, deidentifyPatient, fhirBundle, parseCsvLong, parseTimelineJson } from '../src/index.ts';
import { freshDatabases, importAndExport } from './databases.ts';
import { fhirIssues, resolveReferences } from './fhir-setup.ts';

/** The records issue 18 added: pregnancy, prophylaxis, referral, planned doses and vaccine products. */
const KEY = 'a-clinic-secret-of-at-least-32-characters';
const patient: PatientTimeline = {
  mrn: 'C-001',
  givenName: 'Clara',
  familyName: 'Care',
  birthDate: '1990-02-03',
  sex: 'female',
  aqp4Status: 'positive',
  mogStatus: 'negative',
  events: [
    { type: 'vaccination', date: '2023-12-01', vaccine: 'menacwy', product: 'menveo' },
    { type: 'vaccination', date: '2023-12-01', vaccine: 'menb', product: 'bexsero' },
    {
      type: 'prophylaxis',
      agent: 'penicillin_v',
      indication: 'meningococcal',
      startDate: '2024-01-02',
      stopDate: '2024-02-15',
    },
    {
      type: 'therapy',
      agent: 'eculizumab',
      startDate: '2024-01-02',
      schedule: 'every_2_weeks',
      administrations: [
        { date: '2024-01-02', doseMg: 900 },
        { date: '2024-01-09', doseMg: 900 },
        { date: '2027-01-05', doseMg: 1200, planned: true },
      ],
    },
    { type: 'referral', date: '2024-03-04', specialty: 'hepatology' },
    { type: 'prophylaxis', agent: 'entecavir', indication: 'hepatitis_b', startDate: '2024-03-05' },
    {
      type: 'pregnancy',
      startDate: '2025-01-10',
      expectedEndDate: '2025-10-17',
      endDate: '2025-10-12',
      outcome: 'live_birth',
      breastfeedingUntil: '2026-03-01',
    },
    { type: 'pregnancy', startDate: '2026-09-01', expectedEndDate: '2027-06-08' },
  ],
};

const freshDatabase = freshDatabases();
let exported = '';
let exportedAgain = '';
let csv = '';
let csvAgain = '';
beforeAll(async () => {
  ({ json: exported, csv } = await importAndExport((await freshDatabase()).prisma, [patient], KEY));
  // A second round: the exported file into a fresh database, exported again.
  const parsed = parseTimelineJson(exported);
  if (!parsed.ok) throw new Error('the export does not parse');
  ({ json: exportedAgain, csv: csvAgain } = await importAndExport(
    (await freshDatabase()).prisma,
    parsed.file.patients,
    KEY,
  ));
});

const sorted = (events: PatientTimeline['events']) => [...events].map((event) => JSON.stringify(event)).sort();

describe('pregnancy, prophylaxis, referral and planned-dose records', () => {
  it('survive the database and the JSON interchange format unchanged (a future planned dose too)', () => {
    const parsed = parseTimelineJson(exported);
    expect(parsed.ok).toBe(true);
    expect(sorted(parsed.ok ? (parsed.file.patients[0]?.events ?? []) : [])).toEqual(sorted(patient.events));
    expect(exportedAgain).toBe(exported);
  });

  it('are CSV rows that read back to the same events', () => {
    const rows = csv.trim().split('\n');
    const header = rows[0]?.split(',') ?? [];
    for (const column of [
      'planned',
      'product',
      'expected_end_date',
      'outcome',
      'breastfeeding_until',
      'indication',
      'specialty',
    ])
      expect(header).toContain(column);
    expect(rows.filter((row) => row.includes(',pregnancy,'))).toHaveLength(2);
    expect(rows.filter((row) => row.includes(',prophylaxis,'))).toHaveLength(2);
    expect(rows.filter((row) => row.includes(',referral,'))).toHaveLength(1);
    expect(csvAgain).toBe(csv);
    const back = parseCsvLong(csv);
    expect(back.ok).toBe(true);
    expect(sorted(back.ok ? (back.file.patients[0]?.events ?? []) : [])).toEqual(sorted(patient.events));
  });

  it('reject a planned dose after the therapy stop and a prophylaxis stopped before it started, naming the field', () => {
    const file = (events: unknown[]) =>
      JSON.stringify({ format: 'nmo-timeline', version: 1, patients: [{ ...patient, events }] });
    const planned = parseTimelineJson(
      file([
        {
          type: 'therapy',
          agent: 'rituximab',
          startDate: '2024-01-02',
          stopDate: '2024-06-01',
          administrations: [{ date: '2024-07-01', planned: true }],
        },
      ]),
    );
    expect(!planned.ok && planned.errors.map((error) => error.path)).toEqual([
      'patients[0].events[0].administrations[0].date',
    ]);
    const prophylaxis = parseTimelineJson(
      file([
        {
          type: 'prophylaxis',
          agent: 'amoxicillin',
          indication: 'meningococcal',
          startDate: '2024-03-01',
          stopDate: '2024-02-01',
        },
      ]),
    );
    expect(!prophylaxis.ok && prophylaxis.errors.map((error) => error.path)).toEqual([
      'patients[0].events[0].stopDate',
    ]);
  });

  it('a given dose may not lie in the future, a planned one may', () => {
    const file = (planned: boolean) =>
      JSON.stringify({
        format: 'nmo-timeline',
        version: 1,
        patients: [
          {
            ...patient,
            events: [
              {
                type: 'therapy',
                agent: 'rituximab',
                startDate: '2024-01-02',
                administrations: [{ date: addDays('2026-11-29', 3650), planned }],
              },
            ],
          },
        ],
      });
    expect(parseTimelineJson(file(true)).ok).toBe(true);
    expect(parseTimelineJson(file(false)).ok).toBe(false);
  });

  it('keep codes and move every date for researchers', () => {
    const shift = dateShiftOf(KEY, patient.mrn);
    const out = deidentifyPatient(patient, { key: KEY, dates: 'shift', today: '2026-11-29' });
    expect(out.events.filter((event) => event.type === 'pregnancy')[0]).toEqual({
      type: 'pregnancy',
      startDate: addDays('2025-01-10', -shift),
      expectedEndDate: addDays('2025-10-17', -shift),
      endDate: addDays('2025-10-12', -shift),
      outcome: 'live_birth',
      breastfeedingUntil: addDays('2026-03-01', -shift),
    });
    expect(out.events.filter((event) => event.type === 'referral')).toEqual([
      { type: 'referral', date: addDays('2024-03-04', -shift), specialty: 'hepatology' },
    ]);
    const therapy = out.events.find((event) => event.type === 'therapy') as { administrations?: unknown[] } | undefined;
    expect(therapy?.administrations?.at(-1)).toEqual({
      date: addDays('2027-01-05', -shift),
      doseMg: 1200,
      planned: true,
    });
  });

  it('are FHIR resources: a planned dose is a MedicationRequest (intent plan), never an administration; the Bundle validates', () => {
    const bundle = fhirBundle([patient], { today: '2026-11-29' });
    const entries = bundle.entry ?? [];
    const types = entries.map((entry) => entry.resource?.resourceType);
    expect(types.filter((type) => type === 'MedicationAdministration')).toHaveLength(2);
    const requests = entries.flatMap((entry) =>
      entry.resource?.resourceType === 'MedicationRequest' ? [entry.resource] : [],
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ intent: 'plan', dosageInstruction: [{ timing: { event: ['2027-01-05'] } }] });
    expect(types.filter((type) => type === 'ServiceRequest')).toHaveLength(1);
    const resolved = resolveReferences(entries);
    expect(fhirIssues({ ...bundle, entry: entries.map((entry, i) => ({ ...entry, resource: resolved[i] })) })).toEqual(
      [],
    );
  });
});
