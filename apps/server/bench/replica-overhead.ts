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

/**
 * p50 / p95 of each client's calls, taken in turn (one call of each, then the next round), so
 * that all see the same load from whatever else runs on this machine.
 */
async function interleaved(calls: ((i: number) => Promise<unknown>)[]): Promise<string[]> {
  for (let i = 0; i < 20; i++) for (const call of calls) await call(i);
  const times = calls.map(() => [] as number[]);
  for (let i = 0; i < CALLS; i++) {
    for (const [k, call] of calls.entries()) {
      const started = performance.now();
      await call(i);
      times[k]?.push(performance.now() - started);
    }
  }
  return times.map((list) => {
    list.sort((x, y) => x - y);
    const at = (q: number) => (list[Math.min(list.length - 1, Math.floor(q * list.length))] as number).toFixed(1);
    return `${at(0.5)} / ${at(0.95)}`;
  });
}

/** A new assessment each call: another patient, or another day (one per patient and day). */
let edssWritten = 0;
function nextEdss() {
  const n = edssWritten++;
  const date = new Date(Date.UTC(2025, 5, 1) + Math.floor(n / patientIds.length) * 86_400_000);
  return {
    patientId: patientIds[n % patientIds.length] as string,
    data: { date: date.toISOString().slice(0, 10), score: 1 },
  };
}

type Client = Awaited<ReturnType<typeof serve>>['client'];

/** The seeded cohort may already have an assessment that day (CONFLICT): then the next day. */
async function createEdss(client: Client): Promise<unknown> {
  for (;;) {
    const created = await client.trpc.edss.create.mutate(nextEdss()).catch((error: { data?: { code?: string } }) => {
      if (error.data?.code !== 'CONFLICT') throw error;
      return undefined;
    });
    if (created) return created;
  }
}
const measures: [string, (client: Client, i: number) => Promise<unknown>][] = [
  ['patients.timeline', (c, i) => c.trpc.patients.timeline.query({ id: patientIds[i % patientIds.length] as string })],
  ['cohort.overview', (c) => c.trpc.cohort.overview.query({})],
  ['edss.create (a write)', (c) => createEdss(c)],
];

const primaryOnly = await serve(false);
const reader = await serve(true);
// A writer: the cookie of a write made a moment ago, which the replica has replayed.
const writer = await serve(true);
await createEdss(writer.client);
await standby.catchUp();
if (!writer.client.jar.cookie.includes(`${WRITE_COOKIE}=`)) throw new Error('the writer has no write cookie');
const rows: string[] = [];
for (const [name, call] of measures) {
  const [before, asReader, asWriter] = await interleaved(
    [primaryOnly, reader, writer].map((server) => (i: number) => call(server.client, i)),
  );
  rows.push(`| ${name} | ${before} | ${asReader} | ${asWriter} |`);
}
for (const server of [primaryOnly, reader, writer]) await server.app.close();
console.log(
  `${PATIENTS} patients, ${CALLS} sequential calls each, taken in turn, p50 / p95 ms; replica-served reads: ${replicas.counts.replica}, fallbacks: ${replicas.counts.fallback}`,
);
console.log('| request | primary only | with a replica: reader | with a replica: writer (cookie) |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(row);
await replicas.close();
await replicated.stop();
process.exit(0);
