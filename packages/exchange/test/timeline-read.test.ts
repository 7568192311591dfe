import { type PrismaClient, SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import {
  CLINICAL_TABLES,
  EVENT_TABLES,
  eventsOfPatientRow,
  importTimelineFile,
  LIVE_RECORDS_INCLUDE,
  loadPatientTimelines,
  patientCodec,
  type StoredPatientTimeline,
} from '@nmo/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../src/synthetic/index.ts';
import { selectedPatientPages } from '../src/timeline/pages.ts';
import { freshDatabases } from './databases.ts';

/**
 * The reference: the same patients read through Prisma's include, as loadPatientTimelines did before
 * it read each patient as one JSON text (docs/decisions/0036-timelines-read-as-json.md).
 */
async function readThroughPrisma(
  db: PrismaClient,
  where: { mrn?: string | { gt: string }; id?: { in: string[] } },
  take?: number,
): Promise<StoredPatientTimeline[]> {
  const rows = (await db.patient.findMany({
    where: { deletedAt: null, ...where },
    orderBy: { mrn: 'asc' },
    ...(take === undefined ? {} : { take }),
    include: LIVE_RECORDS_INCLUDE,
  })) as unknown as Parameters<typeof patientCodec.fromRow>[0][];
  return rows.map((row) => ({
    id: row.id,
    timeline: { ...patientCodec.fromRow(row), events: eventsOfPatientRow(row as Record<string, unknown>) },
  }));
}

describe('loadPatientTimelines reads patients as JSON exactly as Prisma reads them', () => {
  const fresh = freshDatabases();
  let database: TestDatabase;
  let db: PrismaClient;
  let ids: string[];
  beforeAll(async () => {
    database = await fresh();
    db = database.prisma;
    const cohort = generateCohort({ patients: 200, seed: 20261130, asOf: '2026-11-30' });
    await importTimelineFile(db, cohort, { actorId: SYSTEM_USER_ID });
    // Soft-deleted rows in every clinical table (parts included) and one deleted patient: none may be read.
    for (const { table } of CLINICAL_TABLES.filter(({ table }) => table !== 'Patient'))
      await db.$executeRawUnsafe(
        `UPDATE "${table}" SET "deletedAt" = now(), "deletedById" = $1::uuid WHERE id IN (SELECT id FROM "${table}" ORDER BY id LIMIT 1)`,
        SYSTEM_USER_ID,
      );
    const [deleted] = await db.patient.findMany({ orderBy: { mrn: 'desc' }, take: 1 });
    await db.patient.update({
      where: { id: deleted?.id },
      data: { deletedAt: new Date(), deletedById: SYSTEM_USER_ID },
    });
    ids = (await db.patient.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map(({ id }) => id);
  });

  it('the cohort holds every record type, parts, and soft-deleted rows of each table', async () => {
    const all = await readThroughPrisma(db, {});
    const types = new Set(all.flatMap(({ timeline }) => timeline.events.map((event) => event.type)));
    expect([...types].sort()).toEqual(EVENT_TABLES.map((table) => table.type).sort());
    for (const { table } of CLINICAL_TABLES)
      expect(
        Number(
          (
            await database.asOwner<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE "deletedAt" IS NOT NULL`)
          )[0]?.n,
        ),
        table,
      ).toBeGreaterThan(0);
  });

  it('every live patient, page by page after an MRN, equal in values and in key order', async () => {
    const expected = await readThroughPrisma(db, {});
    const read: StoredPatientTimeline[] = [];
    for (;;) {
      const page = await loadPatientTimelines(db, { afterMrn: read.at(-1)?.timeline.mrn, take: 25 });
      if (page.length === 0) break;
      read.push(...page);
    }
    expect(read).toHaveLength(199);
    expect(read).toEqual(expected);
    // Exports write objects in their key order: the same text, not only the same values.
    expect(JSON.stringify(read)).toBe(JSON.stringify(expected));
  });

  it('by ids (a deleted or unknown id is left out), by MRN, and a first page', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await loadPatientTimelines(db, { ids: [...ids, unknown] })).toEqual(
      await readThroughPrisma(db, { id: { in: ids } }),
    );
    const [one] = await readThroughPrisma(db, {}, 1);
    expect(await loadPatientTimelines(db, { mrn: one?.timeline.mrn })).toEqual([one]);
    expect(await loadPatientTimelines(db, { take: 7 })).toEqual(await readThroughPrisma(db, {}, 7));
    expect(await loadPatientTimelines(db, { ids: [] })).toEqual([]);
  });

  it('dates are read as the calendar days stored, whatever DateStyle and TimeZone the session has', async () => {
    const expected = await readThroughPrisma(db, {});
    // Our sessions are pinned to ISO and UTC (decision 0037); the JSON read does not depend on it.
    const read = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL datestyle = 'SQL, DMY'`);
      await tx.$executeRawUnsafe(`SET LOCAL timezone = 'Pacific/Kiritimati'`);
      const [shown] = await tx.$queryRawUnsafe<{ shown: string }[]>(`SELECT DATE '2026-01-31'::text AS shown`);
      expect(shown?.shown).toBe('31/01/2026');
      return loadPatientTimelines(tx, {});
    });
    expect(read).toEqual(expected);
  });
});

describe('the whole cohort listed by keyset pages of MRNs', () => {
  const fresh = freshDatabases();
  it('gives every live patient once, in MRN order, whatever the page sizes, deleted patients left out', async () => {
    const database = await fresh();
    const cohort = generateCohort({ patients: 11, seed: 7, asOf: '2026-06-30' });
    await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
    const mrns = cohort.patients.map((p) => p.mrn).sort();
    const deleted = mrns[4] as string;
    await database.prisma.patient.updateMany({
      where: { mrn: deleted },
      data: { deletedAt: new Date(), deletedById: SYSTEM_USER_ID },
    });
    const live = mrns.filter((mrn) => mrn !== deleted);
    for (const [listPageSize, pageSize] of [
      [3, 2],
      [5, 5],
      [10, 4],
      [50, 3],
    ] as const) {
      const pages: string[][] = [];
      for await (const page of selectedPatientPages(database.prisma, { listPageSize, pageSize }))
        pages.push(page.map((patient) => patient.mrn));
      expect(pages.flat()).toEqual(live);
      expect(pages.every((page) => page.length > 0 && page.length <= pageSize)).toBe(true);
    }
  });
});
