import { TRPCClientError } from '@trpc/client';
import type { PatientPage } from '../api-types.ts';

/** A failed call as the tRPC client reports it (the server's error shape, docs/API.md). */
export function serverError(code: string, httpStatus: number, fieldErrors: { path: string; message: string }[] = []) {
  return TRPCClientError.from({
    error: {
      message: code === 'CONFLICT' ? 'changed by someone else' : 'Some fields are not valid',
      code: -32600,
      data: { code, httpStatus, fieldErrors },
    },
  } as never);
}

/** A refusal of an HTTP route outside tRPC, in the same shape (docs/API.md, errors). */
export function httpError(httpStatus: number, message: string, fieldErrors: { path: string; message: string }[] = []) {
  const code = { 400: 'BAD_REQUEST', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[httpStatus] ?? 'BAD_REQUEST';
  return { error: { message, code: -32600, data: { code, httpStatus, path: '/api', fieldErrors } } };
}

export const stored = (id: string) => ({
  id,
  version: 1,
  patientId: 'p1',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  deletedAt: null,
});

/** A small patient page: two overlapping therapies, two attacks (one treated on day 20), EDSS, titers. */
export function patientPage(overrides: Partial<PatientPage['records']> = {}): PatientPage {
  return {
    asOf: '2026-11-24',
    patient: {
      id: 'p1',
      version: 1,
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2020-01-01T00:00:00.000Z',
      deletedAt: null,
      mrn: 'M1',
      givenName: 'Ada',
      familyName: 'Test',
      birthDate: '1980-02-29',
      sex: 'female',
      aqp4Status: 'positive',
      mogStatus: 'negative',
      workingDiagnosis: { diagnosis: 'nmosd_aqp4_positive', basis: 'serostatus' },
    },
    records: {
      edss: [
        { ...stored('e1'), date: '2020-03-01', score: 2 },
        { ...stored('e2'), date: '2022-06-01', score: 4.5 },
        { ...stored('e3'), date: '2025-06-01', score: 3.5 },
      ],
      antibodies: [
        { ...stored('a1'), date: '2020-01-10', antibody: 'AQP4', assay: 'cba_live', result: 'positive', titer: 1000 },
        { ...stored('a2'), date: '2024-01-10', antibody: 'AQP4', assay: 'cba_live', result: 'negative' },
      ],
      mri: [{ ...stored('m1'), date: '2022-05-20', region: 'spinal_cord', newT2Lesions: 1, extensiveSegments: 3 }],
      visualExams: [
        { ...stored('v1'), date: '2023-01-01', eye: 'OD', logmar: 0.1, rnflMicrons: 92 },
        { ...stored('v2'), date: '2023-01-01', eye: 'OS', logmar: 0.6, rnflMicrons: 61 },
      ],
      relapses: [
        {
          ...stored('r1'),
          onsetDate: '2022-05-12',
          phenotype: 'transverse_myelitis',
          severity: 'severe',
          acuteTreatments: [
            { ...stored('t1'), relapseId: 'r1', type: 'ivmp', startDate: '2022-06-01', days: 5, dailyDoseMg: 1000 },
          ],
        },
        {
          ...stored('r2'),
          onsetDate: '2020-01-05',
          phenotype: 'optic_neuritis',
          severity: 'mild',
          acuteTreatments: [],
        },
      ],
      therapies: [
        {
          ...stored('th1'),
          agent: 'azathioprine',
          startDate: '2020-02-01',
          stopDate: '2022-08-01',
          administrations: [],
        },
        { ...stored('th2'), agent: 'rituximab', startDate: '2022-06-15', stopDate: null, administrations: [] },
      ],
      labs: [
        { ...stored('l1'), date: '2023-03-01', test: 'cd19_percent', value: 0.4, unit: '%' },
        { ...stored('l2'), date: '2023-03-01', test: 'igg', value: 6.5, unit: 'g/L' },
      ],
      vaccinations: [],
      ...overrides,
    },
    flags: [],
    metrics: {
      attackCount: 2,
      followUpYears: 6.9,
      annualizedRelapseRate: 0.29,
      lastAttackDate: '2022-05-12',
      daysSinceLastAttack: 1657,
      currentTherapies: ['rituximab'],
      therapyEpisodes: [],
      lastEdss: { date: '2025-06-01', score: 3.5 },
      lastEdssChange: -1,
    },
    thresholds: {
      cd19Percent: 0.1,
      memoryBPercentFirstTwoYears: 0.05,
      memoryBPercentLater: 0.1,
      lowIggMgDl: 700,
      postpartumDays: 90,
      pregnancyDurationDays: 280,
    },
  } as PatientPage;
}
