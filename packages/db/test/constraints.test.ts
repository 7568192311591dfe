import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_USER_ID } from '../src/client.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/**
 * Each integrity rule of the database (CHECK, unique, foreign key, trigger) rejects what it should,
 * whatever client writes: asserted through plain SQL and the violated constraint's name.
 */
let database: TestDatabase;
let client: pg.Client;
const who = SYSTEM_USER_ID;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

let mrnCounter = 0;
let dayCounter = 0;
/** A different date for each record, so that identity keys never collide by accident. */
const nextDate = () => new Date(Date.UTC(2000, 0, 1 + ++dayCounter)).toISOString().slice(0, 10);
async function insertPatient(overrides: Record<string, unknown> = {}): Promise<string> {
  const values = {
    mrn: `C${++mrnCounter}`,
    givenName: 'Ana',
    familyName: 'Test',
    birthDate: '1980-04-02',
    sex: 'female',
    ...overrides,
  };
  return insert('Patient', values);
}

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(values);
  const result = await client.query<{ id: string }>(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}, "createdById", "updatedById", "updatedAt")
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, '${who}', '${who}', now()) RETURNING id`,
    Object.values(values),
  );
  return result.rows[0]?.id as string;
}

/** The constraint a failing statement violated (PostgreSQL reports its name). */
async function violated(statement: () => Promise<unknown>): Promise<string> {
  try {
    await statement();
  } catch (error) {
    const e = error as { constraint?: string; message: string };
    return e.constraint ?? e.message;
  }
  return 'no error';
}

describe('clinical value ranges', () => {
  let patientId: string;
  beforeAll(async () => {
    patientId = await insertPatient();
  });

  it.each([
    [10.5, 'EdssAssessment_score_check'],
    [-0.5, 'EdssAssessment_score_check'],
    [3.25, 'EdssAssessment_score_check'],
    [0, 'no error'],
    [10, 'no error'],
    [6.5, 'no error'],
  ])('EDSS %s → %s', async (score, expected) => {
    expect(await violated(() => insert('EdssAssessment', { patientId, date: nextDate(), score }))).toBe(expected);
  });

  it.each([
    ['fsVisual', 7],
    ['fsBrainstem', 6],
    ['fsAmbulation', 17],
  ])('EDSS functional system %s = %s is refused', async (column, value) => {
    expect(
      await violated(() => insert('EdssAssessment', { patientId, date: '2021-02-01', score: 3, [column]: value })),
    ).toBe('EdssAssessment_fs_check');
  });

  it.each([
    [0, 'AntibodyTest_titer_check'],
    [-100, 'AntibodyTest_titer_check'],
    [1000, 'no error'],
  ])('AQP4 titer %s → %s', async (titer, expected) => {
    const date = nextDate();
    expect(
      await violated(() =>
        insert('AntibodyTest', { patientId, date, antibody: 'AQP4', assay: 'cba_live', result: 'positive', titer }),
      ),
    ).toBe(expected);
  });

  it.each([
    [3.1, 'VisualExam_logmar_check'],
    [-0.4, 'VisualExam_logmar_check'],
    [3.0, 'no error'],
    [-0.3, 'no error'],
  ])('logMAR %s → %s', async (logmar, expected) => {
    expect(await violated(() => insert('VisualExam', { patientId, date: nextDate(), eye: 'OD', logmar }))).toBe(
      expected,
    );
  });

  it('a longitudinally extensive lesion needs at least one segment', async () => {
    expect(
      await violated(() =>
        insert('MriExam', { patientId, date: '2019-05-05', region: 'spinal_cord', extensiveSegments: 0 }),
      ),
    ).toBe('MriExam_extensiveSegments_check');
  });

  it('a lab result needs a value or a qualitative result', async () => {
    expect(await violated(() => insert('LabResult', { patientId, date: '2019-05-05', test: 'igg' }))).toBe(
      'LabResult_has_result_check',
    );
  });

  // Units are UCUM codes from the test's list (migration 20261129120000_lab_units_ucum; the list
  // itself is compared with the domain's in packages/domain/test/lab-units.test.ts).
  it.each([
    ['igg', 800, 'mg/dL', 'no error'],
    ['igg', 8, 'g/L', 'no error'],
    ['wbc', 5.2, '10*9/L', 'no error'],
    ['bilirubin', 12, 'umol/L', 'no error'],
    ['igg', 800, null, 'no error'],
    ['igg', 8, '%', 'LabResult_unit_check'],
    ['cd19_percent', 0.4, 'Smith John', 'LabResult_unit_check'],
    ['wbc', 5.2, '10^9/L', 'LabResult_unit_check'],
    ['hbsag', 1, 'U/L', 'LabResult_unit_check'],
  ])('lab %s %s %s → %s', async (test, value, unit, expected) => {
    expect(await violated(() => insert('LabResult', { patientId, date: nextDate(), test, value, unit }))).toBe(
      expected,
    );
  });

  it('a result without a value (a TPMT phenotype) takes no unit', async () => {
    const phenotype = { patientId, test: 'tpmt', result: 'intermediate' };
    expect(await violated(() => insert('LabResult', { ...phenotype, date: nextDate(), unit: 'U/mL' }))).toBe(
      'LabResult_unit_check',
    );
    expect(await violated(() => insert('LabResult', { ...phenotype, date: nextDate() }))).toBe('no error');
  });

  it('an unknown enumeration value is refused', async () => {
    expect(await violated(() => insert('Vaccination', { patientId, date: '2019-05-05', vaccine: 'smallpox' }))).toMatch(
      /invalid input value for enum "Vaccine"/,
    );
  });
});

describe('dates', () => {
  it('a therapy cannot stop before it starts, and a stop reason needs a stop date', async () => {
    const patientId = await insertPatient();
    expect(
      await violated(() =>
        insert('Therapy', { patientId, agent: 'rituximab', startDate: '2020-05-01', stopDate: '2020-04-30' }),
      ),
    ).toBe('Therapy_stopDate_check');
    expect(
      await violated(() =>
        insert('Therapy', { patientId, agent: 'rituximab', startDate: '2020-05-01', stopReason: 'switch' }),
      ),
    ).toBe('Therapy_stopReason_check');
    expect(
      await violated(() =>
        insert('Therapy', { patientId, agent: 'rituximab', startDate: '2020-05-01', stopDate: '2020-05-01' }),
      ),
    ).toBe('no error');
  });

  it('a diagnosis cannot precede birth', async () => {
    expect(await violated(() => insertPatient({ diagnosisDate: '1980-04-01' }))).toBe('Patient_diagnosisDate_check');
    expect(await violated(() => insertPatient({ birthDate: '1899-12-31' }))).toBe('Patient_birthDate_check');
  });
});

describe('identity and uniqueness', () => {
  it('MRNs are unique', async () => {
    await insertPatient({ mrn: 'UNIQ-1' });
    expect(await violated(() => insertPatient({ mrn: 'UNIQ-1' }))).toBe('Patient_mrn_key');
  });

  it('one live EDSS per patient and day; a soft-deleted one does not count', async () => {
    const patientId = await insertPatient();
    const first = await insert('EdssAssessment', { patientId, date: '2022-03-03', score: 2 });
    expect(await violated(() => insert('EdssAssessment', { patientId, date: '2022-03-03', score: 2.5 }))).toBe(
      'EdssAssessment_identity_key',
    );
    await client.query(`UPDATE "EdssAssessment" SET "deletedAt" = now(), "deletedById" = $1 WHERE id = $2`, [
      who,
      first,
    ]);
    expect(await violated(() => insert('EdssAssessment', { patientId, date: '2022-03-03', score: 2.5 }))).toBe(
      'no error',
    );
  });

  it('a soft deletion records who deleted; versions start at 1', async () => {
    const patientId = await insertPatient();
    expect(
      await violated(() =>
        insert('Vaccination', { patientId, date: '2020-01-01', vaccine: 'menb', deletedAt: new Date() }),
      ),
    ).toBe('Vaccination_deletion_check');
    expect(
      await violated(() => insert('Vaccination', { patientId, date: '2020-01-02', vaccine: 'menb', version: 0 })),
    ).toBe('Vaccination_version_check');
  });

  it('user e-mail addresses are stored lower-case', async () => {
    expect(
      await violated(() =>
        client.query(
          `INSERT INTO "User" (email, "displayName", role, "updatedAt") VALUES ('Someone@Example.org', 'X', 'clinician', now())`,
        ),
      ),
    ).toBe('User_email_check');
  });
});

describe('foreign keys and delete behaviour', () => {
  it('an acute treatment must belong to a relapse of the same patient', async () => {
    const a = await insertPatient();
    const b = await insertPatient();
    const relapseOfA = await insert('Relapse', {
      patientId: a,
      onsetDate: '2021-01-01',
      phenotype: 'optic_neuritis',
      severity: 'mild',
    });
    expect(
      await violated(() =>
        insert('AcuteTreatment', { patientId: b, relapseId: relapseOfA, type: 'ivmp', startDate: '2021-01-02' }),
      ),
    ).toBe('AcuteTreatment_relapseId_patientId_fkey');
  });

  it('a patient with records cannot be hard-deleted (soft deletion is the way)', async () => {
    const patientId = await insertPatient();
    await insert('LabResult', { patientId, date: '2021-01-01', test: 'igg', value: 800, unit: 'mg/dL' });
    expect(await violated(() => client.query('DELETE FROM "Patient" WHERE id = $1', [patientId]))).toBe(
      'LabResult_patientId_fkey',
    );
  });

  it('deleting a relapse or therapy row removes its own treatments and administrations', async () => {
    const patientId = await insertPatient();
    const relapseId = await insert('Relapse', {
      patientId,
      onsetDate: '2021-01-01',
      phenotype: 'brainstem',
      severity: 'severe',
    });
    await insert('AcuteTreatment', { patientId, relapseId, type: 'plex', startDate: '2021-01-03', sessions: 5 });
    const therapyId = await insert('Therapy', { patientId, agent: 'rituximab', startDate: '2021-02-01' });
    await insert('TherapyAdministration', { patientId, therapyId, date: '2021-02-01', doseMg: 1000 });
    await client.query('DELETE FROM "Relapse" WHERE id = $1', [relapseId]);
    await client.query('DELETE FROM "Therapy" WHERE id = $1', [therapyId]);
    const left = await client.query(
      'SELECT (SELECT count(*) FROM "AcuteTreatment" WHERE "patientId" = $1) + (SELECT count(*) FROM "TherapyAdministration" WHERE "patientId" = $1) AS n',
      [patientId],
    );
    expect(Number(left.rows[0]?.n)).toBe(0);
  });

  it('a user who wrote records cannot be deleted', async () => {
    expect(await violated(() => client.query('DELETE FROM "User" WHERE id = $1', [who]))).toMatch(/_fkey$/);
  });
});

describe('audit log', () => {
  // Two protections: the application's role has no UPDATE, DELETE or TRUNCATE on it (test/roles.test.ts),
  // and a trigger refuses them to anyone else who has them, the owner included.
  it('is append-only even for its owner: the trigger refuses UPDATE, DELETE and TRUNCATE', async () => {
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`INSERT INTO "AuditEvent" ("actorId", action) VALUES ($1, 'test.event')`, [who]);
      for (const statement of [
        `UPDATE "AuditEvent" SET action = 'changed'`,
        'DELETE FROM "AuditEvent"',
        'TRUNCATE "AuditEvent"',
      ]) {
        expect(await violated(() => owner.query(statement))).toMatch(/AuditEvent is append-only/);
      }
      const rows = await owner.query(`SELECT action FROM "AuditEvent" WHERE action = 'test.event'`);
      expect(rows.rowCount).toBe(1);
    } finally {
      await owner.end();
    }
  });
});
