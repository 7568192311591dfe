import { describe, expect, it } from 'vitest';
import { appRouter } from '../src/root.ts';
import { PRIMARY_QUERIES, REPLICA_QUERIES } from '../src/trpc/replica-reads.ts';

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Procedures } })._def.procedures);
const queries = procedures.filter(([, procedure]) => procedure._def.type === 'query').map(([path]) => path);

describe('which queries a read replica may answer', () => {
  it('decides every query: replica or primary, never both', () => {
    expect(queries.filter((path) => !REPLICA_QUERIES.has(path) && !PRIMARY_QUERIES.has(path))).toEqual([]);
    expect([...REPLICA_QUERIES].filter((path) => PRIMARY_QUERIES.has(path))).toEqual([]);
  });

  it('names only queries that exist, and no mutation', () => {
    expect([...REPLICA_QUERIES, ...PRIMARY_QUERIES].filter((path) => !queries.includes(path))).toEqual([]);
  });

  it('keeps sign-in, accounts, settings and export progress on the primary', () => {
    for (const path of ['auth.me', 'accounts.list', 'settings.get', 'exports.run'])
      expect(PRIMARY_QUERIES).toContain(path);
    for (const path of ['cohort.overview', 'patients.timeline', 'edss.list', 'flags.list'])
      expect(REPLICA_QUERIES).toContain(path);
  });
});
