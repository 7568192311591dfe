import type { TestDatabase } from '@nmo/db/testing';
import { addDays, todayInClinic } from '@nmo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, callerAs, failure, openTestDatabase, type Role, rowCounts } from './support.ts';

let database: TestDatabase;
let api: Caller;
const today = todayInClinic();
const yesterday = addDays(today, -1);
let patientId: string;
let therapy: { id: string; version: number };

beforeAll(async () => {
  database = await openTestDatabase();
  api = await callerAs(database.prisma, 'clinician');
  const patient = await api.patients.create({
    data: { mrn: 'V001', givenName: 'Vera', familyName: 'Visit', birthDate: '1980-01-01', sex: 'female' },
  });
  patientId = patient.id;
  const current = await api.therapies.create({ patientId, data: { agent: 'azathioprine', startDate: '2020-01-01' } });
  therapy = { id: current.id as string, version: current.version };
}, 60_000);
afterAll(() => database.drop());

/** A visit with every section: EDSS, both eyes, an attack with IVMP, a switch with a dose, a planned dose, weight. */
const fullVisit = () => ({
  patientId,
  edss: { date: yesterday, score: 4, functionalSystems: { visual: 3, pyramidal: 2 } },
  eyes: {
    OD: { date: yesterday, logmar: 0.5, visualFieldMdDb: -6, rnflMicrons: 70, gciplMicrons: 60 },
    OS: { date: yesterday, logmar: 0, rnflMicrons: 95 },
  },
  attack: {
    onsetDate: addDays(today, -10),
    phenotype: 'optic_neuritis' as const,
    severity: 'severe' as const,
    acuteTreatments: [{ type: 'ivmp' as const, startDate: addDays(today, -8), days: 5, dailyDoseMg: 1000 }],
  },
  therapyChange: {
    stop: { therapyId: therapy.id, version: therapy.version, stopDate: yesterday, stopReason: 'inefficacy' as const },
    start: { agent: 'rituximab' as const, startDate: yesterday },
  },
  dose: { date: yesterday, doseMg: 1000 },
  plannedDose: { date: addDays(today, 14), doseMg: 1000 },
  bodyWeight: { date: yesterday, kg: 68 },
});

describe('visits.record', () => {
  it.each(['clinician', 'researcher', 'admin'] as Role[])('as %s', async (role) => {
    const caller = await callerAs(database.prisma, role);
    const outcome = await failure(caller.visits.record({ patientId, edss: { date: '2019-01-01', score: 1 } })).catch(
      () => ({ code: 'OK' }),
    );
    expect(outcome.code).toBe(role === 'clinician' ? 'OK' : 'FORBIDDEN');
  });

  it('a bad field in the last section writes nothing and names the field by its path in the visit', async () => {
    const before = await rowCounts(database.prisma);
    const bad = { ...fullVisit(), bodyWeight: { date: yesterday, kg: -3 } };
    expect(await failure(api.visits.record(bad))).toMatchObject({ code: 'BAD_REQUEST', fields: ['bodyWeight.kg'] });
    const eye = { ...fullVisit(), eyes: { OD: { date: yesterday, logmar: 7 } } };
    expect(await failure(api.visits.record(eye))).toMatchObject({ fields: ['eyes.OD.logmar'] });
    // Found only inside the transaction, after every other section was written: a weight dated tomorrow.
    const late = { ...fullVisit(), bodyWeight: { date: addDays(today, 1), kg: 68 } };
    expect(await failure(api.visits.record(late))).toMatchObject({ code: 'BAD_REQUEST', fields: ['bodyWeight.date'] });
    expect(await rowCounts(database.prisma)).toEqual(before);
  });

  it('a dose without a therapy to belong to is a field error', async () => {
    expect(await failure(api.visits.record({ patientId, dose: { date: yesterday } }))).toMatchObject({
      fields: ['dose.therapyId'],
    });
  });

  it('saves a full visit, audited, and the patient page shows every section', async () => {
    const saved = await api.visits.record(fullVisit());
    expect(saved.created.map((c) => c.section)).toEqual([
      'edss',
      'eyes.OD',
      'eyes.OS',
      'attack',
      'attack.acuteTreatments.0',
      'therapyChange.start',
      'dose',
      'plannedDose',
      'bodyWeight',
    ]);
    expect(saved.stoppedTherapyId).toBe(therapy.id);
    const therapies = await api.therapies.list({ patientId });
    const stopped = therapies.find((t) => t.id === therapy.id);
    expect(stopped).toMatchObject({ stopDate: yesterday, stopReason: 'inefficacy', agent: 'azathioprine' });
    const started = therapies.find((t) => t.agent === 'rituximab');
    expect(started?.administrations.map((a) => [a.date, a.planned ?? false])).toEqual([
      [yesterday, false],
      [addDays(today, 14), true],
    ]);
    const relapses = await api.relapses.list({ patientId });
    expect(relapses.at(-1)?.acuteTreatments).toHaveLength(1);
    expect((await api.visualExams.list({ patientId })).map((e) => e.eye).sort()).toEqual(['OD', 'OS']);
    const audit = database.prisma.auditEvent;
    const ids = saved.created.map((c) => c.id);
    expect(await audit.count({ where: { entityId: { in: ids }, action: { endsWith: '.create' } } })).toBe(ids.length);
    expect(await audit.count({ where: { entityId: therapy.id, action: { endsWith: '.update' } } })).toBe(1);
  });

  it('a therapy changed by someone else since the form opened: CONFLICT, and nothing of the visit is written', async () => {
    const before = await rowCounts(database.prisma);
    const stale = {
      patientId,
      edss: { date: '2021-06-01', score: 3 },
      therapyChange: {
        stop: { therapyId: therapy.id, version: therapy.version, stopDate: yesterday, stopReason: 'other' as const },
      },
    };
    expect(await failure(api.visits.record(stale))).toMatchObject({ code: 'CONFLICT' });
    expect(await rowCounts(database.prisma)).toEqual(before);
  });

  it('two visits to one patient at once are both saved (queued on the patient lock)', async () => {
    const visits = ['2021-07-01', '2021-07-02'].map((date) =>
      api.visits.record({ patientId, edss: { date, score: 2 }, bodyWeight: { date, kg: 70 } }),
    );
    const results = await Promise.allSettled(visits);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const dates = (await api.edss.list({ patientId })).map((e) => e.date);
    expect(dates).toEqual(expect.arrayContaining(['2021-07-01', '2021-07-02']));
  });
});
