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
 * Migration 20261129120000_lab_units_ucum on a database written before it: the spellings the product
 * and the synthetic generator used become UCUM codes, anything else becomes NULL, and every changed
 * row is audited with its old and new unit.
 */
const MIGRATION = '20261129120000_lab_units_ucum';

/** [test, value, result, unit before, unit after] */
const ROWS: [string, number | null, string | null, string | null, string | null][] = [
  ['wbc', 5.1, null, '10^9/L', '10*9/L'],
  ['platelets', 250, null, ' 10^9/L ', '10*9/L'],
  ['bilirubin', 12, null, 'µmol/L', 'umol/L'],
  ['bilirubin', 13, null, 'μmol/L', 'umol/L'],
  ['alt', 30, null, 'IU/L', 'U/L'],
  ['cd19_absolute', 50, null, 'cells/µL', '/uL'],
  ['lymphocytes_absolute', 1200, null, 'cells/uL', '/uL'],
  ['igg', 6.2, null, 'G/L', 'g/L'],
  ['igg', 800, null, 'mg/dL', 'mg/dL'],
  ['cd19_percent', 0.4, null, '%', '%'],
  ['alt', 25, null, null, null],
  ['cd19_percent', 0.3, null, 'Smith John', null],
  ['igg', 5, null, '%', null],
  ['wbc', 4.4, null, 'mg/dL', null],
  ['hbsag', null, 'negative', 'IU/mL', null],
  ['tpmt', null, 'intermediate', 'U/mL', null],
];
const UNCHANGED = ROWS.filter(([, , , before, after]) => before === after).length;

describe(`migration ${MIGRATION} on a database with free-text units`, () => {
  let fixture: DatabaseBeforeMigration;
  let client: pg.Client;
  let patientId: string;
  let otherPatientId: string;
  let deletedId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    fixture = await openBeforeMigration(MIGRATION);
    ({ client } = fixture);
    const patient = async (mrn: string) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO "Patient" (mrn, "givenName", "familyName", "birthDate", sex, "createdById", "updatedById", "updatedAt")
           VALUES ($1, 'John', 'Smith', '1980-01-01', 'male', $2, $2, now()) RETURNING id`,
          [mrn, CLINICIAN_ID],
        )
      ).rows[0]?.id as string;
    patientId = await patient('L1');
    otherPatientId = await patient('L2');
    const lab = async (values: unknown[], deleted = false) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO "LabResult" ("patientId", date, test, value, result, unit, "createdById", "updatedById", "updatedAt", "deletedAt", "deletedById")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, now(), $8, $9) RETURNING id`,
          [...values, CLINICIAN_ID, deleted ? new Date() : null, deleted ? CLINICIAN_ID : null],
        )
      ).rows[0]?.id as string;
    for (const [index, [test, value, result, unit]] of ROWS.entries()) {
      ids.push(await lab([patientId, `2020-01-${String(index + 1).padStart(2, '0')}`, test, value, result, unit]));
    }
    // A soft-deleted record is normalised too: the CHECK holds for every row.
    deletedId = await lab([patientId, '2020-02-01', 'ast', 20, null, 'IU/L'], true);
    await lab([otherPatientId, '2020-02-01', 'igg', 900, null, 'mg/dL']);
    for (const id of [patientId, otherPatientId])
      await client.query(`INSERT INTO "PatientFlagState" ("patientId", "asOf") VALUES ($1, '2026-01-01')`, [id]);

    // This migration alone (later ones, such as the one that makes every patient's flags stale, are
    // not what is tested here).
    expect(await fixture.migrate()).toEqual([MIGRATION]);
  });

  afterAll(() => fixture?.close());

  const labRow = async (id: string) =>
    (
      await client.query<{ unit: string | null; version: number; updatedById: string }>(
        `SELECT unit, version, "updatedById" FROM "LabResult" WHERE id = $1`,
        [id],
      )
    ).rows[0];

  it.each(ROWS.map((row, index) => [index, ...row] as const))(
    'row %i: %s %s %s "%s" → %s',
    async (index, _test, _value, _result, before, after) => {
      const row = await labRow(ids[index] as string);
      expect(row?.unit).toBe(after);
      expectWrittenBy(row, before !== after);
    },
  );

  it('normalises soft-deleted rows too', async () => {
    expect((await labRow(deletedId))?.unit).toBe('U/L');
  });

  it('audits every changed row with the old and the new unit, as the system account', async () => {
    const audit = await auditRows(client, 'id');
    expect(audit).toHaveLength(ROWS.length - UNCHANGED + 1);
    const byId = new Map(audit.map((row) => [row.entityId, row]));
    for (const [index, [, , , before, after]] of ROWS.entries()) {
      const event = byId.get(ids[index] as string);
      if (before === after) expect(event).toBeUndefined();
      else
        expect(event).toEqual({
          actorId: SYSTEM_USER_ID,
          action: 'LabResult.update',
          entityType: 'LabResult',
          entityId: ids[index],
          patientId,
          details: { before: { unit: before }, after: { unit: after }, reason: 'unit normalised to UCUM' },
        });
    }
    // "Smith John" is kept where only the audit log's readers see it, never in a record or an export.
    expect(byId.get(ids[11] as string)?.details).toMatchObject({ before: { unit: 'Smith John' } });
  });

  it("marks the changed patients' flags stale so that they are recomputed, and no others", async () => {
    const states = await client.query<{ patientId: string }>(`SELECT "patientId" FROM "PatientFlagState"`);
    expect(states.rows.map((row) => row.patientId)).toEqual([otherPatientId]);
  });

  it('then refuses a unit outside the test’s list', async () => {
    await expect(
      client.query(
        `INSERT INTO "LabResult" ("patientId", date, test, value, unit, "createdById", "updatedById", "updatedAt")
         VALUES ($1, '2021-01-01', 'igg', 5, '%', $2, $2, now())`,
        [patientId, CLINICIAN_ID],
      ),
    ).rejects.toMatchObject({ constraint: 'LabResult_unit_check' });
  });
});
