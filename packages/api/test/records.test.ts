import type { TestDatabase } from '@nmo/db/testing';
import { addDays, todayInClinic } from '@nmo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, failure, openTestDatabase, rowCounts } from './support.ts';

let database: TestDatabase;
let api: Awaited<ReturnType<typeof callerAs>>;
const tomorrow = addDays(todayInClinic(), 1);

const patientData = {
  mrn: 'R001',
  givenName: 'Ada',
  familyName: 'Recordtest',
  birthDate: '1980-01-01',
  sex: 'female',
  aqp4Status: 'positive',
} as const;

interface Fixture {
  patientId: string;
  relapseId: string;
  therapyId: string;
}
let fixture: Fixture;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await callerAs(database.prisma, 'clinician');
  const patient = await api.patients.create({ data: patientData });
  const relapse = await api.relapses.create({
    patientId: patient.id,
    data: { onsetDate: '2020-03-01', phenotype: 'optic_neuritis', severity: 'moderate' },
  });
  const therapy = await api.therapies.create({
    patientId: patient.id,
    data: { agent: 'rituximab', startDate: '2020-04-01' },
  });
  fixture = { patientId: patient.id, relapseId: relapse.id as string, therapyId: therapy.id as string };
}, 60_000);
afterAll(() => database.drop());

