import { createPrismaClient, type PrismaClient, SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { addDays, DEFAULT_RULE_SETTINGS, type FlagCode, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { CLINICAL_TABLES, LIVE_RECORDS_INCLUDE } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientFlags, readLivePatientWithFlags } from '../src/flags/patient-flags.ts';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { presentPatient } from '../src/patients/patient-output.ts';
import { present, type RecordKind, type Row } from '../src/records/record-kind.ts';
import { PAGE_SECTIONS, RECORD_KINDS } from '../src/records/routers.ts';
import { callerAs, useCohortDatabase } from './support.ts';

const today = todayInClinic();
let database: TestDatabase;
let db: PrismaClient;
let ids: string[];
useCohortDatabase(generateCohort({ patients: 40, seed: 36, asOf: today }), today, async (opened) => {
  database = opened;
  db = opened.prisma;
  // Acknowledgements in force (for good and snoozed) and one superseded by a later one.
  const clinician = await callerAs(db, 'clinician');
  // Six flags with distinct keys (one patient can have two overdue labs of one code on one day).
  const open = await db.patientFlag.findMany({
    where: { status: 'open' },
    distinct: ['patientId', 'code', 'date'],
    orderBy: [{ patientId: 'asc' }, { code: 'asc' }, { date: 'asc' }],
    take: 6,
  });
  for (const [i, flag] of open.entries()) {
    const key = {
      patientId: flag.patientId,
      code: flag.code as FlagCode,
      flagDate: flag.date.toISOString().slice(0, 10),
    };
    await clinician.flags.acknowledge({ ...key, reason: `seen ${i}`, until: i % 2 ? addDays(today, 30) : undefined });
    if (i === 0) await clinician.flags.acknowledge({ ...key, reason: 'seen again' });
  }
  // Soft-deleted rows in every clinical table (parts included): the page never shows them.
  for (const { table } of CLINICAL_TABLES.filter(({ table }) => table !== 'Patient'))
    await db.$executeRawUnsafe(
      `UPDATE "${table}" SET "deletedAt" = now(), "deletedById" = $1::uuid WHERE id IN (SELECT id FROM "${table}" ORDER BY id LIMIT 2)`,
      SYSTEM_USER_ID,
    );
  // The records changed behind the rules' back: store the flags they now give.
  await recomputeFlags(db, { asOf: today, settings: DEFAULT_RULE_SETTINGS });
  ids = (await db.patient.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map(({ id }) => id);
});

/** What the patient page shows of a patient read through Prisma's include: the reference. */
async function presentedThroughPrisma(client: PrismaClient, id: string) {
  const row = (await client.patient.findFirst({ where: { id, deletedAt: null }, include: LIVE_RECORDS_INCLUDE })) as
    | (Parameters<typeof presentPatient>[0] & Record<string, Row[]>)
    | null;
  if (!row) return null;
  return {
    patient: presentPatient(row),
    records: PAGE_SECTIONS.map(({ name, relation }) =>
      row[relation]?.map((r) => present(RECORD_KINDS[name] as RecordKind, r)),
    ),
    flags: await loadPatientFlags(client, [id]),
  };
}

async function presentedAsJson(client: PrismaClient, id: string) {
  const read = await readLivePatientWithFlags(client, id, { records: true });
  if (!read) return null;
  const { row, flags } = read;
  return {
    patient: presentPatient(row),
    records: PAGE_SECTIONS.map(({ name, relation }) =>
      row[relation]?.map((r) => present(RECORD_KINDS[name] as RecordKind, r)),
    ),
    flags,
  };
}

describe('the patient page reads a patient as one JSON text, exactly as Prisma reads it', () => {
  it('every patient: fields, every live record with ids, versions and timestamps, flags in order, acknowledgements', async () => {
    let acknowledged = 0;
    for (const id of ids) {
      const expected = await presentedThroughPrisma(db, id);
      expect(await presentedAsJson(db, id)).toEqual(expected);
      acknowledged += expected?.flags.filter((flag) => flag.acknowledgement).length ?? 0;
    }
    // Some of the six flags may be gone with the deleted records; their acknowledgements then hide nothing.
    expect(acknowledged).toBeGreaterThan(0);
  });

  it('a deleted or unknown patient is not read', async () => {
    const [first] = ids;
    await db.patient.update({ where: { id: first }, data: { deletedAt: new Date(), deletedById: SYSTEM_USER_ID } });
    expect(await readLivePatientWithFlags(db, first as string, { records: true })).toBeNull();
    expect(await readLivePatientWithFlags(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
    await db.patient.update({ where: { id: first }, data: { deletedAt: null, deletedById: null } });
  });

  describe('on a server whose time zone is not UTC (Asia/Kathmandu, UTC+05:45)', () => {
    let local: PrismaClient;
    beforeAll(async () => {
      await database.asOwner(`ALTER DATABASE "${database.name}" SET datestyle = 'SQL, DMY'`);
      await database.asOwner(`ALTER DATABASE "${database.name}" SET timezone = 'Asia/Kathmandu'`);
      local = createPrismaClient(database.url);
    });
    afterAll(() => local.$disconnect());

    it("the database's sessions default to its zone, ours are UTC, and the JSON read agrees with Prisma's", async () => {
      // A plain connection (the owner's, without our session options) gets the database's defaults.
      const plain = await database.asOwner(
        `SELECT current_setting('TimeZone') AS zone, DATE '2026-01-31'::text AS day`,
      );
      expect(plain).toEqual([{ zone: 'Asia/Kathmandu', day: '31/01/2026' }]);
      const [ours] = await local.$queryRawUnsafe<{ zone: string }[]>(`SELECT current_setting('TimeZone') AS zone`);
      expect(ours?.zone).toBe('UTC');
      for (const id of ids.slice(0, 10))
        expect(await presentedAsJson(local, id)).toEqual(await presentedThroughPrisma(local, id));
    });

    it('an instant Prisma writes is stored as that instant, and one PostgreSQL fills in is read as stored', async () => {
      const id = ids[1] as string;
      const instant = new Date('2026-01-15T12:00:00.000Z');
      await local.patient.update({ where: { id }, data: { deletedAt: instant, deletedById: SYSTEM_USER_ID } });
      // Milliseconds since the epoch, computed by PostgreSQL: no time zone enters them.
      const [stored] = await database.asOwner<{ deleted: string; created: string }>(
        `SELECT (extract(epoch FROM "deletedAt") * 1000)::bigint::text AS deleted, (extract(epoch FROM "createdAt") * 1000)::bigint::text AS created FROM "Patient" WHERE id = '${id}'`,
      );
      await local.patient.update({ where: { id }, data: { deletedAt: null, deletedById: null } });
      expect(Number(stored?.deleted)).toBe(instant.getTime());
      // createdAt was filled in by PostgreSQL (now()) at the import.
      const read = await local.patient.findUniqueOrThrow({ where: { id } });
      expect(read.createdAt.getTime()).toBe(Number(stored?.created));
    });
  });
});
