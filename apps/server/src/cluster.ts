import cluster, { type Worker } from 'node:cluster';
import { type Database, openDatabase } from '@nmo/db';
import type { ServerConfig } from './config.ts';
import { type HttpProcess, readyLine, startHttpProcess } from './http-process.ts';
import { prepareDatabase } from './startup.ts';

/**
 * One HTTP worker per core (WEB_CONCURRENCY) with node:cluster: the primary accepts connections and
 * hands them to the workers in turn. Workers share nothing in memory that matters (every piece of
 * shared state is in PostgreSQL: docs/SCALING.md), so they are like instances behind a balancer,
 * except that what an instance does once stays once: the primary starts the embedded cluster,
 * migrates, seeds the demo and refreshes stale flags before the workers get the database, and one
 * worker at a time runs the scheduled flag refresh and export sweep.
 */

/**
 * Messages from the primary to a worker. `listen`: the database is not ready yet, listen at once so
 * /healthz answers 503 meanwhile (the first start); `database`: open it (and, if not listening yet,
 * listen only then: a replacement worker takes no request it would answer 503).
 */
type ToWorker = { type: 'listen' } | { type: 'database'; url: string } | { type: 'schedule' };
/** Messages from a worker to the primary. */
type ToPrimary = { type: 'started' } | { type: 'listening'; port: number } | { type: 'ready' };

const log = (message: string) => process.stdout.write(`${message}\n`);

/** A worker that dies within this long of the last death waits longer before its replacement starts. */
const CRASH_WINDOW_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;

export async function runClusterPrimary(config: ServerConfig): Promise<void> {
  const aborted = new AbortController();
  let database: Database | undefined;
  let port: number | undefined;
  let scheduler: Worker | undefined;
  let printedReady = false;
  let stopping = false;
  let restartDelayMs = 0;
  let lastDeath = 0;
  const ready = new Set<Worker>();

  const send = (worker: Worker, message: ToWorker) => {
    if (worker.isConnected()) worker.send(message);
  };
  /** The scheduled work goes to one worker; to another when that one dies. */
  const assignScheduler = () => {
    if (scheduler || stopping) return;
    scheduler = [...ready].find((worker) => worker.isConnected());
    if (scheduler) send(scheduler, { type: 'schedule' });
  };

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: ToPrimary) => {
      if (message.type === 'started') {
        send(worker, database ? { type: 'database', url: database.url } : { type: 'listen' });
      } else if (message.type === 'listening') {
        port ??= message.port;
      } else if (message.type === 'ready') {
        ready.add(worker);
        assignScheduler();
        if (!printedReady && database && port !== undefined && ready.size >= config.workers) {
          printedReady = true;
          process.stdout.write(readyLine(config, port, database, config.workers));
        }
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker);
    if (scheduler === worker) scheduler = undefined;
    if (stopping) return;
    const now = Date.now();
    restartDelayMs = now - lastDeath < CRASH_WINDOW_MS ? Math.min(MAX_RESTART_DELAY_MS, restartDelayMs * 2 || 500) : 0;
    lastDeath = now;
    log(
      `Worker ${worker.id} exited (${signal ?? `code ${code}`}); starting another${restartDelayMs ? ` in ${restartDelayMs / 1000} s` : ''}.`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, restartDelayMs).unref();
    assignScheduler();
  });

  /** On a signal (said, as a single process says it), or quietly after a failed start (exit code 1). */
  async function stop(signal: string | undefined, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    if (signal) log(`Received ${signal}, finishing the requests in flight on every worker, then shutting down.`);
    aborted.abort();
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    // Each worker drains within shutdownGraceMs; the margin is for closing its connections.
    await Promise.all(workers.map((worker) => stopWorker(worker, config.shutdownGraceMs + 10_000)));
    await database?.close();
    process.exit(exitCode);
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, config.workerSemiSpaceMb) });
  for (let i = 0; i < config.workers; i++) fork();
  try {
    database = await prepareDatabase(config, aborted.signal);
  } catch (error) {
    process.stderr.write(`Could not prepare the database: ${(error as Error).message}\n`);
    await stop(undefined, 1);
    return;
  }
  // The primary's own pool is not needed any more: the workers query, the primary only supervises.
  await database.prisma.$disconnect();
  for (const worker of Object.values(cluster.workers ?? {}))
    if (worker) send(worker, { type: 'database', url: database.url });
}

/**
 * The workers' Node options: the primary's own, with the semi-space setting unless one is given
 * there already (`node --max-semi-space-size=… ` on the command line wins).
 */
export function workerExecArgv(primary: readonly string[], semiSpaceMb: number): string[] {
  const given = primary.some((option) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(option));
  return given || semiSpaceMb === 0 ? [...primary] : [...primary, `--max-semi-space-size=${semiSpaceMb}`];
}

/** SIGTERM (the worker drains), then SIGKILL if it has not exited within `withinMs`. */
async function stopWorker(worker: Worker, withinMs: number): Promise<void> {
  if (worker.isDead()) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.process.kill('SIGTERM');
  const timer = setTimeout(() => worker.process.kill('SIGKILL'), withinMs);
  await exited;
  clearTimeout(timer);
}

export async function runClusterWorker(config: ServerConfig): Promise<void> {
  const workerId = cluster.worker?.id ?? 0;
  const send = (message: ToPrimary) => process.send?.(message);
  let http: HttpProcess | undefined;
  const listen = async () => {
    http ??= await startHttpProcess(config, { workerId });
    send({ type: 'listening', port: http.port });
    return http;
  };
  const useDatabase = async (url: string) => {
    // The primary has migrated and seeded: this worker only opens its own pool.
    const database = await openDatabase({ config: { ...config.database, databaseUrl: url }, migrate: false });
    (await listen()).useDatabase(database);
    send({ type: 'ready' });
  };
  process.on('message', (message: ToWorker) => {
    if (message.type === 'listen') void listen();
    else if (message.type === 'database')
      useDatabase(message.url).catch((error: unknown) => {
        process.stderr.write(`Worker ${workerId} could not open the database: ${(error as Error).message}\n`);
        process.exit(1);
      });
    else if (message.type === 'schedule') {
      log(`Worker ${workerId} runs the scheduled flag refresh and export sweep.`);
      http?.runScheduledWork();
    }
  });
  send({ type: 'started' });
}
