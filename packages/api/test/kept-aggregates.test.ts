import type { TestDatabase } from '@nmo/db/testing';
import { todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { aggregateKey } from '../src/cohort/kept-aggregates.ts';
import { soleFlagCode } from '../src/cohort/overview.ts';
import { queryStats } from '../src/cohort/stats.ts';
import { type Caller, callerAs, useCohortDatabase } from './support.ts';

const today = todayInClinic();
const cohort = generateCohort({ patients: 60, seed: 21, asOf: today });

let database: TestDatabase;
let clinician: Caller;
let researcher: Caller;
useCohortDatabase(cohort, today, async (opened) => {
  database = opened;
  [clinician, researcher] = await Promise.all([
    callerAs(opened.prisma, 'clinician'),
    callerAs(opened.prisma, 'researcher'),
  ]);
});

const version = async () =>
  (
    await database.prisma.$queryRaw<
      { version: bigint }[]
    >`SELECT sum("version")::bigint AS version FROM "CohortSummaryVersion"`
  )[0]?.version;
const kept = () =>
  database.prisma.$queryRaw<{ key: string; version: bigint }[]>`SELECT "key", "version" FROM "CohortAggregate"`;
const forget = () => database.prisma.$executeRaw`DELETE FROM "CohortAggregate"`;
/** The patients with any open flag of `code`, counted on PatientSummary now. */
const flaggedWith = async (code: string) =>
  (
    await database.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "PatientSummary" WHERE "openFlagCodes" && ${[code]}::text[]`
  )[0]?.n;

describe('kept cohort aggregates (statistics and the overview total)', () => {
  it('keys only list filters, whatever their order, and never free text or ranges', () => {
    expect(aggregateKey('stats', { flagCodes: ['MRI_OVERDUE', 'EDSS_OVERDUE'] })).toBe(
      aggregateKey('stats', { flagCodes: ['EDSS_OVERDUE', 'MRI_OVERDUE'] }),
    );
    expect(aggregateKey('stats', {})).not.toBe(aggregateKey('overview-total', {}));
    expect(aggregateKey('overview-total', { search: 'smith' })).toBeNull();
    expect(aggregateKey('overview-total', { edssMin: 3 })).toBeNull();
    expect(aggregateKey('overview-total', { lastVisitFrom: '2025-01-01' })).toBeNull();
    expect(aggregateKey('overview-total', { search: '' })).toBe(aggregateKey('overview-total', {}));
  });

  it('answers from the kept row exactly what a fresh computation answers, for clinicians and researchers', async () => {
    for (const caller of [clinician, researcher]) {
      await forget();
      const computed = await caller.cohort.stats({ aqp4Status: ['positive'] });
      const rows = await kept();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.version).toBe(await version());
      expect(await caller.cohort.stats({ aqp4Status: ['positive'] })).toEqual(computed);
    }
  });

  it('a researcher and a clinician never share a kept answer', async () => {
    await forget();
    const exact = await clinician.cohort.stats({});
    const protectedStats = await researcher.cohort.stats({});
    expect(protectedStats.privacy).not.toBeNull();
    expect(exact.privacy).toBeNull();
    expect((await kept()).map((row) => row.key).sort()).toEqual([
      aggregateKey('stats:exact', {}),
      expect.stringMatching(/^stats:research-\d+:/),
    ]);
  });

  it('a write to PatientSummary raises the version, and the next answer is recomputed from it', async () => {
    const before = await clinician.cohort.overview({ flagCodes: ['EDSS_OVERDUE'], limit: 5 });
    const statsBefore = await clinician.cohort.stats({ flagCodes: ['EDSS_OVERDUE'] });
    expect(before.total).toBe(await flaggedWith('EDSS_OVERDUE'));
    const start = await version();
    // Behind the kept answers' back, as a flag refresh would: one patient loses the flag.
    const [victim] = await database.prisma.$queryRaw<{ patientId: string }[]>`
      SELECT "patientId"::text AS "patientId" FROM "PatientSummary" WHERE 'EDSS_OVERDUE' = ANY("openFlagCodes") LIMIT 1`;
    expect(victim).toBeDefined();
    await database.prisma.$executeRaw`UPDATE "PatientSummary"
      SET "openFlagCodes" = array_remove("openFlagCodes", 'EDSS_OVERDUE') WHERE "patientId" = ${victim?.patientId}::uuid`;
    expect(await version()).toBeGreaterThan(start as bigint);
    const after = await clinician.cohort.overview({ flagCodes: ['EDSS_OVERDUE'], limit: 5 });
    expect(after.total).toBe(before.total - 1);
    const statsAfter = await clinician.cohort.stats({ flagCodes: ['EDSS_OVERDUE'] });
    expect(statsAfter.patients).toBe(statsBefore.patients - 1);
  });

  it('a filter on one flag code reads one kept count of every code, equal to counting that code, and renewed after a change', async () => {
    expect(soleFlagCode({ flagCodes: ['EDSS_OVERDUE', 'EDSS_OVERDUE'] })).toBe('EDSS_OVERDUE');
    expect(soleFlagCode({ flagCodes: ['EDSS_OVERDUE'], search: '' })).toBe('EDSS_OVERDUE');
    expect(soleFlagCode({ flagCodes: ['EDSS_OVERDUE', 'MRI_OVERDUE'] })).toBeUndefined();
    expect(soleFlagCode({ flagCodes: ['EDSS_OVERDUE'], aqp4Status: ['positive'] })).toBeUndefined();
    expect(soleFlagCode({ flagCodes: [] })).toBeUndefined();
    await forget();
    const codes = [
      'EDSS_OVERDUE',
      'MRI_OVERDUE',
      'NO_MAINTENANCE_THERAPY',
      'BREAKTHROUGH_RELAPSE',
      'AHSCT_OUTSIDE_TRIAL',
    ];
    for (const code of codes)
      expect((await clinician.cohort.overview({ flagCodes: [code as 'EDSS_OVERDUE'], limit: 1 })).total).toBe(
        await flaggedWith(code),
      );
    // One kept row for all of them.
    expect((await kept()).map((row) => row.key)).toEqual(['overview-by-flag-code']);
    // Two codes at once (either of them) are counted on their own.
    const either = await clinician.cohort.overview({ flagCodes: ['EDSS_OVERDUE', 'MRI_OVERDUE'], limit: 1 });
    const [counted] = await database.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "PatientSummary" WHERE "openFlagCodes" && ARRAY['EDSS_OVERDUE', 'MRI_OVERDUE']`;
    expect(either.total).toBe(counted?.n);
    // A change to the summary: the next answer counts again.
    const [holder] = await database.prisma.$queryRaw<{ patientId: string }[]>`
      SELECT "patientId"::text AS "patientId" FROM "PatientSummary" WHERE 'MRI_OVERDUE' = ANY("openFlagCodes") LIMIT 1`;
    const before = await flaggedWith('MRI_OVERDUE');
    await database.prisma.$executeRaw`UPDATE "PatientSummary"
      SET "openFlagCodes" = array_remove("openFlagCodes", 'MRI_OVERDUE') WHERE "patientId" = ${holder?.patientId}::uuid`;
    expect((await clinician.cohort.overview({ flagCodes: ['MRI_OVERDUE'], limit: 1 })).total).toBe((before ?? 0) - 1);
  });

  it('writers of PatientSummary for different patients do not wait for each other at the version', async () => {
    const [a, b] = await database.prisma.$queryRaw<{ id: string }[]>`
      SELECT "patientId"::text AS id FROM "PatientSummary" ORDER BY "patientId" LIMIT 2`;
    const touch = (tx: Pick<typeof database.prisma, '$executeRaw'>, id: string | undefined) =>
      tx.$executeRaw`UPDATE "PatientSummary" SET "attackCount" = "attackCount" WHERE "patientId" = ${id}::uuid`;
    const start = (await version()) as bigint;
    let release = () => {};
    let touched = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const firstTouched = new Promise<void>((resolve) => {
      touched = resolve;
    });
    // The first writer keeps its transaction (and its counter) open…
    const first = database.prisma.$transaction(async (tx) => {
      await touch(tx, a?.id);
      touched();
      await held;
    });
    await firstTouched;
    // …while a second one writes another patient's summary and commits, refusing to wait.
    await database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '2s'`;
      await touch(tx, b?.id);
    });
    release();
    await first;
    expect(await version()).toBe(start + 2n);
  });

  it("a patient's deletion through the API changes the kept total", async () => {
    const total = (await clinician.cohort.overview({ limit: 1 })).total;
    const [first] = (await clinician.cohort.overview({ limit: 1, sort: { column: 'name', direction: 'asc' } })).items;
    const patient = await clinician.patients.get({ id: first?.patientId as string });
    await clinician.patients.delete({ id: patient.id, version: patient.version });
    expect((await clinician.cohort.overview({ limit: 1 })).total).toBe(total - 1);
    expect((await clinician.cohort.stats({})).patients).toBe(total - 1);
  });

  it('on a standby (a read-only transaction) the answer is computed and not kept, with no error', async () => {
    await forget();
    const answer = await database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      const stats = await queryStats(tx, { mogStatus: ['negative'] });
      // The transaction is still usable: nothing was attempted that a standby refuses.
      await tx.$queryRaw`SELECT 1`;
      return stats;
    });
    expect(await kept()).toHaveLength(0);
    expect(answer).toEqual(await clinician.cohort.stats({ mogStatus: ['negative'] }));
  });

  it('a word search is counted per request and keeps nothing', async () => {
    await forget();
    const page = await clinician.cohort.overview({ search: cohort.patients[0]?.familyName ?? 'x', limit: 5 });
    expect(page.total).toBeGreaterThan(0);
    expect(await kept()).toHaveLength(0);
  });
});
