import { SYSTEM_USER_ID } from '@nmo/db';
import type { PatientTimeline } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeidentifyOptions,
  dateShiftOf,
  exportOmop,
  generateCohort,
  OMOP_CONCEPTS,
  OMOP_TABLE_NAMES,
  type OmopTableName,
  omopDdl,
  omopFileName,
  subjectIdOf,
  unzipFiles,
} from '../src/index.ts';
import { freshDatabases } from './databases.ts';

/**
 * The OMOP export loads into the v5.4 tables: created from the specification's DDL with primary keys and
 * foreign keys (to person, visit_occurrence, episode, and to a CONCEPT table that holds only the concept ids
 * the export declares), every file COPYed as PostgreSQL reads CSV with a header, zero errors, the expected
 * count in every table and no orphan row.
 */
const TODAY = '2026-11-29';
const KEY = 'omop-test-key-0123456789abcdef-0123456789';
const cohort = generateCohort({ patients: 24, seed: 20, asOf: '2026-06-30' });
const fresh = freshDatabases();
const daysSince2000 = (date: string) => (Date.parse(date) - Date.parse('2000-01-01')) / 86_400_000;

async function exportFiles(db: Parameters<typeof exportOmop>[0], deidentify?: DeidentifyOptions) {
  const chunks: Uint8Array[] = [];
  const pages: number[] = [];
  for await (const chunk of exportOmop(db, { today: TODAY, deidentify, pageSize: 10, onPage: (n) => pages.push(n) }))
    chunks.push(chunk);
  const files = unzipFiles(chunks);
  const text = new Map([...files].map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]));
  return { text, pages };
}

