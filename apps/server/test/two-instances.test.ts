import { createHash, randomUUID } from 'node:crypto';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRoleAccounts, failure, httpClient, signedInAs, type TestRole } from './http-client.ts';
import { healthz, type Instance, occurrences, startInstance, stopAll } from './server-instances.ts';

/**
 * Scale-out (docs/SCALING.md): two real server processes, as a load balancer would run them, on one
 * database. Whatever one instance writes (sessions, records, export progress, failed sign-ins) the
 * other sees, and two instances starting at once (migrations, demo seeding, the flag refresh) do
 * not trip over each other.
 */

describe('two instances started at once on an empty database (demo mode)', () => {
  let database: TestDatabase;
  let instances: Instance[] = [];
  const DEMO_PATIENTS = 25;
  const DEMO_PASSWORD = 'a demo password for two instances';

  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), { empty: true });
    const env = {
      ...database.env,
      NMO_DEMO: '1',
      NMO_DEMO_PATIENTS: String(DEMO_PATIENTS),
      NMO_DEMO_PASSWORD: DEMO_PASSWORD,
    };
    instances = await Promise.all([startInstance('A', env), startInstance('B', env)]);
  });
  afterAll(async () => {
    await stopAll();
    await database?.drop();
  });

  it('migrates once, seeds once, and both answer /healthz', async () => {
    for (const instance of instances) expect(await healthz(instance)).toEqual({ status: 200, body: { status: 'ok' } });
    // Prisma's migration table is the owner's (the application's role may not read it).
    const migrations = await database.asOwner<{ name: string; n: number; finished: number }>(`
      SELECT migration_name AS name, count(*)::int AS n, count(finished_at)::int AS finished
      FROM _prisma_migrations GROUP BY migration_name`);
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.filter((m) => m.n !== 1 || m.finished !== 1)).toEqual([]);
    const outputs = instances.map((instance) => instance.output());
    // Each migration is applied by exactly one of them; the other finds it done.
    expect(outputs.join('\n').match(/^Applied migrations: .*$/gm)).toHaveLength(1);
    expect(await database.prisma.patient.count()).toBe(DEMO_PATIENTS);
    expect(await database.prisma.user.count({ where: { email: { endsWith: '@example.org' } } })).toBe(3);
    expect(occurrences(outputs.join('\n'), /First start: seeding/)).toBe(1);
    // Only the instance that created the demo accounts prints a password, so it is the one that works.
    expect(occurrences(outputs.join('\n'), /Demo accounts \(the password is shown only this once\)/)).toBe(1);
    expect(await database.prisma.patientSummary.count()).toBe(DEMO_PATIENTS);
    for (const instance of instances) {
      const { trpc } = httpClient(instance.baseUrl);
      await trpc.auth.login.mutate({ email: 'clinician@example.org', password: DEMO_PASSWORD });
      expect((await trpc.cohort.overview.query({})).total).toBe(DEMO_PATIENTS);
    }
  });
});

