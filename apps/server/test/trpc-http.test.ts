import type { AppRouter } from '@nmo/api';
import { hashPassword } from '@nmo/api';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import type { TRPCClientError } from '@trpc/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { failure, httpClient, listenForTest } from './http-client.ts';

let database: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  const passwordHash = await hashPassword(PASSWORD);
  await database.prisma.user.createMany({
    data: [
      { email: 'nurse@clinic.test', displayName: 'Nurse', role: 'clinician', passwordHash },
      { email: 'analyst@clinic.test', displayName: 'Analyst', role: 'researcher', passwordHash },
    ],
  });
  ({ app, baseUrl } = await listenForTest(() => database.prisma));
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const client = (options: { batch?: boolean } = {}) => httpClient(baseUrl, options);

describe('tRPC over HTTP', () => {
  it('asks anonymous callers to sign in, and signs in with an HttpOnly SameSite cookie', async () => {
    const { trpc, jar } = client();
    expect(await trpc.auth.me.query()).toBeNull();
    expect(await failure(trpc.cohort.overview.query({}))).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    const wrong = await failure(trpc.auth.login.mutate({ email: 'nurse@clinic.test', password: 'nope' }));
    const unknown = await failure(trpc.auth.login.mutate({ email: 'nobody@clinic.test', password: 'nope' }));
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(unknown.message).toBe(wrong.message);

    expect(await trpc.auth.login.mutate({ email: 'Nurse@Clinic.test', password: PASSWORD })).toMatchObject({
      role: 'clinician',
    });
    const setCookie = jar.headers.at(-1) ?? '';
    expect(setCookie).toMatch(/^nmo_session=[\w-]{40,}/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(await trpc.auth.me.query()).toMatchObject({ email: 'nurse@clinic.test' });

    await trpc.auth.logout.mutate();
    expect(await trpc.auth.me.query()).toBeNull();
    expect(await failure(trpc.cohort.overview.query({}))).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('creates, rejects bad input naming the field, resolves concurrent edits and reads history', async () => {
    const { trpc } = client();
    await trpc.auth.login.mutate({ email: 'nurse@clinic.test', password: PASSWORD });
    const patient = await trpc.patients.create.mutate({
      data: { mrn: 'H001', givenName: 'Http', familyName: 'Client', birthDate: '1975-05-05', sex: 'male' },
    });
    const bad = await failure(
      trpc.edss.create.mutate({ patientId: patient.id, data: { date: '2020-01-01', score: 11 } }),
    );
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', status: 400, fields: ['data.score'] });
    expect(await database.prisma.edssAssessment.count()).toBe(0);

    const edss = await trpc.edss.create.mutate({ patientId: patient.id, data: { date: '2020-01-01', score: 2 } });
    expect(edss).toMatchObject({ score: 2, version: 1 });
    // Two clients edit the same version at once (separate HTTP requests): one wins.
    const other = client({ batch: false });
    await other.trpc.auth.login.mutate({ email: 'nurse@clinic.test', password: PASSWORD });
    const results = await Promise.allSettled([
      trpc.edss.update.mutate({ id: edss.id, version: 1, data: { date: '2020-01-01', score: 2.5 } }),
      other.trpc.edss.update.mutate({ id: edss.id, version: 1, data: { date: '2020-01-01', score: 3 } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as TRPCClientError<AppRouter>).data?.code).toBe('CONFLICT');
    expect((lost.reason as TRPCClientError<AppRouter>).data?.httpStatus).toBe(409);

    await trpc.edss.delete.mutate({ id: edss.id, version: 2 });
    await trpc.edss.restore.mutate({ id: edss.id, version: 3 });
    expect((await trpc.edss.history.query({ id: edss.id })).map((h) => h.action)).toEqual([
      'create',
      'update',
      'delete',
      'restore',
    ]);
    const page = await trpc.patients.timeline.query({ id: patient.id });
    expect(page.records.edss.map((e) => e.id)).toEqual([edss.id]);
    const overview = await trpc.cohort.overview.query({ search: 'H001' });
    expect(overview.items[0]).toMatchObject({ mrn: 'H001', lastEdss: { score: expect.any(Number) } });
  });

  it('keeps researchers to aggregates, and never exposes internals in errors', async () => {
    const { trpc } = client();
    await trpc.auth.login.mutate({ email: 'analyst@clinic.test', password: PASSWORD });
    // The only patient is in a group of fewer than 5: researchers' counts leave it out.
    const stats = await trpc.cohort.stats.query();
    expect(stats).toMatchObject({ patients: 0, privacy: { threshold: 5, notCounted: '<5' } });
    expect(await failure(trpc.cohort.overview.query({}))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await failure(trpc.patients.list.query({}))).toMatchObject({ code: 'FORBIDDEN' });

    // A database failure is reported as an internal error with no detail of the cause. (The kept
    // answer of the call above is dropped first, or it would be served without reading the table.)
    await database.asOwner('DELETE FROM "CohortAggregate"');
    await database.asOwner('ALTER TABLE "PatientSummary" RENAME TO "PatientSummaryAway"');
    try {
      const internal = await failure(trpc.cohort.stats.query());
      expect(internal).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', status: 500 });
      expect(internal.message).toBe('Internal error; the server log has the details');
      const raw = await (await fetch(`${baseUrl}/trpc/cohort.stats`, { headers: { cookie: '' } })).text();
      expect(raw).not.toMatch(/PatientSummary|stack|\.ts:\d+/);
    } finally {
      await database.asOwner('ALTER TABLE "PatientSummaryAway" RENAME TO "PatientSummary"');
    }

    const malformed = await fetch(`${baseUrl}/trpc/cohort.stats?input=%7Bnot-json`, {
      headers: { cookie: '' },
    });
    const body = await malformed.text();
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });
});
