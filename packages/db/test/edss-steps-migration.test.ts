import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER_ID } from '../src/client.ts';
import {
  auditRows,
  CLINICIAN_ID,
  type DatabaseBeforeMigration,
  expectWrittenBy,
  openBeforeMigration,
} from './migrated-rows.ts';

/**
 * Migration 20261129180813_edss_kurtzke_steps_and_working_diagnosis on a database written before it: EDSS 0.5 (not a Kurtzke step) becomes 1.0
 * with an audit row as the system account, the CHECK then refuses 0.5, every patient's flags are
 * stale, and the summary rows get the working diagnosis.
 */
const MIGRATION = '20261129180813_edss_kurtzke_steps_and_working_diagnosis';

/** [score before, deleted, score after] */
const ROWS: [number, boolean, number][] = [
  [0, false, 0],
  [0.5, false, 1],
  [0.5, true, 1],
  [1, false, 1],
  [1.5, false, 1.5],
  [10, false, 10],
];

describe(`migration ${MIGRATION} on a database with EDSS 0.5`, () => {
  let fixture: DatabaseBeforeMigration;
  let client: pg.Client;
  const patients: Record<string, string> = {};
  const ids: string[] = [];

  beforeAll(async () => {
    fixture = await openBeforeMigration(MIGRATION);
    ({ client } = fixture);
    const patient = async (mrn: string, aqp4: string, mog: string, diagnosis: string | null) => {
      const id = (
        await client.query<{ id: string }>(
          `INSERT INTO "Patient" (mrn, "givenName", "familyName", "birthDate", sex, "aqp4Status", "mogStatus", diagnosis,
                                  "createdById", "updatedById", "updatedAt")
           VALUES ($1, 'Ann', 'Lee', '1980-01-01', 'female', $2, $3, $4, $5, $5, now()) RETURNING id`,
          [mrn, aqp4, mog, diagnosis, CLINICIAN_ID],
        )
      ).rows[0]?.id as string;
      await client.query(`INSERT INTO "PatientFlagState" ("patientId", "asOf") VALUES ($1, '2026-01-01')`, [id]);
      await client.query(
        `INSERT INTO "PatientSummary" ("patientId", mrn, "givenName", "familyName", "birthDate", "aqp4Status", "mogStatus", "asOf")
         VALUES ($1, $2, 'Ann', 'Lee', '1980-01-01', $3, $4, '2026-01-01')`,
        [id, mrn, aqp4, mog],
      );
      patients[mrn] = id;
      return id;
    };
    await patient('AQP4', 'positive', 'negative', null);
    await patient('MOG', 'negative', 'positive', null);
    await patient('MOG-UNTESTED-AQP4', 'unknown', 'positive', null);
    await patient('SERONEG', 'negative', 'negative', 'nmosd_seronegative');
    await patient('NONE', 'unknown', 'unknown', null);
    for (const [index, [score, deleted]] of ROWS.entries()) {
      const row = await client.query<{ id: string }>(
        `INSERT INTO "EdssAssessment" ("patientId", date, score, "createdById", "updatedById", "updatedAt", "deletedAt", "deletedById")
         VALUES ($1, $2, $3, $4, $4, now(), $5, $6) RETURNING id`,
        [
          patients.AQP4,
          `2020-01-${String(index + 1).padStart(2, '0')}`,
          score,
          CLINICIAN_ID,
          deleted ? new Date() : null,
          deleted ? CLINICIAN_ID : null,
        ],
      );
      ids.push(row.rows[0]?.id as string);
    }

    expect(await fixture.migrate()).toEqual([MIGRATION]);
  });

  afterAll(() => fixture?.close());

  const edssRow = async (id: string) =>
    (
      await client.query<{ score: number; version: number; updatedById: string }>(
        `SELECT score, version, "updatedById" FROM "EdssAssessment" WHERE id = $1`,
        [id],
      )
    ).rows[0];

  it.each(ROWS.map((row, index) => [index, ...row] as const))(
    'row %i: %s (deleted: %s) → %s',
    async (index, before, _deleted, after) => {
      const row = await edssRow(ids[index] as string);
      expect(row?.score).toBe(after);
      expectWrittenBy(row, before !== after);
    },
  );

  it('audits every changed assessment with the old and new score and the reason, as the system account', async () => {
    const audit = await auditRows(client, '"entityId"');
    const changed = ROWS.flatMap(([before, , after], index) => (before !== after ? [ids[index] as string] : [])).sort();
    expect(audit.map((row) => row.entityId)).toEqual(changed);
    for (const row of audit)
      expect(row).toEqual({
        actorId: SYSTEM_USER_ID,
        action: 'EdssAssessment.update',
        entityType: 'EdssAssessment',
        entityId: row.entityId,
        patientId: patients.AQP4,
        details: {
          before: { score: 0.5 },
          after: { score: 1 },
          reason: 'EDSS 0.5 is not a Kurtzke step (Kurtzke 1983); minimal signs without disability is 1.0',
        },
      });
  });

  it('marks every patient’s flags stale so that they are recomputed', async () => {
    expect((await client.query(`SELECT 1 FROM "PatientFlagState"`)).rowCount).toBe(0);
  });

  it('gives each summary row the working diagnosis: recorded, else derived from serostatus where unambiguous', async () => {
    const rows = await client.query<{ mrn: string; workingDiagnosis: string }>(
      `SELECT mrn, "workingDiagnosis" FROM "PatientSummary" ORDER BY mrn`,
    );
    expect(Object.fromEntries(rows.rows.map((row) => [row.mrn, row.workingDiagnosis]))).toEqual({
      AQP4: 'nmosd_aqp4_positive',
      MOG: 'mogad',
      'MOG-UNTESTED-AQP4': 'other_or_uncertain',
      NONE: 'other_or_uncertain',
      SERONEG: 'nmosd_seronegative',
    });
  });

  it.each([[0.5], [0.25], [10.5]])('then refuses an EDSS of %s', async (score) => {
    await expect(
      client.query(
        `INSERT INTO "EdssAssessment" ("patientId", date, score, "createdById", "updatedById", "updatedAt")
         VALUES ($1, '2021-01-01', $2, $3, $3, now())`,
        [patients.MOG, score, CLINICIAN_ID],
      ),
    ).rejects.toMatchObject({ constraint: 'EdssAssessment_score_check' });
  });
});
