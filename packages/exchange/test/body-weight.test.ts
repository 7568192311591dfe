import { addDays, type PatientTimeline } from '@nmo/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateShiftOf, deidentifyPatient, fhirBundle, parseCsvLong, parseTimelineJson } from '../src/index.ts';
import { freshDatabases, importAndExport } from './databases.ts';
import { fhirIssues, resolveReferences } from './fhir-setup.ts';

const KEY = 'a-clinic-secret-of-at-least-32-characters';
const patient: PatientTimeline = {
  mrn: 'W-001',
  givenName: 'Ana',
  familyName: 'Weigh',
  birthDate: '1982-04-03',
  sex: 'female',
  aqp4Status: 'positive',
  mogStatus: 'negative',
  events: [
    { type: 'edss', date: '2024-01-02', score: 2 },
    { type: 'bodyWeight', date: '2024-01-02', kg: 61.5 },
    { type: 'bodyWeight', date: '2025-01-07', kg: 58 },
  ],
};

const freshDatabase = freshDatabases();
let exported = '';
let csv = '';
beforeAll(async () => {
  ({ json: exported, csv } = await importAndExport((await freshDatabase()).prisma, [patient], KEY));
});

describe('body weight records', () => {
  it('are stored and exported in the interchange format after the other events of their day', () => {
    const parsed = parseTimelineJson(exported);
    expect(parsed.ok && parsed.file.patients[0]?.events).toEqual(patient.events);
  });

  it('are one CSV row each in the weight_kg column, and read back to the same file', async () => {
    const rows = csv.trim().split('\n');
    expect(rows[0]?.split(',')).toContain('weight_kg');
    expect(rows.filter((row) => row.includes(',body_weight,'))).toHaveLength(2);
    const back = parseCsvLong(csv);
    expect(back.ok && back.file.patients[0]?.events).toEqual(patient.events);
  });

  it('reject a weight of 0 or above 400 kg, naming the field', () => {
    for (const kg of [0, 400.5, -3]) {
      const text = JSON.stringify({
        format: 'nmo-timeline',
        version: 1,
        patients: [{ ...patient, events: [{ type: 'bodyWeight', date: '2024-01-02', kg }] }],
      });
      const parsed = parseTimelineJson(text);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.errors.map((error) => error.path)).toEqual(['patients[0].events[0].kg']);
    }
  });

  it('keep their value and move their date for researchers', () => {
    const shift = dateShiftOf(KEY, patient.mrn);
    const out = deidentifyPatient(patient, { key: KEY, dates: 'shift', today: '2026-11-29' });
    expect(out.events.filter((event) => event.type === 'bodyWeight')).toEqual([
      { type: 'bodyWeight', date: addDays('2024-01-02', -shift), kg: 61.5 },
      { type: 'bodyWeight', date: addDays('2025-01-07', -shift), kg: 58 },
    ]);
  });

  it('are FHIR vital-sign Observations with LOINC 29463-7 in kg, and the Bundle validates', () => {
    const bundle = fhirBundle([patient], { today: '2026-11-29' });
    const entries = bundle.entry ?? [];
    const weights = entries.flatMap((entry) =>
      JSON.stringify(entry.resource).includes('29463-7') ? [entry.resource as { valueQuantity?: unknown }] : [],
    );
    expect(weights.map((weight) => weight.valueQuantity)).toEqual([
      { value: 61.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
      { value: 58, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    ]);
    const resolved = resolveReferences(entries);
    expect(fhirIssues({ ...bundle, entry: entries.map((entry, i) => ({ ...entry, resource: resolved[i] })) })).toEqual(
      [],
    );
  });
});
