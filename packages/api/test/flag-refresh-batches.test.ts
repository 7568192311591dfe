import { SYSTEM_USER_ID } from '@nmo/db';
import { DEFAULT_RULE_SETTINGS, flagsIn, ruleContext, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { loadPatientTimelines } from '@nmo/storage';
import { describe, expect, it } from 'vitest';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { lockPatients } from '../src/records/patient-locks.ts';
import { useCohortDatabase } from './support.ts';

const today = todayInClinic();
let db: Parameters<Parameters<typeof useCohortDatabase>[2]>[0]['prisma'];
useCohortDatabase(generateCohort({ patients: 40, seed: 40, asOf: today }), today, async (database) => {
  db = database.prisma;
});

/** Everything stored for the cohort's flags and summaries, in a fixed order (ids and timestamps aside). */
async function storedRows() {
  const flags = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT f."patientId", code, severity::text, date::text, message, s.text AS source, details::text, status::text,
            "resolvedOn"::text, resolution
     FROM "PatientFlag" f JOIN "FlagSource" s ON s.id = f."sourceId"
     ORDER BY 1, 2, 4, 7, 5`,
  );
  const summaries = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT to_jsonb(s) - 'updatedAt' - 'createdAt' AS row FROM "PatientSummary" s ORDER BY "patientId"`,
  );
  const states = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT "patientId", "asOf"::text FROM "PatientFlagState" ORDER BY 1`,
  );
  return { flags, summaries, states };
}

/** The flags the rules raise for one patient from what is stored now, as (code, date, status). */
async function computedFor(patientId: string) {
  const [patient] = await loadPatientTimelines(db, { ids: [patientId] });
  if (!patient) throw new Error('no such patient');
  return flagsIn(ruleContext(patient.timeline, today, DEFAULT_RULE_SETTINGS))
    .map((f) => `${f.code} ${f.date} ${f.status}`)
    .sort();
}
const storedFor = async (patientId: string) =>
  (await db.patientFlag.findMany({ where: { patientId } }))
    .map((f) => `${f.code} ${f.date.toISOString().slice(0, 10)} ${f.status}`)
    .sort();

describe('the whole-cohort refresh, a transaction per batch', () => {
  it('stores the same rows as the same refresh inside a caller transaction (COPY and JSON paths agree)', async () => {
    await recomputeFlags(db, { asOf: today, settings: DEFAULT_RULE_SETTINGS, parallel: 2 });
    const byBatches = await storedRows();
    expect(byBatches.flags.length).toBeGreaterThan(100);
    await db.$transaction((tx) => recomputeFlags(tx, { asOf: today, settings: DEFAULT_RULE_SETTINGS }), {
      timeout: 60_000,
    });
    expect(await storedRows()).toEqual(byBatches);
  });

  it('waits for a write in progress to one of its patients, then computes from data that include it', async () => {
    const therapies = await db.therapy.groupBy({ by: ['patientId'], where: { deletedAt: null }, _count: true });
    const patientId = therapies.sort((a, b) => b._count - a._count)[0]?.patientId as string;
    const before = await storedFor(patientId);
    let commit: () => void = () => {};
    let locked: () => void = () => {};
    const lockHeld = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // A clinician's write: the patient's lock, then their therapies recorded as removed, not committed yet.
    const write = db.$transaction(
      async (tx) => {
        await lockPatients(tx, [patientId]);
        await tx.therapy.updateMany({
          where: { patientId },
          data: { deletedAt: new Date(), deletedById: SYSTEM_USER_ID },
        });
        locked();
        await new Promise<void>((resolve) => {
          commit = resolve;
        });
      },
      { timeout: 30_000 },
    );
    await lockHeld;
    let refreshed = false;
    const refresh = recomputeFlags(db, { asOf: today, settings: DEFAULT_RULE_SETTINGS, parallel: 2 }).then(() => {
      refreshed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(refreshed).toBe(false);
    commit();
    await write;
    await refresh;
    const after = await storedFor(patientId);
    expect(after).toEqual(await computedFor(patientId));
    // The write changed what the rules raise, so flags computed before it would have been wrong.
    expect(after).not.toEqual(before);
  });

  it('many single-patient recomputes at once (page reads after midnight) all finish: no batch waits for a connection for ever', async () => {
    const ids = (await db.patient.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map(({ id }) => id);
    // More at once than the pool has connections (10), each holding one while it reads on another.
    const results = await Promise.all(
      ids
        .slice(0, 16)
        .map((id) => recomputeFlags(db, { asOf: today, settings: DEFAULT_RULE_SETTINGS, patientIds: [id] })),
    );
    expect(results.map((result) => result.patients)).toEqual(Array(16).fill(1));
    for (const id of ids.slice(0, 3)) expect(await storedFor(id)).toEqual(await computedFor(id));
  }, 20_000);
});
