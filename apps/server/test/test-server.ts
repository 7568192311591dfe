import { loadRuleSettings, recomputeFlags } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { importTimelineFile } from '@nmo/storage';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { createRoleAccounts, listenForTest } from './http-client.ts';

/** The server a test file talks to; its fields are set once the file's beforeAll has run. */
export interface TestServer {
  database: TestDatabase;
  app: FastifyInstance;
  baseUrl: string;
}

export interface TestServerOptions {
  /** A timeline file imported before the server starts, with its flags computed as of `asOf`. */
  cohort?: { file: Parameters<typeof importTimelineFile>[1]; asOf: string };
  /** A database with no tables at all (and so no accounts): every query fails inside the server. */
  empty?: boolean;
  app?: Parameters<typeof listenForTest>[1];
  /** For a beforeAll that imports a large cohort. */
  timeoutMs?: number;
}

/**
 * For the whole test file: a fresh test database with one account per role (and the cohort imported
 * with its flags, as a clinic would have it), the real HTTP app listening over it, and both stopped
 * after the file.
 */
export function useTestServer(options: TestServerOptions = {}): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    const empty = options.empty === true;
    server.database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), { empty });
    const prisma = server.database.prisma;
    if (!empty) await createRoleAccounts(prisma);
    if (options.cohort) {
      await importTimelineFile(prisma, options.cohort.file, { actorId: SYSTEM_USER_ID });
      // The overview's filters read the stored summaries, which flag computation keeps.
      await recomputeFlags(prisma, { asOf: options.cohort.asOf, settings: await loadRuleSettings(prisma) });
    }
    // As the server runs: identified CSV long exports stream through COPY on a connection of their own.
    const databaseUrl = () => server.database.url;
    Object.assign(server, await listenForTest(() => prisma, { databaseUrl, ...options.app }));
  }, options.timeoutMs);
  afterAll(async () => {
    await server.app?.close();
    await server.database?.drop();
  });
  return server;
}
