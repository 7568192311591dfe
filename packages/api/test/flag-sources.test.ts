import type { SqlRunner } from '@nmo/db';
import { DEFAULT_RULE_SETTINGS, flagsIn, ruleContext, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { loadPatientTimelines } from '@nmo/storage';
import { describe, expect, it } from 'vitest';
import { flagSourceId, storeFlagSources } from '../src/flags/flag-sources.ts';
import { loadPatientFlags } from '../src/flags/patient-flags.ts';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { useCohortDatabase } from './support.ts';

const today = todayInClinic();
let db: Parameters<Parameters<typeof useCohortDatabase>[2]>[0]['prisma'];
useCohortDatabase(generateCohort({ patients: 30, seed: 38, asOf: today }), today, async (database) => {
  db = database.prisma;
});

/** Every flag the rules raise for the cohort today, as (patient, code, date, source). */
async function computedFlags() {
  const timelines = await loadPatientTimelines(db, {});
  return timelines
    .flatMap(({ id, timeline }) =>
      flagsIn(ruleContext(timeline, today, DEFAULT_RULE_SETTINGS)).map((f) => `${id} ${f.code} ${f.date} ${f.source}`),
    )
    .sort();
}

describe('cited sources are stored once and read back with every flag', () => {
  it('each distinct text once, under its SHA-256; every stored flag reads the text its rule cites', async () => {
    const computed = await computedFlags();
    const texts = new Set(computed.map((line) => line.split(' ').slice(3).join(' ')));
    const stored = await db.flagSource.findMany();
    expect(stored.map((s) => s.text).sort()).toEqual([...texts].sort());
    for (const { id, text } of stored) expect(id).toBe(flagSourceId(text));
    const ids = (await db.patient.findMany({ select: { id: true } })).map(({ id }) => id);
    const read = (await loadPatientFlags(db, ids)).map((f) => `${f.patientId} ${f.code} ${f.date} ${f.source}`).sort();
    expect(read).toEqual(computed);
  });

  it('two refreshes bringing the same new texts at once both succeed, and each text is stored once', async () => {
    await db.patientFlag.deleteMany();
    await db.flagSource.deleteMany();
    const ids = (await db.patient.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map(({ id }) => id);
    const half = Math.ceil(ids.length / 2);
    await Promise.all([
      db.$transaction((tx) =>
        recomputeFlags(tx, { asOf: today, settings: DEFAULT_RULE_SETTINGS, patientIds: ids.slice(0, half) }),
      ),
      db.$transaction((tx) =>
        recomputeFlags(tx, { asOf: today, settings: DEFAULT_RULE_SETTINGS, patientIds: ids.slice(half) }),
      ),
    ]);
    const computed = await computedFlags();
    expect(await db.flagSource.count()).toBe(new Set(computed.map((line) => line.split(' ').slice(3).join(' '))).size);
    const read = (await loadPatientFlags(db, ids)).map((f) => `${f.patientId} ${f.code} ${f.date} ${f.source}`).sort();
    expect(read).toEqual(computed);
  });

  it('new texts are inserted in key order, so two transactions never wait on each other (no deadlock)', async () => {
    // Two refresh batches inserting overlapping new texts in different orders could each hold a key
    // the other waits for: PostgreSQL ended one with 40P01 (seen on a fresh 1,000-patient cohort).
    // In one order, the transaction that waits holds nothing the other still needs.
    const sent: unknown[][] = [];
    const recording: SqlRunner = async (text, values) => {
      sent.push(values);
      return [];
    };
    const texts = Array.from({ length: 50 }, (_, i) => `A source cited in the order test, number ${(i * 37) % 50}`);
    await storeFlagSources(recording, texts);
    const [ids, inserted] = sent.at(-1) as [string[], string[]];
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(50);
    expect(inserted.map(flagSourceId)).toEqual(ids);
  });
});