type Owner = 'patientId' | 'relapseId' | 'therapyId';
/** Each record router: its owner, a valid record, an edit, and bad data with the field at fault. */
const RECORDS: {
  router:
    | 'edss'
    | 'antibodies'
    | 'mri'
    | 'visualExams'
    | 'relapses'
    | 'acuteTreatments'
    | 'therapies'
    | 'administrations'
    | 'labs'
    | 'vaccinations';
  owner: Owner;
  valid: Record<string, unknown>;
  edit: Record<string, unknown>;
  bad: [string, Record<string, unknown>, string][];
}[] = [
  {
    router: 'edss',
    owner: 'patientId',
    valid: { date: '2021-01-10', score: 3.5 },
    edit: { date: '2021-01-10', score: 4 },
    bad: [
      ['a wrong type', { date: '2021-01-10', score: '3.5' }, 'data.score'],
      ['an out-of-range score', { date: '2021-01-10', score: 10.5 }, 'data.score'],
      ['a score off the half-point steps', { date: '2021-01-10', score: 3.3 }, 'data.score'],
      ['EDSS 0.5 (not a Kurtzke step)', { date: '2021-01-10', score: 0.5 }, 'data.score'],
      ['an unknown field', { date: '2021-01-10', score: 3, scorer: 'x' }, 'data.scorer'],
      ['a future date', { date: tomorrow, score: 3 }, 'data.date'],
      ['a date before birth', { date: '1979-12-31', score: 3 }, 'data.date'],
      ['a missing field', { score: 3 }, 'data.date'],
    ],
  },
  {
    router: 'antibodies',
    owner: 'patientId',
    valid: { date: '2020-03-02', antibody: 'AQP4', assay: 'cba_live', result: 'positive', titer: 1000 },
    edit: { date: '2020-03-02', antibody: 'AQP4', assay: 'cba_live', result: 'positive', titer: 100 },
    bad: [
      ['an unknown assay', { date: '2020-03-02', antibody: 'AQP4', assay: 'pcr', result: 'positive' }, 'data.assay'],
      [
        'a negative titer',
        { date: '2020-03-02', antibody: 'AQP4', assay: 'elisa', result: 'positive', titer: -1 },
        'data.titer',
      ],
      ['a future date', { date: tomorrow, antibody: 'AQP4', assay: 'elisa', result: 'positive' }, 'data.date'],
    ],
  },
  {
    router: 'mri',
    owner: 'patientId',
    valid: { date: '2020-03-03', region: 'spinal_cord', newT2Lesions: 1, gadolinium: true, extensiveSegments: 4 },
    edit: { date: '2020-03-03', region: 'spinal_cord', newT2Lesions: 2, gadolinium: true, extensiveSegments: 4 },
    bad: [
      ['a wrong type', { date: '2020-03-03', region: 'brain', gadolinium: 'yes' }, 'data.gadolinium'],
      ['a fractional lesion count', { date: '2020-03-03', region: 'brain', newT2Lesions: 1.5 }, 'data.newT2Lesions'],
      ['a future date', { date: tomorrow, region: 'brain' }, 'data.date'],
    ],
  },
  {
    router: 'visualExams',
    owner: 'patientId',
    valid: { date: '2021-02-01', eye: 'OD', logmar: 0.3, rnflMicrons: 72 },
    edit: { date: '2021-02-01', eye: 'OD', logmar: 0.2, rnflMicrons: 72 },
    bad: [
      ['an unknown eye', { date: '2021-02-01', eye: 'OU' }, 'data.eye'],
      ['an out-of-range acuity', { date: '2021-02-01', eye: 'OS', logmar: 9 }, 'data.logmar'],
    ],
  },
  {
    router: 'relapses',
    owner: 'patientId',
    valid: { onsetDate: '2022-06-01', phenotype: 'transverse_myelitis', severity: 'severe' },
    edit: { onsetDate: '2022-06-01', phenotype: 'transverse_myelitis', severity: 'moderate' },
    bad: [
      ['an unknown phenotype', { onsetDate: '2022-06-01', phenotype: 'migraine', severity: 'mild' }, 'data.phenotype'],
      ['a future onset', { onsetDate: tomorrow, phenotype: 'brainstem', severity: 'mild' }, 'data.onsetDate'],
      ['an impossible date', { onsetDate: '2022-02-30', phenotype: 'brainstem', severity: 'mild' }, 'data.onsetDate'],
    ],
  },
  {
    router: 'acuteTreatments',
    owner: 'relapseId',
    valid: { type: 'ivmp', startDate: '2020-03-04', days: 5, dailyDoseMg: 1000 },
    edit: { type: 'ivmp', startDate: '2020-03-04', days: 3, dailyDoseMg: 1000 },
    bad: [
      ['a start before the onset', { type: 'plex', startDate: '2020-02-01', sessions: 5 }, 'data.startDate'],
      ['an unknown treatment', { type: 'aspirin', startDate: '2020-03-05' }, 'data.type'],
      ['a future start', { type: 'plex', startDate: tomorrow, sessions: 5 }, 'data.startDate'],
    ],
  },
  {
    router: 'therapies',
    owner: 'patientId',
    valid: { agent: 'azathioprine', startDate: '2018-01-01', stopDate: '2019-06-01', stopReason: 'adverse_event' },
    edit: { agent: 'azathioprine', startDate: '2018-01-01', stopDate: '2019-07-01', stopReason: 'adverse_event' },
    bad: [
      [
        'a stop before the start',
        { agent: 'azathioprine', startDate: '2018-01-01', stopDate: '2017-12-31' },
        'data.stopDate',
      ],
      ['an unknown agent', { agent: 'aspirin', startDate: '2018-01-01' }, 'data.agent'],
      ['a negative dose', { agent: 'azathioprine', startDate: '2018-01-01', doseMg: -5 }, 'data.doseMg'],
    ],
  },
  {
    router: 'administrations',
    owner: 'therapyId',
    valid: { date: '2020-04-01', doseMg: 1000 },
    edit: { date: '2020-04-01', doseMg: 500 },
    bad: [
      ['a date before the therapy started', { date: '2020-03-01', doseMg: 1000 }, 'data.date'],
      ['a wrong type', { date: '2020-04-15', doseMg: 'lots' }, 'data.doseMg'],
    ],
  },
  {
    router: 'labs',
    owner: 'patientId',
    valid: { date: '2021-01-10', test: 'cd19_percent', value: 0.4, unit: '%' },
    edit: { date: '2021-01-10', test: 'cd19_percent', value: 0.5, unit: '%' },
    bad: [
      ['an unknown test', { date: '2021-01-10', test: 'cholesterol', value: 1 }, 'data.test'],
      ['an out-of-range value', { date: '2021-01-10', test: 'igg', value: -1 }, 'data.value'],
      // Units are UCUM codes of the test (issue 14: a name typed as a unit reached research exports).
      [
        'free text as a unit',
        { date: '2021-01-10', test: 'cd19_percent', value: 0.4, unit: 'Smith John' },
        'data.unit',
      ],
      ['a unit of another test', { date: '2021-01-10', test: 'igg', value: 8, unit: '%' }, 'data.unit'],
    ],
  },
  {
    router: 'vaccinations',
    owner: 'patientId',
    valid: { date: '2019-01-02', vaccine: 'menacwy' },
    edit: { date: '2019-01-02', vaccine: 'menb' },
    bad: [['an unknown vaccine', { date: '2019-01-02', vaccine: 'smallpox' }, 'data.vaccine']],
  },
];

