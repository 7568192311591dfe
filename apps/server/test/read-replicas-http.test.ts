import { hashPassword } from '@nmo/api';
import { ReadReplicas } from '@nmo/db';
import {
  type ReplicatedTestDatabase,
  type Standby,
  startReplicatedTestDatabase,
  type TestDatabase,
} from '@nmo/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { WRITE_COOKIE } from '../src/trpc.ts';
import { createRoleAccounts, httpClient, TEST_DEIDENTIFY_KEY, TEST_PASSWORD } from './http-client.ts';

/**
 * DATABASE_REPLICA_URLS end to end (docs/SCALING.md section 2): the real HTTP app on a primary of
 * its own with a real streaming standby as its replica. Two clinicians: one only reads, the other
 * writes; what the standby has not replayed yet shows who reads from where.
 */
let replicated: ReplicatedTestDatabase;
let database: TestDatabase;
let standby: Standby;
let replicas: ReadReplicas;
let app: FastifyInstance;
let baseUrl: string;
const RETRY_AFTER_MS = 300;

beforeAll(async () => {
  replicated = await startReplicatedTestDatabase();
  ({ database, standby } = replicated);
  await createRoleAccounts(database.prisma, ['clinician']);
  await database.prisma.user.create({
    data: {
      email: 'writer@clinic.test',
      displayName: 'writer',
      role: 'clinician',
      passwordHash: await hashPassword(TEST_PASSWORD),
    },
  });
  replicas = new ReadReplicas([standby.replicaOf(database.url)], { retryAfterMs: RETRY_AFTER_MS, log: () => {} });
  app = await buildApp({
    database: () => database.prisma,
    replicas: () => replicas,
    deidentifyKey: TEST_DEIDENTIFY_KEY,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await standby.catchUp();
});
afterAll(async () => {
  await app?.close();
  await replicas?.close();
  await replicated?.stop();
});

async function clinician(email: string) {
  const client = httpClient(baseUrl);
  await client.trpc.auth.login.mutate({ email, password: TEST_PASSWORD });
  return client;
}
const patient = (mrn: string) => ({
  data: { mrn, givenName: 'Replica', familyName: 'Test', birthDate: '1980-02-03', sex: 'female' as const },
});
const listedMrns = async (client: ReturnType<typeof httpClient>) =>
  (await client.trpc.patients.list.query({})).items.map((item) => item.mrn);

describe('reads from a streaming replica over HTTP', () => {
  it('serves reads from the standby while writes, and the writer’s next reads, go to the primary', async () => {
    const reader = await clinician('clinician@clinic.test');
    const writer = await clinician('writer@clinic.test');
    await standby.pauseReplay();
    const fromReplica = replicas.counts.replica;
    try {
      const created = await writer.trpc.patients.create.mutate(patient('R-001'));
      expect(writer.jar.headers.some((header) => header.startsWith(`${WRITE_COOKIE}=`))).toBe(true);
      // The standby has not replayed the new patient: a reader who did not write does not see it yet.
      expect(await listedMrns(reader)).not.toContain('R-001');
      expect(replicas.counts.replica).toBeGreaterThan(fromReplica);
      // The writer reads their own write, from the primary.
      expect(await listedMrns(writer)).toContain('R-001');
      expect((await writer.trpc.patients.timeline.query({ id: created.id })).patient.mrn).toBe('R-001');
    } finally {
      await standby.resumeReplay();
    }
    await standby.catchUp();
    expect(await listedMrns(reader)).toContain('R-001');
    // Reads of identified data served by the standby were still audited, on the primary.
    const audited = await database.prisma.auditEvent.count({
      where: { action: 'patient.read.list', actor: { email: 'clinician@clinic.test' } },
    });
    expect(audited).toBe(2);
  });

  it('answers from the primary without an error while the standby is gone, and uses it again once back', async () => {
    const reader = await clinician('clinician@clinic.test');
    const writer = await clinician('writer@clinic.test');
    await standby.stop();
    try {
      expect(await listedMrns(reader)).toContain('R-001');
      const added = await writer.trpc.patients.create.mutate(patient('R-002'));
      expect(await listedMrns(reader)).toContain('R-002');
      expect((await reader.trpc.patients.timeline.query({ id: added.id })).patient.mrn).toBe('R-002');
      expect((await reader.trpc.cohort.overview.query({})).items.length).toBeGreaterThan(0);
    } finally {
      await standby.start();
    }
    await standby.catchUp();
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    await standby.pauseReplay();
    try {
      await writer.trpc.patients.create.mutate(patient('R-003'));
      expect(await listedMrns(reader)).not.toContain('R-003');
      expect(await listedMrns(writer)).toContain('R-003');
    } finally {
      await standby.resumeReplay();
    }
  });
});
