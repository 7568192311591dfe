import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINICIAN_ID, type DatabaseBeforeMigration, openBeforeMigration } from './migrated-rows.ts';

/**
 * Migration 20261130172955_flag_sources_stored_once on a database with stored flags: every flag
 * keeps its cited text, now stored once in FlagSource under the SHA-256 the application computes.
 */
const MIGRATION = '20261130172955_flag_sources_stored_once';

const SOURCES = [
  'Wingerchuk DM et al., International consensus diagnostic criteria for NMOSD, Neurology 2015;85:177-189',
  'Kümpfel T et al., NEMOS recommendations Part II, J Neurol 2024;271:141-176, doi:10.1007/s00415-023-11910-z',
];
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe(`migration ${MIGRATION} on a database with stored flags`, () => {
  let fixture: DatabaseBeforeMigration;
  let client: pg.Client;

  beforeAll(async () => {
    fixture = await openBeforeMigration(MIGRATION);
    ({ client } = fixture);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Patient" (mrn, "givenName", "familyName", "birthDate", sex, "createdById", "updatedById", "updatedAt")
       VALUES ('M1', 'Ann', 'Lee', '1980-01-01', 'female', $1, $1, now()) RETURNING id`,
      [CLINICIAN_ID],
    );
    // Three flags citing two texts: the second text twice.
    for (const [i, source] of [SOURCES[0], SOURCES[1], SOURCES[1]].entries())
      await client.query(
        `INSERT INTO "PatientFlag" ("patientId", code, severity, date, message, source, details)
         VALUES ($1, $2, 'warning', '2026-01-0${i + 1}', $3, $4, '{}')`,
        [rows[0]?.id, `CODE_${i}`, `message ${i}`, source],
      );
    expect(await fixture.migrate()).toEqual([MIGRATION]);
  });

  afterAll(() => fixture?.close());

  it('each distinct text is stored once, under its SHA-256 in hex', async () => {
    const { rows } = await client.query(`SELECT id, text FROM "FlagSource" ORDER BY text`);
    expect(rows).toEqual(
      SOURCES.map((text) => ({ id: sha256(text), text })).sort((a, b) => a.text.localeCompare(b.text)),
    );
  });

  it('every flag cites the text it held, and a flag cannot cite a text not stored', async () => {
    const { rows } = await client.query(
      `SELECT f.code, s.text FROM "PatientFlag" f JOIN "FlagSource" s ON s.id = f."sourceId" ORDER BY f.code`,
    );
    expect(rows).toEqual([
      { code: 'CODE_0', text: SOURCES[0] },
      { code: 'CODE_1', text: SOURCES[1] },
      { code: 'CODE_2', text: SOURCES[1] },
    ]);
    await expect(client.query(`UPDATE "PatientFlag" SET "sourceId" = 'unknown'`)).rejects.toThrow(/foreign key/);
  });
});