/** Creates the tables in `schema` and COPYs every file into them, in the order the foreign keys need. */
async function load(url: string, schema: string, files: Map<string, string>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.concept (concept_id integer PRIMARY KEY)`);
    await client.query(`INSERT INTO ${schema}.concept SELECT unnest($1::int[])`, [
      [...new Set(Object.values(OMOP_CONCEPTS))],
    ]);
    for (const statement of omopDdl(schema, { conceptForeignKeys: true })) await client.query(statement);
    for (const table of OMOP_TABLE_NAMES) {
      const stream = client.query(copyFrom(`COPY ${schema}.${table} FROM STDIN WITH (FORMAT csv, HEADER true)`));
      await new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
        stream.end(files.get(omopFileName(table)));
      });
    }
    const counts: Record<string, number> = {};
    for (const table of OMOP_TABLE_NAMES)
      counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n);
    const orphans = async (sql: string) => Number((await client.query(sql)).rows[0].n);
    return { counts, client, orphans };
  } catch (error) {
    await client.end();
    throw error;
  }
}

/** What the export should hold, counted straight from the timelines (not through the writer). */
function expectedCounts(patients: PatientTimeline[]): Record<OmopTableName, number> {
  const c = Object.fromEntries(OMOP_TABLE_NAMES.map((t) => [t, 0])) as Record<OmopTableName, number>;
  c.cdm_source = 1;
  for (const p of patients) {
    c.person += 1;
    // A period needs a recorded date (every synthetic patient has one).
    c.observation_period += p.events.length > 0 || p.firstAttackDate || (p.diagnosis && p.diagnosisDate) ? 1 : 0;
    const onsets = new Set(p.events.flatMap((e) => (e.type === 'relapse' ? [e.onsetDate] : [])));
    const attacks = onsets.size + (p.firstAttackDate && !onsets.has(p.firstAttackDate) ? 1 : 0);
    c.episode += attacks;
    c.episode_event += attacks;
    c.condition_occurrence += attacks + (p.diagnosis && p.diagnosisDate ? 1 : 0);
    c.visit_occurrence += new Set(
      p.events.flatMap((e) => (e.type === 'edss' || e.type === 'visual' || e.type === 'bodyWeight' ? [e.date] : [])),
    ).size;
    for (const e of p.events) {
      if (e.type === 'relapse')
        for (const t of e.acuteTreatments ?? []) c[t.type === 'plex' ? 'procedure_occurrence' : 'drug_exposure'] += 1;
      if (e.type === 'therapy') {
        if (e.agent === 'ahsct') c.procedure_occurrence += 1;
        else c.drug_exposure += 1 + (e.administrations ?? []).filter((a) => !a.planned).length;
      }
      if (e.type === 'prophylaxis' || e.type === 'vaccination') c.drug_exposure += 1;
      if (e.type === 'edss') c.measurement += 1 + Object.keys(e.functionalSystems ?? {}).length;
      if (e.type === 'lab' || e.type === 'antibody' || e.type === 'bodyWeight') c.measurement += 1;
      if (e.type === 'mri') {
        c.procedure_occurrence += 1;
        c.measurement += [e.newT2Lesions, e.extensiveSegments, e.gadolinium].filter((v) => v !== undefined).length;
      }
      if (e.type === 'visual')
        c.measurement += [
          e.logmar,
          e.visualFieldMdDb,
          e.rnflMicrons,
          e.gciplMicrons,
          e.vepLatencyMs,
          e.vepAmplitudeMicrovolts,
        ].filter((v) => v !== undefined).length;
      if (e.type === 'pregnancy' || e.type === 'referral') c.observation += 1;
    }
  }
  return c;
}

/** Rows of each table that point at nothing: none may exist. */
const ORPHAN_QUERIES = (s: string) => [
  ...OMOP_TABLE_NAMES.filter((t) => !['person', 'episode_event', 'cdm_source'].includes(t)).map(
    (t) =>
      `SELECT count(*) AS n FROM ${s}.${t} x WHERE NOT EXISTS (SELECT 1 FROM ${s}.person p WHERE p.person_id = x.person_id)`,
  ),
  ...['condition_occurrence', 'drug_exposure', 'procedure_occurrence', 'measurement', 'observation'].map(
    (t) =>
      `SELECT count(*) AS n FROM ${s}.${t} x WHERE x.visit_occurrence_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${s}.visit_occurrence v WHERE v.visit_occurrence_id = x.visit_occurrence_id AND v.person_id = x.person_id)`,
  ),
  `SELECT count(*) AS n FROM ${s}.episode_event ee WHERE NOT EXISTS (SELECT 1 FROM ${s}.episode e JOIN ${s}.condition_occurrence c ON c.person_id = e.person_id WHERE e.episode_id = ee.episode_id AND c.condition_occurrence_id = ee.event_id)`,
  // Every dated row inside its person's observation period (OHDSI conventions).
  `SELECT count(*) AS n FROM ${s}.drug_exposure d JOIN ${s}.observation_period o USING (person_id) WHERE d.drug_exposure_start_date < o.observation_period_start_date OR d.drug_exposure_end_date > o.observation_period_end_date`,
  `SELECT count(*) AS n FROM ${s}.measurement m JOIN ${s}.observation_period o USING (person_id) WHERE m.measurement_date < o.observation_period_start_date OR m.measurement_date > o.observation_period_end_date`,
];

describe('OMOP CDM v5.4 export', () => {
  let database: Awaited<ReturnType<typeof fresh>>;
  beforeAll(async () => {
    database = await fresh();
    await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
  });

  it('writes one CSV per table with the specification header, and reports progress per page', async () => {
    const { text, pages } = await exportFiles(database.prisma);
    expect([...text.keys()]).toEqual(OMOP_TABLE_NAMES.map(omopFileName));
    expect(text.get('person.csv')?.split('\n')[0]).toBe(
      'person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,race_concept_id,ethnicity_concept_id,location_id,provider_id,care_site_id,person_source_value,gender_source_value,gender_source_concept_id,race_source_value,race_source_concept_id,ethnicity_source_value,ethnicity_source_concept_id',
    );
    expect(text.get('episode_event.csv')?.split('\n')[0]).toBe('episode_id,event_id,episode_event_field_concept_id');
    expect(pages).toEqual([10, 10, 4]);
  });

  it('loads identified (clinician) files with zero errors, the expected counts and no orphans', async () => {
    const { text } = await exportFiles(database.prisma);
    const { counts, client, orphans } = await load(database.ownerUrl, 'cdm_identified', text);
    try {
      const expected = expectedCounts(cohort.patients);
      expect(counts).toEqual(expected);
      // The cohort is rich enough for the check to mean something: every table has rows.
      for (const table of OMOP_TABLE_NAMES) expect(counts[table], table).toBeGreaterThan(0);
      for (const sql of ORPHAN_QUERIES('cdm_identified')) expect(await orphans(sql), sql).toBe(0);
      const people = await client.query('SELECT person_source_value FROM cdm_identified.person ORDER BY person_id');
      expect(people.rows.map((r) => r.person_source_value)).toEqual(cohort.patients.map((p) => p.mrn).sort());
    } finally {
      await client.end();
    }
  });

  it('loads de-identified (researcher) files: no MRN, name or birth day, dates shifted per subject', async () => {
    const deidentify: DeidentifyOptions = { key: KEY, dates: 'relative', today: TODAY };
    const identified = await load(database.ownerUrl, 'cdm_real', (await exportFiles(database.prisma)).text);
    const { text } = await exportFiles(database.prisma, deidentify);
    const all = [...text.values()].join('\n');
    for (const patient of cohort.patients) {
      expect(all).not.toContain(patient.mrn);
      expect(all).not.toContain(patient.familyName);
      expect(all).not.toContain(patient.birthDate);
    }
    const { counts, client, orphans } = await load(database.ownerUrl, 'cdm_research', text);
    try {
      expect(counts).toEqual(expectedCounts(cohort.patients));
      for (const sql of ORPHAN_QUERIES('cdm_research')) expect(await orphans(sql), sql).toBe(0);
      const people = await client.query(
        'SELECT person_id, person_source_value, year_of_birth, month_of_birth, day_of_birth FROM cdm_research.person',
      );
      const bySubject = new Map(cohort.patients.map((p) => [subjectIdOf(KEY, p.mrn), p]));
      // person_id is the row number in subject-ID order: it says nothing about the MRN order.
      expect(people.rows.map((r) => r.person_source_value)).toEqual([...bySubject.keys()].sort());
      for (const row of people.rows) {
        const patient = bySubject.get(row.person_source_value);
        if (!patient) throw new Error(`unknown subject ${row.person_source_value}`);
        expect([row.month_of_birth, row.day_of_birth]).toEqual([null, null]);
        expect(row.year_of_birth).toBe(Number(patient.birthDate.slice(0, 4)));
        // Relative dates have no OMOP form: the period is the identified one moved back by the subject's shift.
        const period = async (c: pg.Client, schema: string, source: string) =>
          (
            await c.query(
              `SELECT o.observation_period_start_date - date '2000-01-01' AS s, o.observation_period_end_date - date '2000-01-01' AS e FROM ${schema}.observation_period o JOIN ${schema}.person p USING (person_id) WHERE p.person_source_value = $1`,
              [source],
            )
          ).rows[0];
        const real = await period(identified.client, 'cdm_real', patient.mrn);
        const moved = await period(client, 'cdm_research', row.person_source_value);
        const shift = dateShiftOf(KEY, patient.mrn);
        expect([real.s - moved.s, real.e - moved.e]).toEqual([shift, shift]);
        // Attack: the researcher knows the export date (cdm_source, the manifest). Were periods or ongoing
        // therapies to end at the export date moved by the shift, the difference would be the shift.
        expect(daysSince2000(TODAY) - moved.e, row.person_source_value).not.toBe(shift);
      }
    } finally {
      await client.end();
      await identified.client.end();
    }
  });
});
