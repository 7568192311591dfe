/**
 * What routing reads to a replica costs per request (docs/PERFORMANCE.md, "Issue 21: read
 * replicas"): the same sequential HTTP reads and writes against one primary, without replicas and
 * with a local streaming standby as the replica (a reader who did not write; a writer, whose reads
 * first ask the replica for its replay position). Run: `nice -n 19 npx tsx bench/replica-overhead.ts [patients] [calls]`.
 * Both servers run on this machine, so this measures the router's overhead, not added capacity.
 */
import { hashPassword, seedDemo } from '@nmo/api';
import { ReadReplicas } from '@nmo/db';
import { startReplicatedTestDatabase } from '@nmo/db/testing';
import { buildApp } from '../src/app.ts';
import { WRITE_COOKIE } from '../src/trpc.ts';
import { httpClient, TEST_PASSWORD } from '../test/http-client.ts';

const [PATIENTS, CALLS] = [process.argv[2] ?? '500', process.argv[3] ?? '200'].map(Number) as [number, number];

const replicated = await startReplicatedTestDatabase();
const { database, standby } = replicated;
const prisma = database.prisma;
await seedDemo(prisma, { patients: PATIENTS, seed: 1 });
await prisma.user.create({
  data: {
    email: 'bench@clinic.test',
    displayName: 'bench',
    role: 'clinician',
    passwordHash: await hashPassword(TEST_PASSWORD),
  },
});
await standby.catchUp(120_000);
const replicas = new ReadReplicas([standby.replicaOf(database.url)]);
const patientIds = (await prisma.patient.findMany({ select: { id: true }, take: CALLS })).map((p) => p.id);

async function serve(withReplicas: boolean) {
  const app = await buildApp({ database: () => prisma, ...(withReplicas ? { replicas: () => replicas } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const client = httpClient(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  await client.trpc.auth.login.mutate({ email: 'bench@clinic.test', password: TEST_PASSWORD });
  return { app, client };
}

async function timed(call: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await call(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(1));
  return { p50: at(0.5), p95: at(0.95) };
}

/** A new assessment each call: another patient, or another day (one per patient and day). */
let edssWritten = 0;
function nextEdss() {
  const n = edssWritten++;
  const date = new Date(Date.UTC(1990, 0, 1) + Math.floor(n / patientIds.length) * 86_400_000);
  return {
    patientId: patientIds[n % patientIds.length] as string,
    data: { date: date.toISOString().slice(0, 10), score: 1 },
  };
}

type Client = Awaited<ReturnType<typeof serve>>['client'];
const measures: [string, (client: Client, i: number) => Promise<unknown>][] = [
  ['patients.timeline', (c, i) => c.trpc.patients.timeline.query({ id: patientIds[i % patientIds.length] as string })],
  ['cohort.overview', (c) => c.trpc.cohort.overview.query({})],
  ['edss.create (a write)', (c) => c.trpc.edss.create.mutate(nextEdss())],
];

const rows: string[] = [];
for (const [name, call] of measures) {
  const primaryOnly = await serve(false);
  const routed = await serve(true);
  const before = await timed((i) => call(primaryOnly.client, i));
  const reader = await timed((i) => call(routed.client, i));
  // A writer: the cookie of a write made a moment ago, which the replica has replayed.
  const writer = await serve(true);
  await writer.client.trpc.patients.update
    .mutate(
      await (async () => {
        const p = await writer.client.trpc.patients.get.query({ id: patientIds[0] as string });
        return {
          id: p.id,
          version: p.version,
          data: { mrn: p.mrn, givenName: p.givenName, familyName: p.familyName, birthDate: p.birthDate, sex: p.sex },
        };
      })(),
    )
    .catch(() => {});
  const hasCookie = writer.client.jar.cookie.includes(`${WRITE_COOKIE}=`);
  await standby.catchUp();
  const afterWrite = await timed((i) => call(writer.client, i));
  rows.push(
    `| ${name} | ${before.p50} / ${before.p95} | ${reader.p50} / ${reader.p95} | ${afterWrite.p50} / ${afterWrite.p95}${hasCookie ? '' : ' (no cookie!)'} |`,
  );
  for (const server of [primaryOnly, routed, writer]) await server.app.close();
}
console.log(
  `${PATIENTS} patients, ${CALLS} sequential calls each, p50 / p95 ms; replica-served reads: ${replicas.counts.replica}, fallbacks: ${replicas.counts.fallback}`,
);
console.log('| request | primary only | with a replica: reader | with a replica: writer (cookie) |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(row);
await replicas.close();
await replicated.stop();
process.exit(0);
