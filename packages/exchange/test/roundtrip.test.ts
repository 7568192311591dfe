import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { importTimelineFile } from '@nmo/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTimelineFile } from '../src/format.ts';
import { generateCohort } from '../src/synthetic/index.ts';
import { exportTimelineJsonText } from '../src/timeline/export.ts';
import { freshDatabases } from './databases.ts';

/** DESIGN.md contract 4: export → import into an empty database → export is byte-identical. */
describe('round trip on a generated cohort of 200 patients', () => {
  const fresh = freshDatabases();

  let first: string;
  let source: TestDatabase;
  beforeAll(async () => {
    source = await fresh();
    const cohort = generateCohort({ patients: 200, seed: 20261124, asOf: '2026-10-31' });
    await importTimelineFile(source.prisma, cohort, { actorId: SYSTEM_USER_ID });
    first = await exportTimelineJsonText(source.prisma);
  });

  it('the export is a valid interchange file with all 200 patients', () => {
    const parsed = parseTimelineFile(JSON.parse(first));
    expect(parsed.ok && parsed.file.patients.length).toBe(200);
  });

  it('export → import into an empty database → export is byte-identical', async () => {
    const target = await fresh();
    const parsed = parseTimelineFile(JSON.parse(first));
    if (!parsed.ok) throw new Error('export did not parse');
    const summary = await importTimelineFile(target.prisma, parsed.file, { actorId: SYSTEM_USER_ID });
    expect(summary.patients.created).toBe(200);
    expect(await exportTimelineJsonText(target.prisma)).toBe(first);
  });

  it('importing the export back into its source changes nothing', async () => {
    const parsed = parseTimelineFile(JSON.parse(first));
    if (!parsed.ok) throw new Error('export did not parse');
    const summary = await importTimelineFile(source.prisma, parsed.file, { actorId: SYSTEM_USER_ID });
    expect(summary.patients).toEqual({ created: 0, updated: 0, unchanged: 200 });
    expect(summary.records.created + summary.records.updated).toBe(0);
    expect(await exportTimelineJsonText(source.prisma)).toBe(first);
  });
});