type AnyRouter = Record<string, (input: unknown) => Promise<Record<string, unknown> & { id: string; version: number }>>;
const routerOf = (name: string) => (api as unknown as Record<string, AnyRouter>)[name] as AnyRouter;

/** The call fails with BAD_REQUEST naming the field, and no table changed. */
async function rejected(call: () => Promise<unknown>, field: string) {
  const before = await rowCounts(database.prisma);
  const result = await failure(call());
  expect(result.code).toBe('BAD_REQUEST');
  expect(result.fields).toContain(field);
  expect(await rowCounts(database.prisma)).toEqual(before);
}

describe.each(RECORDS)('$router', ({ router, owner, valid, edit, bad }) => {
  const procedures = () => routerOf(router);

  it.each(bad)('create with %s is BAD_REQUEST naming the field, and writes nothing', async (_name, data, field) => {
    await rejected(() => procedures().create?.({ [owner]: fixture[owner], data }) as Promise<unknown>, field);
  });

  it('rejects bad ids, versions and unknown fields on every procedure, writing nothing', async () => {
    const record = await procedures().create?.({ [owner]: fixture[owner], data: valid });
    if (!record) throw new Error('no create');
    await rejected(() => procedures().get?.({ id: 'not-an-id' }) as Promise<unknown>, 'id');
    await rejected(() => procedures().list?.({ [owner]: 42 }) as Promise<unknown>, owner);
    await rejected(() => procedures().history?.({ id: record.id, extra: 1 }) as Promise<unknown>, 'extra');
    await rejected(
      () => procedures().update?.({ id: record.id, version: '1', data: edit }) as Promise<unknown>,
      'version',
    );
    await rejected(
      () => procedures().update?.({ id: record.id, version: 1, data: bad[0]?.[1] }) as Promise<unknown>,
      bad[0]?.[2] ?? '',
    );
    await rejected(() => procedures().delete?.({ id: record.id, version: 0 }) as Promise<unknown>, 'version');
    await rejected(() => procedures().restore?.({ id: record.id }) as Promise<unknown>, 'version');
    await rejected(
      () => procedures().create?.({ [owner]: fixture[owner], data: valid, note: 'x' }) as Promise<unknown>,
      'note',
    );
    await procedures().delete?.({ id: record.id, version: record.version });
  });

  it('round-trips create, update, delete, restore and history, and a stale version changes nothing', async () => {
    const p = procedures();
    const created = await p.create?.({ [owner]: fixture[owner], data: valid });
    if (!created) throw new Error('no create');
    expect(created).toMatchObject({ ...valid, version: 1, deletedAt: null });
    const updated = await p.update?.({ id: created.id, version: 1, data: edit });
    expect(updated).toMatchObject({ ...edit, version: 2 });

    const before = await rowCounts(database.prisma);
    expect(await failure(p.update?.({ id: created.id, version: 1, data: valid }) as Promise<unknown>)).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await rowCounts(database.prisma)).toEqual(before);
    expect(await p.get?.({ id: created.id })).toMatchObject({ ...edit, version: 2 });

    const deleted = await p.delete?.({ id: created.id, version: 2 });
    expect(deleted?.deletedAt).not.toBeNull();
    const listed = (await p.list?.({ [owner]: fixture[owner] })) as unknown as { id: string }[];
    expect(listed.map((r) => r.id)).not.toContain(created.id);
    const all = (await p.list?.({ [owner]: fixture[owner], includeDeleted: true })) as unknown as { id: string }[];
    expect(all.map((r) => r.id)).toContain(created.id);
    expect(await failure(p.update?.({ id: created.id, version: 3, data: edit }) as Promise<unknown>)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(p.delete?.({ id: created.id, version: 3 }) as Promise<unknown>)).toMatchObject({
      code: 'CONFLICT',
    });

    const restored = await p.restore?.({ id: created.id, version: 3 });
    expect(restored).toMatchObject({ ...edit, version: 4, deletedAt: null });
    const history = (await p.history?.({ id: created.id })) as unknown as {
      action: string;
      before: { version: number } | null;
      after: { version: number };
      actor: { email: string };
    }[];
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history.map((h) => h.after.version)).toEqual([1, 2, 3, 4]);
    expect(history[1]?.before).toMatchObject(valid);
    expect(history[1]?.after).toMatchObject(edit);
    expect(history.every((h) => h.actor.email === 'clinician@test.example')).toBe(true);
    await p.delete?.({ id: created.id, version: 4 });
  });

  it('two concurrent updates of one version: exactly one wins, the other gets CONFLICT', async () => {
    const p = procedures();
    const created = await p.create?.({ [owner]: fixture[owner], data: valid });
    if (!created) throw new Error('no create');
    const results = await Promise.allSettled([
      p.update?.({ id: created.id, version: 1, data: edit }),
      p.update?.({ id: created.id, version: 1, data: valid }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason.code).toBe('CONFLICT');
    const stored = await p.get?.({ id: created.id });
    expect(stored?.version).toBe(2);
    const history = (await p.history?.({ id: created.id })) as unknown as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    await p.delete?.({ id: created.id, version: 2 });
  });
});

