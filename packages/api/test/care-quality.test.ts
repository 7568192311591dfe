import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { DEFAULT_RULE_SETTINGS, type PatientTimeline, todayInClinic } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { callerAs, openTestDatabase } from './support.ts';

/** Twelve patients on rituximab (ten treated on day 5, two on day 20) and two on tocilizumab. */
function patient(n: number, agent: 'rituximab' | 'tocilizumab', treatedOnDay: number): PatientTimeline {
  return {
    mrn: `Q${String(n).padStart(3, '0')}`,
    givenName: `Given${n}`,
    familyName: `Family${n}`,
    birthDate: '1975-05-05',
    sex: 'female',
    aqp4Status: 'positive',
    mogStatus: 'negative',
    events: [
      {
        type: 'relapse',
        onsetDate: '2023-03-01',
        phenotype: 'optic_neuritis',
        severity: 'moderate',
        acuteTreatments: [{ type: 'ivmp', startDate: `2023-03-${String(1 + treatedOnDay).padStart(2, '0')}`, days: 5 }],
      },
      { type: 'therapy', agent, startDate: '2023-04-01' },
    ],
  };
}
const patients = [
  ...Array.from({ length: 12 }, (_, i) => patient(i + 1, 'rituximab', i < 10 ? 5 : 20)),
  patient(13, 'tocilizumab', 5),
  patient(14, 'tocilizumab', 5),
];

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  await importTimelineFile(database.prisma, { patients }, { actorId: SYSTEM_USER_ID });
  await recomputeFlags(database.prisma, { asOf: todayInClinic(), settings: DEFAULT_RULE_SETTINGS });
}, 120_000);
afterAll(() => database.drop());

describe('care quality', () => {
  it('gives clinicians exact figures per year, and the patients behind a figure (audited)', async () => {
    const clinician = await callerAs(database.prisma, 'clinician');
    const { years, privacy } = await clinician.cohort.careQuality();
    expect(privacy).toBeNull();
    const y2023 = years.find((y) => y.year === 2023);
    expect(y2023).toMatchObject({ attacks: 14, treatedWithinDays: { cases: 14, met: 12 } });
    expect(y2023?.onsetToIvmpDays).toEqual({ cases: 14, median: 5 });
    const missed = await clinician.cohort.careQualityPatients({
      year: 2023,
      indicator: 'treatedWithinDays',
      met: false,
    });
    expect(missed.map((p) => p.mrn)).toEqual(['Q011', 'Q012']);
    const audit = await database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'cohort.read.careQuality' },
      orderBy: { id: 'desc' },
    });
    expect((audit.details as { patientIds: string[] }).patientIds).toHaveLength(2);
  });

  it('gives researchers counts over groups of at least 5, hiding a share whose missed cases are a small cell', async () => {
    const researcher = await callerAs(database.prisma, 'researcher');
    const { years, privacy } = await researcher.cohort.careQuality();
    expect(privacy).toEqual({ threshold: 5 });
    const y2023 = years.find((y) => y.year === 2023);
    // The two tocilizumab patients form a group under 5: not counted.
    expect(y2023?.attacks).toBe(12);
    // Ten met, two missed: the two would be a small cell, so neither count nor share is shown.
    expect(y2023?.treatedWithinDays).toEqual({ cases: 12, met: null, share: null });
    expect(y2023?.onsetToIvmpDays).toEqual({ cases: 12, median: 5 });
    expect(y2023?.severeWithPlex).toEqual({ cases: 0, met: null, share: null });
    expect(JSON.stringify(years)).not.toMatch(/Q0\d\d|Family/);
  });
});
