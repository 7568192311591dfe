import { readFile } from 'node:fs/promises';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { analyzeGrownTables, ImportConflictError, importTimelineFile } from '@nmo/storage';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { parseTimelineFile, parseTimelineJson, type TimelineFile } from '../src/format.ts';
import { countRecords, generateCohort } from '../src/index.ts';
import { exportTimelineJsonText } from '../src/timeline/export.ts';

const exampleText = await readFile(new URL('./fixtures/design-example.json', import.meta.url), 'utf8');

function example(): TimelineFile {
  const parsed = parseTimelineJson(exampleText);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.file;
}

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
});
afterEach(() => database.drop());

const importAsSystem = (file: TimelineFile, dryRun = false) =>
  importTimelineFile(database.prisma, file, { actorId: SYSTEM_USER_ID, dryRun });

describe('import and export of the DESIGN.md example', () => {
  it('imports every record and exports them in canonical order', async () => {
    const summary = await importAsSystem(example());
    expect(summary.patients).toEqual({ created: 1, updated: 0, unchanged: 0 });
    // 8 events + 2 acute treatments + 2 administrations
    expect(summary.records).toEqual({ created: 12, updated: 0, unchanged: 0 });

    const exported = await exportTimelineJsonText(database.prisma);
    const reparsed = JSON.parse(exported) as TimelineFile;
    expect(exported).toBe(`${JSON.stringify(reparsed, null, 2)}\n`);
    const patient = reparsed.patients[0];
    expect(patient?.events.map((e) => e.type)).toEqual([
      'antibody',
      'mri',
      'therapy',
      'edss',
      'visual',
      'lab',
      'relapse',
      'vaccination',
    ]);
    // "stopDate": null and absent optional fields are not written: absent means unknown or none.
    expect(exported).not.toContain('null');
    expect(patient).toMatchObject({
      mrn: 'A001',
      aqp4Status: 'positive',
      comorbidities: ['antiphospholipid_antibodies'],
    });
  });

  it('re-importing the same file changes nothing and duplicates nothing', async () => {
    await importAsSystem(example());
    const first = await exportTimelineJsonText(database.prisma);
    const again = await importAsSystem(example());
    expect(again.patients).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(again.records).toEqual({ created: 0, updated: 0, unchanged: 12 });
    expect(await exportTimelineJsonText(database.prisma)).toBe(first);
    expect(await database.prisma.edssAssessment.count()).toBe(1);
  });

  it('an existing MRN is updated in place: changed events get a new version, new ones are added, none removed', async () => {
    await importAsSystem(example());
    const changed = example();
    const patient = changed.patients[0];
    if (!patient) throw new Error('fixture');
    patient.familyName = 'Renamed';
    patient.events = patient.events
      .filter((e) => e.type !== 'vaccination')
      .map((e) => (e.type === 'edss' ? { ...e, score: 4 } : e));
    patient.events.push({ type: 'edss', date: '2018-02-02', score: 4.5 });
    const therapy = patient.events.find((e) => e.type === 'therapy');
    if (therapy?.type === 'therapy') therapy.administrations?.push({ date: '2015-10-01', doseMg: 1000 });

    const summary = await importAsSystem(changed);
    expect(summary.patients).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(summary.records).toEqual({ created: 2, updated: 1, unchanged: 10 });

    const edss = await database.prisma.edssAssessment.findMany({ orderBy: { date: 'asc' } });
    expect(edss.map((e) => [e.score, e.version])).toEqual([
      [4, 2],
      [4.5, 1],
    ]);
    expect(await database.prisma.vaccination.count()).toBe(1);
    const stored = await database.prisma.patient.findUniqueOrThrow({ where: { mrn: 'A001' } });
    expect([stored.familyName, stored.version]).toEqual(['Renamed', 2]);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const summary = await importAsSystem(example(), true);
    expect(summary).toMatchObject({ dryRun: true, patients: { created: 1 }, records: { created: 12 } });
    expect(await database.prisma.patient.count()).toBe(0);
    expect(await database.prisma.auditEvent.count()).toBe(0);
  });

  it('an MRN of a soft-deleted patient stops the whole import, and nothing is written', async () => {
    await importAsSystem(example());
    await database.prisma.patient.update({
      where: { mrn: 'A001' },
      data: { deletedAt: new Date(), deletedById: SYSTEM_USER_ID },
    });
    const file = example();
    const other = structuredClone(file.patients[0]);
    if (!other) throw new Error('fixture');
    other.mrn = 'B002';
    file.patients.unshift(other);
    const auditBefore = await database.prisma.auditEvent.count();

    const failure = await importAsSystem(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportConflictError);
    expect((failure as ImportConflictError).errors).toEqual([
      { path: 'patients[1].mrn', message: expect.stringMatching(/deleted patient/) },
    ]);
    expect(await database.prisma.patient.count({ where: { mrn: 'B002' } })).toBe(0);
    expect(await database.prisma.auditEvent.count()).toBe(auditBefore);
  });

  it('writes an audit row per record created or changed, with before and after, in the same transaction', async () => {
    await importAsSystem(example());
    const rows = await database.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    const patient = await database.prisma.patient.findUniqueOrThrow({ where: { mrn: 'A001' } });
    // The patient and its 12 records (events, acute treatments and doses), then the import's summary.
    expect(rows).toHaveLength(1 + 12 + 1);
    expect(rows[0]).toMatchObject({
      action: 'Patient.create',
      actorId: SYSTEM_USER_ID,
      entityType: 'Patient',
      entityId: patient.id,
      details: { before: null, after: { mrn: 'A001', familyName: expect.any(String) }, source: 'import' },
    });
    expect(rows.slice(1, -1).every((r) => r.action === `${r.entityType}.create` && r.patientId === patient.id)).toBe(
      true,
    );
    expect(rows.at(-1)).toMatchObject({ action: 'import', entityType: null });

    // A re-import that changes one EDSS score leaves one update row, with the old and the new score.
    const file = example();
    const edss = file.patients[0]?.events.find((e) => e.type === 'edss');
    if (edss?.type !== 'edss') throw new Error('fixture');
    const before = edss.score;
    edss.score = before === 9 ? 8.5 : before + 0.5;
    await importAsSystem(file);
    const changed = await database.prisma.auditEvent.findMany({
      where: { action: 'EdssAssessment.update' },
    });
    expect(changed).toHaveLength(1);
    expect(changed[0]?.details).toMatchObject({
      before: { score: before },
      after: { score: edss.score },
      source: 'import',
    });
  });

  it('a file of several slices is written in order; a failure in a later slice leaves nothing written', async () => {
    // 230 patients: three slices of up to 100, written while the next is planned.
    const [patient] = example().patients;
    if (!patient) throw new Error('fixture');
    const many = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ ...structuredClone(patient), mrn: `S${String(i).padStart(4, '0')}` }));
    const summary = await importAsSystem({ ...example(), patients: many(230) });
    expect(summary.patients.created).toBe(230);
    expect(await database.prisma.patient.count()).toBe(230);
    const rows = await database.prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { action: true } });
    expect(rows).toHaveLength(230 * (1 + 12) + 1);
    expect(rows.at(-1)?.action).toBe('import');

    // The second slice repeats an MRN of the first: the database refuses it after the first slice
    // was written, and the whole import is rolled back.
    const clash = many(150).map((p) => ({ ...p, mrn: `T${p.mrn}` }));
    clash[120] = { ...structuredClone(patient), mrn: clash[10]?.mrn as string };
    const auditBefore = await database.prisma.auditEvent.count();
    await expect(importAsSystem({ ...example(), patients: clash })).rejects.toThrow();
    expect(await database.prisma.patient.count()).toBe(230);
    expect(await database.prisma.auditEvent.count()).toBe(auditBefore);
  });

  it("writes the same rows by COPY on its transaction's connection as by INSERT without one (a replica-routed client)", async () => {
    const file = generateCohort({ patients: 40, seed: 7, asOf: '2026-11-30' });
    const [first] = file.patients;
    if (!first) throw new Error('fixture');
    first.familyName = `O'Brien-Núñez \\ "Jr"\tII`;
    const visual = file.patients.flatMap((p) => p.events).find((e) => e.type === 'visual');
    if (visual?.type !== 'visual') throw new Error('fixture');
    visual.funduscopyNote = 'line one\nline two\ttabbed, \\N and a back\\slash';
    await importTimelineFile(database.prisma, file, { actorId: SYSTEM_USER_ID });
    const other = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    try {
      // An extended client is not one createPrismaClient made: no connection to COPY on, so INSERT.
      const extended = other.prisma.$extends({}) as unknown as typeof other.prisma;
      await importTimelineFile(extended, file, { actorId: SYSTEM_USER_ID });
      const exported = await exportTimelineJsonText(database.prisma);
      expect(exported).toContain('line two\\ttabbed');
      expect(await exportTimelineJsonText(other.prisma)).toBe(exported);
      const auditOf = (prisma: typeof database.prisma) =>
        prisma.auditEvent.findMany({
          orderBy: { id: 'asc' },
          select: {
            action: true,
            entityType: true,
            patientId: true,
            success: true,
            clientAddress: true,
            details: true,
          },
        });
      const [copied, inserted] = [await auditOf(database.prisma), await auditOf(other.prisma)];
      expect(copied).toHaveLength(countRecords(file) + file.patients.length + 1);
      const withoutIds = (rows: typeof copied) =>
        rows.map(({ patientId, ...row }) => ({ ...row, patient: !!patientId }));
      expect(withoutIds(copied)).toEqual(withoutIds(inserted));
    } finally {
      await other.drop();
    }
  });

  it('renews the statistics of the tables an import grew by more than a tenth, and only those', async () => {
    await importAsSystem(generateCohort({ patients: 40, seed: 3, asOf: '2026-11-30' }));
    await database.asOwner('ANALYZE "Patient"; ANALYZE "EdssAssessment"');
    const analysed = async () =>
      Object.fromEntries(
        (
          await database.prisma.$queryRawUnsafe<{ table: string; count: number }[]>(
            `SELECT relname AS "table", analyze_count::int AS "count" FROM pg_stat_user_tables
              WHERE relname IN ('Patient', 'EdssAssessment')`,
          )
        ).map(({ table, count }) => [table, count]),
      );
    const before = await analysed();
    const edss = await database.prisma.edssAssessment.count();
    expect(edss).toBeGreaterThan(100);
    // 5 new patients are more than a tenth of 40; 10 new EDSS rows are less than a tenth of those.
    await analyzeGrownTables(
      database.prisma,
      new Map([
        ['patient', 5],
        ['edssAssessment', 10],
      ]),
    );
    const after = await analysed();
    expect(after.Patient).toBe((before.Patient ?? 0) + 1);
    expect(after.EdssAssessment).toBe(before.EdssAssessment);
  });

  it('an empty cohort exports as a valid empty file', async () => {
    const text = await exportTimelineJsonText(database.prisma);
    expect(text).toBe('{\n  "format": "nmo-timeline",\n  "version": 1,\n  "patients": []\n}\n');
    expect(parseTimelineFile(JSON.parse(text)).ok).toBe(true);
  });
});

