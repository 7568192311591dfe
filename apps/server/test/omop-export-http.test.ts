import { randomUUID } from 'node:crypto';
import { generateCohort, subjectIdOf, unzipFiles } from '@nmo/exchange';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROLES, signedInAs, TEST_DEIDENTIFY_KEY, type TestRole } from './http-client.ts';
import { useTestServer } from './test-server.ts';

/** GET /api/export/omop: the OMOP CDM v5.4 zip, for each role (docs/EXPORTS.md, OMOP section). */
const cohort = generateCohort({ patients: 30, seed: 3, asOf: '2026-11-01' });
const server = useTestServer({ cohort: { file: cohort, asOf: '2026-11-01' } });

async function download(role: TestRole, query = '') {
  const client = await signedInAs(server.baseUrl, role);
  const response = await fetch(`${server.baseUrl}/api/export/omop${query}`, { headers: { cookie: client.jar.cookie } });
  return { client, response };
}

async function tablesOf(response: Response) {
  const files = unzipFiles([new Uint8Array(await response.arrayBuffer())]);
  const text = new Map([...files].map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]));
  const rows = (name: string) => parse(text.get(name) ?? '', { columns: true }) as Record<string, string>[];
  return { text, rows };
}

describe('GET /api/export/omop', () => {
  it('gives a clinician the identified tables as a zip, with progress, manifest and audit row', async () => {
    const runId = randomUUID();
    const { client, response } = await download('clinician', `?runId=${runId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="nmo-omop-\d{4}-\d{2}-\d{2}\.omop\.zip"$/,
    );
    const { text, rows } = await tablesOf(response);
    expect(text.size).toBe(11);
    expect(rows('person.csv').map((row) => row.person_source_value)).toEqual(cohort.patients.map((p) => p.mrn).sort());
    const total = [...text.values()].reduce((sum, csv) => sum + csv.trimEnd().split('\n').length - 1, 0);
    const run = await client.trpc.exports.run.query({ id: runId });
    // Progress counts every table's rows but cdm_source's one (written after the last page).
    expect(run).toMatchObject({ status: 'done', patientsTotal: 30, patientsDone: 30, rows: total - 1 });
    const audit = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.omop' } });
    expect(audit.details).toMatchObject({ exportId: runId, format: 'omop', deidentified: false, patients: 30 });
  });

  it('always de-identifies for a researcher: no MRN, name or birth date, subject IDs, shifted dates only', async () => {
    const { response } = await download('researcher', '?deidentify=false');
    expect(response.status).toBe(200);
    const { text, rows } = await tablesOf(response);
    const all = [...text.values()].join('\n');
    for (const patient of cohort.patients)
      for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate])
        expect(all.includes(identifier), identifier).toBe(false);
    // The research population may leave out groups below the small-cell threshold; whoever is in is pseudonymous.
    const subjects = rows('person.csv').map((row) => row.person_source_value);
    const known = new Set(cohort.patients.map((p) => subjectIdOf(TEST_DEIDENTIFY_KEY, p.mrn)));
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) expect(known.has(subject ?? ''), subject).toBe(true);
    expect(rows('person.csv').map((row) => row.person_id)).toEqual(subjects.map((_, i) => String(i + 1)));
    expect(rows('person.csv').every((row) => row.month_of_birth === '' && row.day_of_birth === '')).toBe(true);
    // Attack 1 of research-attacks.test.ts through this format: a word search would single a patient out.
    const searched = await download('researcher', `?search=${encodeURIComponent(cohort.patients[0]?.mrn ?? '')}`);
    expect(searched.response.status).toBe(400);
    expect(await searched.response.json()).toMatchObject({
      error: { data: { fieldErrors: [{ path: 'filters.search' }] } },
    });
    const relative = await download('researcher', '?dates=relative');
    expect(relative.response.status).toBe(400);
    expect(await relative.response.json()).toMatchObject({ error: { data: { fieldErrors: [{ path: 'dates' }] } } });
  });

  it('is for clinicians and researchers only', async () => {
    for (const role of ROLES.filter((r) => r !== 'clinician' && r !== 'researcher')) {
      const { response } = await download(role);
      expect(response.status, role).toBe(403);
    }
  });
});
