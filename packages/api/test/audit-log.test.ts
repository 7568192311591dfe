import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { importTimelineFile, writeAuditNow } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedFields } from '../src/audit/audit-query.ts';
import { callerAs, openTestDatabase } from './support.ts';

let database: TestDatabase;
let clinician: Awaited<ReturnType<typeof callerAs>>;
let admin: Awaited<ReturnType<typeof callerAs>>;
beforeAll(async () => {
  database = await openTestDatabase();
  clinician = await callerAs(database.prisma, 'clinician');
  admin = await callerAs(database.prisma, 'admin');
});
afterAll(() => database.drop());

const secrets = {
  mrn: 'MRN-SECRET-77',
  givenName: 'Philippa',
  familyName: 'Quintero-Smythe',
  birthDate: '1971-06-14',
  note: 'pale disc, temporal pallor OD',
};

describe('the audit log as an administrator reads it', () => {
  it('shows which fields of a patient’s records changed, never their values', async () => {
    const data = {
      mrn: secrets.mrn,
      givenName: secrets.givenName,
      familyName: secrets.familyName,
      birthDate: secrets.birthDate,
      sex: 'female' as const,
    };
    const patient = await clinician.patients.create({ data });
    await clinician.patients.update({
      id: patient.id,
      version: patient.version,
      data: { ...data, givenName: 'Pippa' },
    });
    await clinician.visualExams.create({
      patientId: patient.id,
      data: { date: '2024-02-02', eye: 'OD', logmar: 0.2, funduscopyNote: secrets.note },
    });
    const { items } = await admin.audit.list({ patientId: patient.id });
    const text = JSON.stringify(items);
    for (const secret of [...Object.values(secrets), 'Pippa']) expect(text).not.toContain(secret);
    const update = items.find((item) => item.action === 'Patient.update');
    expect(update?.details).toEqual({ changed: ['givenName'] });
    const created = items.find((item) => item.action === 'VisualExam.create');
    expect(created?.details).toEqual({
      changed: expect.arrayContaining(['date', 'eye', 'funduscopyNote', 'logmar']),
    });
  });

  it('is itself audited when read', async () => {
    const before = await database.prisma.auditEvent.count({ where: { action: 'audit.read' } });
    await admin.audit.list({ action: 'Patient.' });
    const row = await database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'audit.read' },
      orderBy: { id: 'desc' },
    });
    expect(await database.prisma.auditEvent.count({ where: { action: 'audit.read' } })).toBe(before + 1);
    expect(row.details).toMatchObject({ filters: { action: 'Patient.' } });
  });

  it('withholds the text of a clinician’s search in an export’s filters', async () => {
    const actor = await database.prisma.user.findFirstOrThrow({ where: { role: 'clinician' } });
    await database.prisma.auditEvent.create({
      data: {
        actorId: actor.id,
        action: 'export.csv.start',
        details: { exportId: 'x', filters: { search: secrets.familyName, aqp4Status: ['positive'] } },
      },
    });
    const { items } = await admin.audit.list({ action: 'export.csv.start' });
    expect(items[0]?.details).toMatchObject({ filters: { search: '[withheld]', aqp4Status: ['positive'] } });
  });
});

describe('imports in the record history', () => {
  it('an imported record’s history shows its creation and each change an import made', async () => {
    const file = {
      format: 'nmo-timeline' as const,
      version: 1 as const,
      patients: [
        {
          mrn: 'IMP-1',
          givenName: 'Ida',
          familyName: 'Import',
          birthDate: '1980-01-01',
          sex: 'female' as const,
          events: [{ type: 'edss' as const, date: '2024-01-10', score: 2 }],
        },
      ],
    };
    const { id: actorId } = await database.prisma.user.findFirstOrThrow({ where: { role: 'clinician' } });
    await importTimelineFile(database.prisma, file, { actorId });
    const edss = file.patients[0]?.events[0];
    if (edss) edss.score = 3;
    await importTimelineFile(database.prisma, file, { actorId });
    const patient = await database.prisma.patient.findUniqueOrThrow({ where: { mrn: 'IMP-1' } });
    const record = await database.prisma.edssAssessment.findFirstOrThrow({ where: { patientId: patient.id } });
    const history = await clinician.edss.history({ id: record.id });
    expect(history.map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ['create', null, expect.objectContaining({ score: 2 })],
      ['update', expect.objectContaining({ score: 2 }), expect.objectContaining({ score: 3 })],
    ]);
    const patientHistory = await clinician.patients.history({ id: patient.id });
    expect(patientHistory.map((entry) => entry.action)).toEqual(['create']);
  });
});

describe('writeAuditNow (the row of a read)', () => {
  const rowsOf = (action: string) => database.prisma.auditEvent.findMany({ where: { action } });

  it('writes the row with every field, on the pool of a client from createPrismaClient', async () => {
    const patient = await clinician.patients.create({
      data: { mrn: 'MRN-AUDIT-NOW', givenName: 'Ada', familyName: 'Read', birthDate: '1980-01-01', sex: 'female' },
    });
    await writeAuditNow(database.prisma, {
      actorId: SYSTEM_USER_ID,
      action: 'test.read.list',
      entityType: 'Patient',
      entityId: 'some-record',
      patientId: patient.id,
      clientAddress: '203.0.113.9',
      details: { patientIds: ['a', 'b'] },
    });
    const [row] = await rowsOf('test.read.list');
    expect(row).toMatchObject({
      actorId: SYSTEM_USER_ID,
      entityType: 'Patient',
      entityId: 'some-record',
      patientId: patient.id,
      clientAddress: '203.0.113.9',
      success: true,
      details: { patientIds: ['a', 'b'] },
    });
  });

  it('in a transaction, writes through the transaction: a rollback leaves no row', async () => {
    await expect(
      database.prisma.$transaction(async (tx) => {
        await writeAuditNow(tx, { actorId: SYSTEM_USER_ID, action: 'test.read.record', success: false });
        expect(await tx.auditEvent.count({ where: { action: 'test.read.record' } })).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rowsOf('test.read.record')).toEqual([]);
  });

  it('names an actor who does not exist in its error, and writes nothing', async () => {
    await expect(
      writeAuditNow(database.prisma, { actorId: '00000000-0000-4000-8000-00000000beef', action: 'test.read.history' }),
    ).rejects.toThrow(/actorId|AuditEvent_actorId_fkey/);
    expect(await rowsOf('test.read.history')).toEqual([]);
  });
});

describe('changedFields', () => {
  it('lists the leaves that differ, nested ones by their path', () => {
    expect(changedFields(null, { a: 1, b: { c: null, d: 2 } })).toEqual(['a', 'b.d']);
    expect(changedFields({ a: 1, b: [1] }, { a: 1, b: [1, 2] })).toEqual(['b']);
  });
});