describe('the diagnosis field', () => {
  it('imports an old file without a diagnosis: nothing recorded, nothing written back', async () => {
    const file = example();
    expect(file.patients[0]?.diagnosis).toBeUndefined();
    await importAsSystem(file);
    expect((await database.prisma.patient.findFirst())?.diagnosis).toBeNull();
    const exported = await exportTimelineJsonText(database.prisma);
    expect(exported).not.toContain('"diagnosis"');
    expect(exported).toContain('"diagnosisDate"');
  });

  it('round-trips a recorded diagnosis: import, export, re-import unchanged; a change is an update', async () => {
    const file = example();
    const patient = file.patients[0];
    if (!patient) throw new Error('fixture');
    patient.diagnosis = 'mogad';
    await importAsSystem(file);
    expect((await database.prisma.patient.findFirst())?.diagnosis).toBe('mogad');
    const exported = await exportTimelineJsonText(database.prisma);
    const reparsed = parseTimelineJson(exported);
    if (!reparsed.ok) throw new Error(JSON.stringify(reparsed.errors));
    expect(reparsed.file.patients[0]?.diagnosis).toBe('mogad');
    expect((await importAsSystem(reparsed.file)).patients).toEqual({ created: 0, updated: 0, unchanged: 1 });
    patient.diagnosis = 'nmosd_seronegative';
    expect((await importAsSystem(file)).patients).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await database.prisma.patient.findFirst())?.diagnosis).toBe('nmosd_seronegative');
  });

  it('refuses an unknown diagnosis, naming the field and the allowed values', () => {
    const raw = JSON.parse(exampleText) as { patients: Record<string, unknown>[] };
    (raw.patients[0] as Record<string, unknown>).diagnosis = 'nmosd';
    expect(parseTimelineFile(raw)).toEqual({
      ok: false,
      errors: [
        {
          path: 'patients[0].diagnosis',
          message: 'must be one of nmosd_aqp4_positive, nmosd_seronegative, mogad, other_or_uncertain',
        },
      ],
    });
  });
});
