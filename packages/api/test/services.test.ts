import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@nmo/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  createAccount,
  resetAccountPassword,
  setAccountDisabled,
  updateAccount,
} from '../src/accounts/account-service.ts';
import { hashPassword } from '../src/accounts/passwords.ts';
import { changeOwnPassword, signIn } from '../src/auth/auth-service.ts';
import { acknowledgeMany, acknowledgeOne, withdrawAcknowledgement } from '../src/flags/acknowledgement-service.ts';
import { createPatient, setPatientDeleted, updatePatient } from '../src/patients/patient-service.ts';
import { lockPatients } from '../src/records/patient-locks.ts';
import type { ActingContext } from '../src/trpc/context.ts';
import { AppError } from '../src/trpc/errors.ts';
import { importFile } from '../src/use-cases/import-file.ts';
import { saveSettingsAndRecompute } from '../src/use-cases/save-settings.ts';
import { openTestDatabase, rowCounts } from './support.ts';

let database: TestDatabase;
let acting: ActingContext;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  database = await openTestDatabase();
  const admin = await database.prisma.user.create({
    data: {
      email: 'admin@test.example',
      displayName: 'Admin',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  acting = { db: database.prisma, actor: { id: admin.id }, clientAddress: '192.0.2.10' };
});
afterAll(() => database?.drop());

/** The service's refusal: its code and the fields it names. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, fields: error.fieldErrors.map((field) => field.path) };
  }
  throw new Error('expected the service to refuse');
}

/** Runs a refused call and checks that it wrote nothing, not even an audit row. */
async function refusedWithoutWriting(call: () => Promise<unknown>) {
  const before = await rowCounts(database.prisma);
  const refused = await refusal(call());
  expect(await rowCounts(database.prisma)).toEqual(before);
  return refused;
}

const patientFields = (mrn: string) => ({
  mrn,
  givenName: 'Ann',
  familyName: 'Lee',
  birthDate: '1980-01-01',
  sex: 'female' as const,
});

describe('the sign-in service', () => {
  it('refuses a wrong password and a disabled account alike, and audits each failure with its reason', async () => {
    expect(await refusal(signIn(database.prisma, { email: 'admin@test.example', password: 'wrong' }))).toEqual({
      code: 'UNAUTHORIZED',
      fields: [],
    });
    await database.prisma.user.create({
      data: {
        email: 'off@test.example',
        displayName: 'Off',
        role: 'clinician',
        disabled: true,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    expect(await refusal(signIn(database.prisma, { email: 'off@test.example', password: PASSWORD }))).toEqual({
      code: 'UNAUTHORIZED',
      fields: [],
    });
    const failures = await database.prisma.auditEvent.findMany({
      where: { action: 'auth.login', success: false },
      orderBy: { id: 'asc' },
    });
    expect(failures.map((row) => (row.details as { reason: string }).reason)).toEqual(['bad credentials', 'disabled']);
  });

  it('refuses a wrong current password and an unchanged new one, naming the field', async () => {
    expect(
      await refusedWithoutWriting(() =>
        changeOwnPassword(acting, { currentPassword: 'wrong', newPassword: 'another long passphrase' }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: ['currentPassword'] });
    expect(
      await refusedWithoutWriting(() =>
        changeOwnPassword(acting, { currentPassword: PASSWORD, newPassword: PASSWORD }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: ['newPassword'] });
  });
});

describe('the account service', () => {
  it('refuses a taken email, demoting or disabling oneself, and an unknown account, writing nothing', async () => {
    expect(
      await refusedWithoutWriting(() =>
        createAccount(acting, { email: 'admin@test.example', displayName: 'Twin', role: 'clinician' }),
      ),
    ).toEqual({ code: 'CONFLICT', fields: ['email'] });
    expect(
      await refusedWithoutWriting(() => updateAccount(acting, { id: acting.actor.id, role: 'clinician' })),
    ).toEqual({ code: 'BAD_REQUEST', fields: ['role'] });
    expect(
      await refusedWithoutWriting(() => setAccountDisabled(acting, { id: acting.actor.id, disabled: true })),
    ).toEqual({ code: 'BAD_REQUEST', fields: ['id'] });
    expect(await refusedWithoutWriting(() => resetAccountPassword(acting, { id: randomUUID() }))).toEqual({
      code: 'NOT_FOUND',
      fields: [],
    });
  });
});

describe('the patient service', () => {
  it('refuses a birth date before 1900, a taken MRN and a stale version, writing nothing', async () => {
    expect(
      await refusedWithoutWriting(() => createPatient(acting, { ...patientFields('S1'), birthDate: '1850-01-01' })),
    ).toEqual({ code: 'BAD_REQUEST', fields: ['data.birthDate'] });
    const patient = await createPatient(acting, patientFields('S1'));
    expect(await refusedWithoutWriting(() => createPatient(acting, patientFields('S1')))).toEqual({
      code: 'CONFLICT',
      fields: ['data.mrn'],
    });
    const stale = { id: patient.id, version: patient.version + 1 };
    expect(
      await refusedWithoutWriting(() => updatePatient(acting, { ...stale, data: patientFields('S1') })),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(await refusedWithoutWriting(() => setPatientDeleted(acting, stale, true))).toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('the acknowledgement service', () => {
  it('refuses a flag of an unknown patient, a flag the patient does not have, and a withdrawn acknowledgement', async () => {
    const key = { patientId: randomUUID(), code: 'LOW_IGG' as const, flagDate: '2024-01-01' as never };
    expect(await refusedWithoutWriting(() => acknowledgeOne(acting, { ...key, reason: 'seen' }))).toEqual({
      code: 'NOT_FOUND',
      fields: [],
    });
    const patient = await createPatient(acting, patientFields('S2'));
    expect(
      await refusedWithoutWriting(() =>
        acknowledgeMany(acting, { items: [{ ...key, patientId: patient.id }, key], reason: 'seen' }),
      ),
    ).toEqual({ code: 'NOT_FOUND', fields: ['items[0]', 'items[1]'] });
    const withdrawn = await database.prisma.flagAcknowledgement.create({
      data: {
        patientId: patient.id,
        code: 'LOW_IGG',
        flagDate: new Date('2024-01-01'),
        reason: 'seen',
        createdById: acting.actor.id,
        supersededAt: new Date(),
      },
    });
    expect(await refusedWithoutWriting(() => withdrawAcknowledgement(acting, withdrawn.id))).toEqual({
      code: 'CONFLICT',
      fields: [],
    });
    expect(await refusedWithoutWriting(() => withdrawAcknowledgement(acting, randomUUID()))).toEqual({
      code: 'NOT_FOUND',
      fields: [],
    });
  });
});

describe('the use cases', () => {
  it('saving invalid settings names the field and saves nothing', async () => {
    const before = await rowCounts(database.prisma);
    await expect(saveSettingsAndRecompute(acting, { lowIggMgDl: 'low' })).rejects.toBeInstanceOf(ZodError);
    expect(await rowCounts(database.prisma)).toEqual(before);
  });

  it('an import reports the file’s own errors and its conflicts with the database, writing nothing', async () => {
    const import_ = (text: string) =>
      importFile(database.prisma, { text, name: 'a.json', actorId: acting.actor.id, dryRun: false });
    const file = (mrn: string) =>
      JSON.stringify({ format: 'nmo-timeline', version: 1, patients: [{ ...patientFields(mrn), events: [] }] });
    const before = await rowCounts(database.prisma);
    expect(await import_('{')).toMatchObject({ ok: false, patients: 0 });
    const deleted = await createPatient(acting, patientFields('S3'));
    await setPatientDeleted(acting, deleted, true);
    const afterDelete = await rowCounts(database.prisma);
    expect(await import_(file('S3'))).toMatchObject({ ok: false, patients: 1, errors: [{ path: 'patients[0].mrn' }] });
    expect(await rowCounts(database.prisma)).toEqual(afterDelete);
    expect(before.Patient).toBe((afterDelete.Patient ?? 0) - 1);
  });

  it('an import of an existing patient waits for the patient’s other writer (docs/decisions/0009)', async () => {
    const patient = await createPatient(acting, patientFields('S4'));
    let release = () => {};
    let lockTaken = () => {};
    const taken = new Promise<void>((resolve) => {
      lockTaken = resolve;
    });
    const writer = database.prisma.$transaction(async (tx) => {
      await lockPatients(tx, [patient.id]);
      lockTaken();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await taken;
    let finished = false;
    const text = JSON.stringify({
      format: 'nmo-timeline',
      version: 1,
      patients: [{ ...patientFields('S4'), givenName: 'Anna', events: [] }],
    });
    const imported = importFile(database.prisma, { text, name: 'a.json', actorId: acting.actor.id, dryRun: false });
    void imported.then(() => {
      finished = true;
    });
    // The import queues on the patient's advisory lock (nothing else here takes one).
    const waiting = async () => {
      const [row] = await database.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      return (row?.n ?? 0) > 0;
    };
    const deadline = Date.now() + 20_000;
    while (!(await waiting()) && !finished && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(false);
    expect(await waiting()).toBe(true);
    release();
    await writer;
    expect(await imported).toMatchObject({ ok: true, summary: { patients: { updated: 1 } } });
  });
});