describe('concurrent writes to one patient', () => {
  it('all succeed (no clash on the stored flags) and the summary reflects every one of them', async () => {
    const patient = await api.patients.create({ data: { ...patientData, mrn: 'CONCURRENT-1' } });
    const dates = Array.from({ length: 12 }, (_, i) => addDays('2021-01-04', i * 30));
    const results = await Promise.allSettled(
      dates.map((date, i) => api.edss.create({ patientId: patient.id, data: { date, score: (i % 6) + 1 } })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const page = await api.patients.timeline({ id: patient.id });
    expect(page.records.edss).toHaveLength(12);
    expect(page.metrics.lastEdss).toEqual({ date: dates.at(-1), score: 6 });
    const summary = await database.prisma.patientSummary.findUniqueOrThrow({ where: { patientId: patient.id } });
    expect(summary.lastEdssScore).toBe(6);
  }, 60_000);
});

describe('patients', () => {
  it.each([
    ['a future birth date', { ...patientData, mrn: 'R002', birthDate: tomorrow }, 'data.birthDate'],
    ['a diagnosis before birth', { ...patientData, mrn: 'R002', diagnosisDate: '1979-01-01' }, 'data.diagnosisDate'],
    ['a birth date before 1900', { ...patientData, mrn: 'R002', birthDate: '1899-12-31' }, 'data.birthDate'],
    [
      'a first attack in the future',
      { ...patientData, mrn: 'R002', firstAttackDate: tomorrow },
      'data.firstAttackDate',
    ],
    ['an MRN with spaces', { ...patientData, mrn: 'R 2' }, 'data.mrn'],
    ['an unknown sex', { ...patientData, mrn: 'R002', sex: 'x' }, 'data.sex'],
    ['an unknown field', { ...patientData, mrn: 'R002', nickname: 'A' }, 'data.nickname'],
    ['an unknown diagnosis', { ...patientData, mrn: 'R002', diagnosis: 'nmosd' }, 'data.diagnosis'],
  ])('create with %s is BAD_REQUEST naming the field, and writes nothing', async (_name, data, field) => {
    await rejected(() => api.patients.create({ data: data as never }), field);
  });

  it("a pregnancy is checked against the patient's sex and its own dates", async () => {
    const man = await api.patients.create({ data: { ...patientData, mrn: 'R009', sex: 'male' } });
    await rejected(
      () => api.pregnancies.create({ patientId: man.id, data: { startDate: '2024-03-01' } }),
      'data.startDate',
    );
    await rejected(
      () =>
        api.pregnancies.create({
          patientId: fixture.patientId,
          data: { startDate: '2024-03-01', endDate: '2024-02-01', outcome: 'miscarriage' },
        }),
      'data.endDate',
    );
    await api.pregnancies.create({ patientId: fixture.patientId, data: { startDate: '2024-03-01' } });
  });

  it('an update may not move the birth date after a record; a taken MRN is a CONFLICT on the field', async () => {
    const patient = await api.patients.get({ id: fixture.patientId });
    await rejected(
      () =>
        api.patients.update({
          id: patient.id,
          version: patient.version,
          data: { ...patientData, birthDate: '2020-03-02' },
        }),
      'data.birthDate',
    );
    const other = await api.patients.create({ data: { ...patientData, mrn: 'R003' } });
    const clash = await failure(api.patients.update({ id: other.id, version: 1, data: { ...patientData } }));
    expect(clash).toMatchObject({ code: 'CONFLICT', fields: ['data.mrn'] });
    // In the user's words, on the MRN field: not "someone else changed the record".
    const message = `MRN ${patientData.mrn} is already used by another patient`;
    expect(clash.message).toBe(message);
    const duplicate = await failure(api.patients.create({ data: { ...patientData } }));
    expect(duplicate).toEqual({ code: 'CONFLICT', fields: ['data.mrn'], message });
  });

  it('concurrent updates: one wins, one CONFLICT; delete hides from the cohort, restore brings back', async () => {
    const created = await api.patients.create({ data: { ...patientData, mrn: 'R004' } });
    const results = await Promise.allSettled([
      api.patients.update({ id: created.id, version: 1, data: { ...patientData, mrn: 'R004', givenName: 'Eve' } }),
      api.patients.update({ id: created.id, version: 1, data: { ...patientData, mrn: 'R004', givenName: 'Ivy' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('CONFLICT');

    const inCohort = async () => (await api.cohort.overview({ search: 'R004' })).total;
    expect(await inCohort()).toBe(1);
    await api.patients.delete({ id: created.id, version: 2 });
    expect(await inCohort()).toBe(0);
    expect(await failure(api.patients.timeline({ id: created.id }))).toMatchObject({ code: 'NOT_FOUND' });
    await api.patients.restore({ id: created.id, version: 3 });
    expect(await inCohort()).toBe(1);
    expect((await api.patients.history({ id: created.id })).map((h) => h.action)).toEqual([
      'create',
      'update',
      'delete',
      'restore',
    ]);
  });

  it('records the diagnosis; shows it and the working diagnosis with its basis; the cohort filters by it', async () => {
    const data = { ...patientData, mrn: 'R010', aqp4Status: 'negative', mogStatus: 'positive' } as const;
    const created = await api.patients.create({ data });
    expect(created.diagnosis).toBeUndefined();
    expect(created.workingDiagnosis).toEqual({ diagnosis: 'mogad', basis: 'serostatus' });
    const byDiagnosis = async (workingDiagnosis: ('mogad' | 'nmosd_seronegative')[]) =>
      (await api.cohort.overview({ search: 'R010', workingDiagnosis })).items.map((item) => item.workingDiagnosis);
    expect(await byDiagnosis(['mogad'])).toEqual(['mogad']);
    expect(await byDiagnosis(['nmosd_seronegative'])).toEqual([]);

    const updated = await api.patients.update({
      id: created.id,
      version: created.version,
      data: { ...data, diagnosis: 'nmosd_seronegative' },
    });
    expect(updated.diagnosis).toBe('nmosd_seronegative');
    expect(updated.workingDiagnosis).toEqual({ diagnosis: 'nmosd_seronegative', basis: 'recorded' });
    expect((await database.prisma.patient.findUniqueOrThrow({ where: { id: created.id } })).diagnosis).toBe(
      'nmosd_seronegative',
    );
    const page = await api.patients.timeline({ id: created.id });
    expect(page.patient).toMatchObject({
      diagnosis: 'nmosd_seronegative',
      workingDiagnosis: { diagnosis: 'nmosd_seronegative', basis: 'recorded' },
    });
    expect(await byDiagnosis(['nmosd_seronegative'])).toEqual(['nmosd_seronegative']);
    expect(await byDiagnosis(['mogad'])).toEqual([]);

    // null clears it: the working diagnosis is derived again.
    const cleared = await api.patients.update({
      id: created.id,
      version: updated.version,
      data: { ...data, diagnosis: null },
    });
    expect(cleared.diagnosis).toBeUndefined();
    expect(cleared.workingDiagnosis).toEqual({ diagnosis: 'mogad', basis: 'serostatus' });
    expect(await failure(api.cohort.overview({ workingDiagnosis: ['ms' as never] }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['workingDiagnosis[0]'],
    });
  });

  it('timeline returns every live record with id and version, flags and metrics, and audits the read', async () => {
    const page = await api.patients.timeline({ id: fixture.patientId });
    expect(page.patient.mrn).toBe('R001');
    const relapses = page.records.relapses as { id: string; onsetDate: string; acuteTreatments: { id: string }[] }[];
    expect(relapses.map((r) => r.id)).toContain(fixture.relapseId);
    expect(page.records.therapies.length).toBeGreaterThan(0);
    expect(page.metrics.currentTherapies).toContain('rituximab');
    expect(page.flags.every((f) => f.message && f.source)).toBe(true);
    const reads = await database.prisma.auditEvent.count({
      where: { action: 'patient.read.timeline', patientId: fixture.patientId },
    });
    expect(reads).toBeGreaterThan(0);
  });
});

describe('flag acknowledgement', () => {
  it('acknowledges with a reason, snoozes until a day, returns when the date passes or new data raises it', async () => {
    const patient = await api.patients.create({ data: { ...patientData, mrn: 'ACK1' } });
    // Attacks within their acute phase (30 days), when an untreated one is still open.
    const onset = addDays(todayInClinic(), -20);
    const later = addDays(todayInClinic(), -16);
    await api.relapses.create({
      patientId: patient.id,
      data: { onsetDate: onset, phenotype: 'optic_neuritis', severity: 'mild' },
    });
    const untreated = (await api.flags.list({ patientId: patient.id })).find((f) => f.code === 'UNTREATED_RELAPSE');
    expect(untreated).toBeDefined();
    const open = async () => (await api.cohort.overview({ search: 'ACK1' })).items[0]?.openFlags.map((f) => f.code);
    const acknowledgeUntreated = (fields: { flagDate: string; reason: string; until?: string }) =>
      api.flags.acknowledge({ patientId: patient.id, code: 'UNTREATED_RELAPSE', ...fields });
    expect(await open()).toContain('UNTREATED_RELAPSE');

    await rejected(() => acknowledgeUntreated({ flagDate: onset, reason: '  ' }), 'reason');
    await rejected(
      () => acknowledgeUntreated({ flagDate: onset, reason: 'treated elsewhere', until: todayInClinic() }),
      'until',
    );
    expect(await failure(acknowledgeUntreated({ flagDate: addDays(onset, 1), reason: 'x' }))).toMatchObject({
      code: 'NOT_FOUND',
    });

    const snooze = await acknowledgeUntreated({
      flagDate: untreated?.date ?? '',
      reason: 'Treated at the referring hospital; records requested',
      until: tomorrow,
    });
    expect(snooze).toMatchObject({ until: tomorrow, by: 'Test clinician', supersededAt: null });
    expect(await open()).not.toContain('UNTREATED_RELAPSE');
    const shown = (await api.patients.timeline({ id: patient.id })).flags.find((f) => f.code === 'UNTREATED_RELAPSE');
    expect(shown?.acknowledgement).toMatchObject({ reason: snooze.reason, until: tomorrow });
    expect(
      await database.prisma.auditEvent.count({
        where: { action: 'FlagAcknowledgement.snooze', patientId: patient.id },
      }),
    ).toBe(1);

    // The day the snooze ends, the flag is open again (the daily recompute runs as of that day).
    const { recomputeFlags } = await import('../src/flags/recompute.ts');
    const { DEFAULT_RULE_SETTINGS } = await import('@nmo/domain');
    await recomputeFlags(database.prisma, {
      asOf: tomorrow,
      settings: DEFAULT_RULE_SETTINGS,
      patientIds: [patient.id],
    });
    const summary = await database.prisma.patientSummary.findUnique({ where: { patientId: patient.id } });
    expect(summary?.openFlagCodes).toContain('UNTREATED_RELAPSE');
    await recomputeFlags(database.prisma, {
      asOf: todayInClinic(),
      settings: DEFAULT_RULE_SETTINGS,
      patientIds: [patient.id],
    });
    expect(await open()).not.toContain('UNTREATED_RELAPSE');

    // New data: another untreated attack is a new flag (another date) and shows at once. Attacks less
    // than attackClusterDays (default 30) apart are one attack, and two attacks 30 days apart cannot
    // both be in their acute phase: this clinic sets 3 days, so the attack 4 days later is a new one.
    const admin = await callerAs(database.prisma, 'admin');
    await admin.settings.update({ overrides: { attackClusterDays: 3 } });
    await api.relapses.create({
      patientId: patient.id,
      data: { onsetDate: later, phenotype: 'transverse_myelitis', severity: 'moderate' },
    });
    const flags = (await api.flags.list({ patientId: patient.id })).filter((f) => f.code === 'UNTREATED_RELAPSE');
    expect(flags.map((f) => [f.date, f.acknowledgement === null])).toEqual(
      expect.arrayContaining([
        [later, true],
        [onset, false],
      ]),
    );

    // Withdrawn: open again at once; the history keeps both.
    await api.flags.withdraw({ acknowledgementId: snooze.id });
    expect(await failure(api.flags.withdraw({ acknowledgementId: snooze.id }))).toMatchObject({ code: 'CONFLICT' });
    expect((await api.flags.list({ patientId: patient.id })).every((f) => f.acknowledgement === null)).toBe(true);
    const history = await api.flags.acknowledgements({ patientId: patient.id });
    expect(history).toHaveLength(1);
    expect(history[0]?.supersededAt).not.toBeNull();
    await admin.settings.update({ overrides: {} });
  });

  it('keeps one acknowledgement in force per flag under simultaneous clicks, and withdrawing it reopens the flag', async () => {
    const patient = await api.patients.create({ data: { ...patientData, mrn: 'ACK2' } });
    await api.relapses.create({
      patientId: patient.id,
      data: { onsetDate: addDays(todayInClinic(), -18), phenotype: 'optic_neuritis', severity: 'severe' },
    });
    const flag = { patientId: patient.id, code: 'UNTREATED_RELAPSE' as const, flagDate: addDays(todayInClinic(), -18) };
    // Twenty identical clicks: one acknowledgement, the same one answered to every click.
    const same = await Promise.all(
      Array.from({ length: 20 }, () => api.flags.acknowledge({ ...flag, reason: 'Seen; treated elsewhere' })),
    );
    expect(new Set(same.map((a) => a.id)).size).toBe(1);
    expect(await database.prisma.flagAcknowledgement.count({ where: { patientId: patient.id } })).toBe(1);
    // Ten different reasons at once: each supersedes the last; exactly one stays in force.
    await Promise.all(Array.from({ length: 10 }, (_, i) => api.flags.acknowledge({ ...flag, reason: `Reason ${i}` })));
    const inForce = await database.prisma.flagAcknowledgement.findMany({
      where: { patientId: patient.id, supersededAt: null },
    });
    expect(inForce).toHaveLength(1);
    // Withdrawing the one shown leaves nothing hiding the flag.
    const shown = (await api.flags.list({ patientId: patient.id })).find((f) => f.code === 'UNTREATED_RELAPSE');
    expect(shown?.acknowledgement?.id).toBe(inForce[0]?.id);
    await api.flags.withdraw({ acknowledgementId: inForce[0]?.id ?? '' });
    const after = (await api.flags.list({ patientId: patient.id })).find((f) => f.code === 'UNTREATED_RELAPSE');
    expect(after?.acknowledgement).toBeNull();
    expect((await api.cohort.overview({ search: 'ACK2' })).items[0]?.openFlags.map((f) => f.code)).toContain(
      'UNTREATED_RELAPSE',
    );
    // The database itself refuses a second acknowledgement in force.
    const row = { patientId: patient.id, code: flag.code, flagDate: new Date(flag.flagDate), reason: 'x' };
    const actor = await database.prisma.user.findFirstOrThrow({ where: { role: 'clinician' } });
    await database.prisma.flagAcknowledgement.create({ data: { ...row, createdById: actor.id } });
    await expect(
      database.prisma.flagAcknowledgement.create({ data: { ...row, createdById: actor.id } }),
    ).rejects.toThrow();
  });

  it('audits reads of flags and of their acknowledgements', async () => {
    const patient = await api.patients.create({ data: { ...patientData, mrn: 'ACK3' } });
    await api.flags.list({ patientId: patient.id });
    await api.flags.acknowledgements({ patientId: patient.id });
    const actions = await database.prisma.auditEvent.findMany({
      where: { patientId: patient.id, action: { startsWith: 'flags.read' } },
      select: { action: true, entityId: true },
      orderBy: { id: 'asc' },
    });
    expect(actions).toEqual([
      { action: 'flags.read.list', entityId: patient.id },
      { action: 'flags.read.acknowledgements', entityId: patient.id },
    ]);
  });
});
