import type { PrismaClient } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { queryOverview } from '../src/cohort/overview.ts';
import { OVERVIEW_COLUMNS } from '../src/cohort/sort.ts';
import { queryWorklist } from '../src/cohort/worklist.ts';
import { everyPage, useCohortDatabase } from './support.ts';

// The overview's and the worklist's page rows are read on the client's pg pool, and through Prisma
// on any other client (a transaction's, one routed to replicas): page-rows.ts. pg and Prisma type
// some columns differently (a date is a Date to one and may be text to the other; a bigint a
// BigInt or a string), so both paths must give the same pages, cursors and totals.
const today = todayInClinic();
const cohort = generateCohort({ patients: 60, seed: 11, asOf: today });

let database: TestDatabase;
useCohortDatabase(cohort, today, async (opened) => {
  database = opened;
});

/** The same client, seen as one without a pool of its own: every read goes through Prisma. */
const throughPrisma = (client: PrismaClient): PrismaClient =>
  new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

describe('page rows read on the pool and through Prisma', () => {
  it('give the same overview pages, cursors and totals for every sort, direction and a flag filter', async () => {
    for (const column of OVERVIEW_COLUMNS)
      for (const direction of ['asc', 'desc'] as const)
        for (const filters of [{}, { flagCodes: ['EDSS_OVERDUE' as const] }]) {
          const read = (db: PrismaClient) => (cursor?: string) =>
            queryOverview(db, { filters, sort: { column, direction }, limit: 13, ...(cursor ? { cursor } : {}) });
          const onPool = await everyPage(read(database.prisma));
          const viaPrisma = await everyPage(read(throughPrisma(database.prisma)));
          expect(viaPrisma, `${column} ${direction} ${JSON.stringify(filters)}`).toEqual(onPool);
          expect(onPool.flatMap((page) => page.items).length).toBeGreaterThan(0);
        }
  });

  it('give the same worklist pages, with and without flag filters', async () => {
    for (const filters of [{}, { severity: 'warning' as const }, { flagCodes: ['EDSS_OVERDUE' as const] }]) {
      const read = (db: PrismaClient) => (cursor?: string) =>
        queryWorklist(db, { filters, limit: 3, ...(cursor ? { cursor } : {}) });
      const onPool = await everyPage(read(database.prisma));
      const viaPrisma = await everyPage(read(throughPrisma(database.prisma)));
      expect(viaPrisma, JSON.stringify(filters)).toEqual(onPool);
      expect(onPool.length, `pages of ${JSON.stringify(filters)}`).toBeGreaterThan(1);
    }
  });
});