describe('two instances on one database', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  /** Imported without computing flags, so both instances find every patient's flags stale at start. */
  const cohort = generateCohort({ patients: 120, seed: 8, asOf: todayInClinic() });

  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    await createRoleAccounts(database.prisma, ['clinician', 'researcher']);
    await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
    [a, b] = await Promise.all([startInstance('A', database.env), startInstance('B', database.env)]);
  });
  afterAll(async () => {
    await stopAll();
    await database?.drop();
  });

  const signedIn = (instance: Instance, role: TestRole = 'clinician') => signedInAs(instance.baseUrl, role);

  it('both start at once, and the stale flags are recomputed once, by one of them', async () => {
    for (const instance of [a, b]) expect(await healthz(instance)).toEqual({ status: 200, body: { status: 'ok' } });
    const patients = cohort.patients.length;
    expect(await database.prisma.patientFlagState.count()).toBe(patients);
    expect(await database.prisma.patientSummary.count()).toBe(patients);
    const [duplicates] = await database.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "PatientFlag" GROUP BY "patientId", code, date, message HAVING count(*) > 1) twice`;
    expect(duplicates?.n).toBe(0n);
    expect(await database.prisma.patientFlag.count()).toBeGreaterThan(0);
    const recomputed = [a, b].map((instance) => occurrences(instance.output(), /Flags recomputed as of/));
    expect(recomputed.reduce((x, y) => x + y)).toBe(1);
    expect([a, b].map((instance) => instance.output()).join('\n')).not.toMatch(/failed|Could not/i);
  });

  it('a session made on A is valid on B', async () => {
    const onA = await signedIn(a);
    const meOnA = await onA.trpc.auth.me.query();
    const onB = httpClient(b.baseUrl, { cookie: onA.jar.cookie });
    expect(onA.jar.cookie).toMatch(/^nmo_session=/);
    expect(await onB.trpc.auth.me.query()).toEqual(meOnA);
    expect(meOnA).toMatchObject({ email: 'clinician@clinic.test', role: 'clinician' });
  });

  it('what A writes B reads, and B cannot overwrite a version A has replaced', async () => {
    const onA = await signedIn(a);
    const onB = httpClient(b.baseUrl, { cookie: onA.jar.cookie });
    const patient = await onA.trpc.patients.create.mutate({
      data: { mrn: 'SCALE-1', givenName: 'Two', familyName: 'Instances', birthDate: '1979-03-04', sex: 'female' },
    });
    const edss = await onA.trpc.edss.create.mutate({ patientId: patient.id, data: { date: '2021-06-01', score: 3 } });

    expect(await onB.trpc.patients.get.query({ id: patient.id })).toMatchObject({ mrn: 'SCALE-1', version: 1 });
    const timeline = await onB.trpc.patients.timeline.query({ id: patient.id });
    expect(timeline.records.edss).toEqual([expect.objectContaining({ id: edss.id, score: 3, version: 1 })]);
    const overview = await onB.trpc.cohort.overview.query({ search: 'SCALE-1' });
    expect(overview.items).toEqual([
      expect.objectContaining({ patientId: patient.id, lastEdss: { score: 3, date: '2021-06-01' } }),
    ]);

    // A changes the record; B still holds version 1 and is refused.
    await onA.trpc.edss.update.mutate({ id: edss.id, version: 1, data: { date: '2021-06-01', score: 3.5 } });
    expect(
      await failure(onB.trpc.edss.update.mutate({ id: edss.id, version: 1, data: { date: '2021-06-01', score: 4 } })),
    ).toMatchObject({ code: 'CONFLICT', status: 409 });
    const current = await onB.trpc.edss.get.query({ id: edss.id });
    expect(current).toMatchObject({ score: 3.5, version: 2 });
    await onB.trpc.edss.update.mutate({ id: edss.id, version: 2, data: { date: '2021-06-01', score: 4 } });
    expect(await onA.trpc.edss.get.query({ id: edss.id })).toMatchObject({ score: 4, version: 3 });
    expect((await onA.trpc.cohort.overview.query({ search: 'SCALE-1' })).items[0]?.lastEdss?.score).toBe(4);
  });

  it('an export streamed by A reports its progress and result through B', async () => {
    const onA = await signedIn(a);
    const onB = httpClient(b.baseUrl, { cookie: onA.jar.cookie });
    const runId = randomUUID();
    const response = await fetch(`${a.baseUrl}/api/export/csv?runId=${runId}`, {
      headers: { cookie: onA.jar.cookie },
    });
    expect(response.status).toBe(200);
    const total = Number(response.headers.get('x-export-patients'));
    expect(total).toBeGreaterThanOrEqual(cohort.patients.length);
    // The run exists as soon as the download has started, whichever instance is asked.
    const started = await onB.trpc.exports.run.query({ id: runId });
    expect(started).toMatchObject({ id: runId, format: 'csv', patientsTotal: total });
    expect(['running', 'done']).toContain(started.status);
    expect(started.patientsDone).toBeLessThanOrEqual(total);

    const text = await response.text();
    const sha256 = createHash('sha256').update(text).digest('hex');
    const rows = text.trimEnd().split('\n').length - 1;
    expect(await onB.trpc.exports.run.query({ id: runId })).toMatchObject({
      status: 'done',
      patientsDone: total,
      rows,
      sha256,
    });
    const manifest = await fetch(`${b.baseUrl}/api/export/manifest?id=${runId}`, {
      headers: { cookie: onA.jar.cookie },
    });
    expect(await manifest.json()).toMatchObject({ exportId: runId, sha256 });
    // The runId is taken for both instances.
    const again = await fetch(`${b.baseUrl}/api/export/csv?runId=${runId}`, { headers: { cookie: onA.jar.cookie } });
    expect(again.status).toBe(409);
    await again.arrayBuffer();
  });

  it('de-identified exports are the same from either instance (one NMO_DEIDENTIFY_KEY)', async () => {
    const researcher = await signedIn(a, 'researcher');
    const texts = await Promise.all(
      [a, b].map(async (instance) => {
        const response = await fetch(`${instance.baseUrl}/api/export/csv`, {
          headers: { cookie: researcher.jar.cookie },
        });
        expect(response.status).toBe(200);
        return response.text();
      }),
    );
    expect(texts[0]?.split('\n')[0]).toMatch(/^subject_id,/);
    expect(texts[1]).toBe(texts[0]);
  });

  it('a sign-out on B ends the session on A', async () => {
    const onA = await signedIn(a);
    const onB = httpClient(b.baseUrl, { cookie: onA.jar.cookie });
    expect(await onA.trpc.auth.me.query()).not.toBeNull();
    await onB.trpc.auth.logout.mutate();
    expect(await onA.trpc.auth.me.query()).toBeNull();
    expect(await failure(onA.trpc.cohort.overview.query({}))).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('failed sign-ins are counted across instances', async () => {
    const email = `someone-${randomUUID().slice(0, 8)}@clinic.test`;
    const attempt = (instance: Instance) =>
      failure(httpClient(instance.baseUrl).trpc.auth.login.mutate({ email, password: 'not the password' }));
    // Five failures for one email within 15 minutes, spread over both instances (THROTTLE in throttle.ts).
    for (const instance of [a, b, a, b, a]) expect(await attempt(instance)).toMatchObject({ code: 'UNAUTHORIZED' });
    for (const instance of [b, a])
      expect(await attempt(instance)).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    expect(await database.prisma.loginAttempt.count({ where: { email, success: false } })).toBe(5);
  });
});
