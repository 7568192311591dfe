import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { EXPORT_STALE_MS, failStaleExports, loadRuleSettings, recomputeFlags } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { generateCohort } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRoleAccounts, listenForTest, signedInAs } from './http-client.ts';

let database: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;
const cohort = generateCohort({ patients: 250, seed: 5, asOf: '2026-11-01' });

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  await createRoleAccounts(database.prisma);
  await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
  await recomputeFlags(database.prisma, { asOf: '2026-11-01', settings: await loadRuleSettings(database.prisma) });
  ({ app, baseUrl } = await listenForTest(() => database.prisma));
}, 180_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const until = async (condition: () => Promise<boolean>, ms = 10_000) => {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 100)))
    if (await condition()) return;
  throw new Error('timed out');
};

describe('an export is on record from its start', () => {
  it('is audited before the first byte, and one cut off mid-stream is marked failed and audited', async () => {
    const { jar } = await signedInAs(baseUrl, 'clinician');
    const runId = randomUUID();
    const aborted = new AbortController();
    const response = await fetch(`${baseUrl}/api/export/csv?runId=${runId}&aqp4Status=positive`, {
      headers: { cookie: jar.cookie },
      signal: aborted.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(first?.value?.byteLength).toBeGreaterThan(0);
    const started = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.csv.start' } });
    expect(started.details).toMatchObject({
      exportId: runId,
      format: 'csv',
      deidentified: false,
      filters: { aqp4Status: ['positive'] },
    });
    // The browser goes away (a killed download) before the end.
    aborted.abort();
    await until(
      async () => (await database.prisma.exportRun.findUnique({ where: { id: runId } }))?.status === 'failed',
    );
    const ended = await database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'export.csv', success: false, details: { path: ['exportId'], equals: runId } },
    });
    expect(ended.details).toMatchObject({ error: 'cancelled before the end' });
  });

  it('a run whose process crashed (its heartbeat stopped) is marked failed by the sweep, once', async () => {
    const actor = await database.prisma.user.findFirstOrThrow({ where: { role: 'clinician' } });
    const id = randomUUID();
    const fresh = randomUUID();
    const longAgo = new Date(Date.now() - EXPORT_STALE_MS - 60_000);
    await database.prisma.exportRun.createMany({
      data: [
        {
          id,
          actorId: actor.id,
          format: 'fhir',
          deidentified: false,
          dates: 'calendar',
          filters: {},
          patientsTotal: 9,
          heartbeatAt: longAgo,
        },
        {
          id: fresh,
          actorId: actor.id,
          format: 'csv',
          deidentified: false,
          dates: 'calendar',
          filters: {},
          patientsTotal: 9,
        },
      ],
    });
    expect(await failStaleExports(database.prisma)).toBe(1);
    expect(await failStaleExports(database.prisma)).toBe(0);
    expect(await database.prisma.exportRun.findUnique({ where: { id } })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^interrupted/),
    });
    expect((await database.prisma.exportRun.findUnique({ where: { id: fresh } }))?.status).toBe('running');
    expect(
      await database.prisma.auditEvent.count({
        where: { action: 'export.fhir', success: false, details: { path: ['exportId'], equals: id } },
      }),
    ).toBe(1);
  });

  it('a run of a process of this host that died is marked failed at once, a live one is left', async () => {
    const actor = await database.prisma.user.findFirstOrThrow({ where: { role: 'clinician' } });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const dead = randomUUID();
    const alive = randomUUID();
    const run = {
      actorId: actor.id,
      format: 'csv',
      deidentified: false,
      dates: 'calendar',
      filters: {},
      patientsTotal: 3,
    };
    await database.prisma.exportRun.createMany({
      data: [
        { ...run, id: dead, streamedBy: `${os.hostname()}:${gone}` },
        { ...run, id: alive, streamedBy: `${os.hostname()}:${process.pid}` },
      ],
    });
    expect(await failStaleExports(database.prisma)).toBe(1);
    expect((await database.prisma.exportRun.findUnique({ where: { id: dead } }))?.status).toBe('failed');
    expect((await database.prisma.exportRun.findUnique({ where: { id: alive } }))?.status).toBe('running');
  });
});
