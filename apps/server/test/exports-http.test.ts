import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { generateCohort, parseTimelineJson } from '@nmo/exchange';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type HttpError, httpClient, listenForTest, signedInAs, TEST_PASSWORD, type TestRole } from './http-client.ts';
import { useTestServer } from './test-server.ts';

const cohort = generateCohort({ patients: 30, seed: 3, asOf: '2026-11-01' });
const examplePath = new URL('../../../packages/exchange/test/fixtures/design-example.json', import.meta.url);

const server = useTestServer({ cohort: { file: cohort, asOf: '2026-11-01' } });

const signedIn = (role: TestRole) => signedInAs(server.baseUrl, role);
const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('GET /api/export/:format', () => {
  it('streams the CSV long layout to a clinician, with progress, manifest and audit row', async () => {
    const client = await signedIn('clinician');
    const runId = randomUUID();
    const response = await fetch(`${server.baseUrl}/api/export/csv?runId=${runId}`, {
      headers: { cookie: client.jar.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="nmo-csv-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get('x-export-patients')).toBe('30');
    const text = await response.text();
    const rows = rowsOf(text);
    expect(new Set(rows.map((row) => row.mrn)).size).toBe(30);
    const sha256 = createHash('sha256').update(text).digest('hex');
    const run = await client.trpc.exports.run.query({ id: runId });
    expect(run).toMatchObject({ status: 'done', patientsTotal: 30, patientsDone: 30, rows: rows.length, sha256 });
    const manifest = await fetch(`${server.baseUrl}/api/export/manifest?id=${runId}`, {
      headers: { cookie: client.jar.cookie },
    });
    expect(await manifest.json()).toMatchObject({ exportId: runId, format: 'csv', deidentified: false, sha256 });
    const audit = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.csv' } });
    expect(audit.details).toMatchObject({ exportId: runId, patients: 30, sha256 });
    const again = await fetch(`${server.baseUrl}/api/export/csv?runId=${runId}`, {
      headers: { cookie: client.jar.cookie },
    });
    expect(again.status).toBe(409);
    const other = await signedIn('researcher');
    await expect(other.trpc.exports.run.query({ id: runId })).rejects.toThrow(/No export of yours/);
  });

  it('always de-identifies for a researcher, and refuses the identified JSON format', async () => {
    const client = await signedIn('researcher');
    for (const format of ['csv', 'csv-wide']) {
      const response = await fetch(`${server.baseUrl}/api/export/${format}?deidentify=false`, {
        headers: { cookie: client.jar.cookie },
      });
      const text = await response.text();
      expect(text.split('\n')[0]).toMatch(/^subject_id,sex,birth_year,age_group,/);
      for (const patient of cohort.patients)
        for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate])
          expect(text.includes(identifier), `${identifier} in ${format}`).toBe(false);
    }
    const check = await fetch(`${server.baseUrl}/api/export/csv?check=1`, { headers: { cookie: client.jar.cookie } });
    expect(check.status).toBe(204);
    const checkJson = await fetch(`${server.baseUrl}/api/export/json?check=1`, {
      headers: { cookie: client.jar.cookie },
    });
    expect(checkJson.status).toBe(400);
    const json = await fetch(`${server.baseUrl}/api/export/json`, { headers: { cookie: client.jar.cookie } });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: { data: { fieldErrors: [{ path: 'format' }] } } });
  });

  it('streams a FHIR R4 Bundle, de-identified for a researcher with shifted dates only', async () => {
    const clinician = await signedIn('clinician');
    const identified = await fetch(`${server.baseUrl}/api/export/fhir`, { headers: { cookie: clinician.jar.cookie } });
    expect(identified.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await identified.json()) as {
      resourceType: string;
      entry: { resource: { resourceType: string } }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(30);
    const researcher = await signedIn('researcher');
    const text = await (
      await fetch(`${server.baseUrl}/api/export/fhir`, { headers: { cookie: researcher.jar.cookie } })
    ).text();
    for (const patient of cohort.patients.slice(0, 10))
      for (const identifier of [patient.mrn, patient.familyName, patient.birthDate])
        expect(text).not.toContain(identifier);
    const relative = await fetch(`${server.baseUrl}/api/export/fhir?dates=relative`, {
      headers: { cookie: researcher.jar.cookie },
    });
    expect(relative.status).toBe(400);
    expect(await relative.json()).toMatchObject({ error: { data: { fieldErrors: [{ path: 'dates' }] } } });
  });

  it('selects patients with the overview filters and names a bad filter', async () => {
    const client = await signedIn('clinician');
    const target = cohort.patients[4];
    const response = await fetch(
      `${server.baseUrl}/api/export/csv-wide?search=${encodeURIComponent(target?.mrn ?? '')}&dates=relative`,
      { headers: { cookie: client.jar.cookie } },
    );
    expect(rowsOf(await response.text()).map((row) => row.mrn)).toEqual([target?.mrn]);
    for (const [query, path] of [
      ['edssMin=4&edssMax=2', 'filters.edssMax'],
      ['flagCodes=EDSS_OVERDUE,NOT_A_FLAG', 'filters.flagCodes[1]'],
    ]) {
      const bad = await fetch(`${server.baseUrl}/api/export/csv?${query}`, { headers: { cookie: client.jar.cookie } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as HttpError).error.data.fieldErrors.map((e) => e.path)).toEqual([path]);
    }
    const unknown = await fetch(`${server.baseUrl}/api/export/xml`, { headers: { cookie: client.jar.cookie } });
    expect(((await unknown.json()) as HttpError).error.data.fieldErrors[0]?.path).toBe('format');
  });

  it('refuses de-identified exports when the server has no key', async () => {
    const keyless = await listenForTest(() => server.database.prisma, { deidentifyKey: '' });
    try {
      const client = httpClient(keyless.baseUrl);
      await client.trpc.auth.login.mutate({ email: 'researcher@clinic.test', password: TEST_PASSWORD });
      const response = await fetch(`${keyless.baseUrl}/api/export/csv`, { headers: { cookie: client.jar.cookie } });
      expect(response.status).toBe(503);
      expect(((await response.json()) as HttpError).error.message).toMatch(/NMO_DEIDENTIFY_KEY/);
    } finally {
      await keyless.app.close();
    }
  });
});

describe('POST /api/import', () => {
  const post = (cookie: string, body: string, query: string, headers: Record<string, string> = { 'x-nmo-csrf': '1' }) =>
    fetch(`${server.baseUrl}/api/import?${query}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv', ...headers },
      body,
    });

  it('reports every bad row of a CSV by line and column and writes nothing', async () => {
    const { jar } = await signedIn('clinician');
    const before = await server.database.prisma.patient.count();
    const csv =
      'mrn,given_name,family_name,birth_date,sex,record,date,edss_score\nZ9,Ann,Lee,1990-13-01,female,edss,2020-01-01,11\n';
    const response = await post(jar.cookie, csv, 'name=bad.csv');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      ok: false,
      format: 'csv',
      errors: [
        { line: 2, column: 'birth_date', message: expect.stringMatching(/calendar date/) },
        {
          line: 2,
          column: 'edss_score',
          message: 'must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)',
        },
      ],
    });
    expect(await server.database.prisma.patient.count()).toBe(before);
  });

  it('dry-runs, imports, and re-imports a file without changing anything', async () => {
    const { jar } = await signedIn('clinician');
    const text = await readFile(examplePath, 'utf8');
    const dry = await post(jar.cookie, text, 'dryRun=1&name=example.json');
    expect(await dry.json()).toMatchObject({ ok: true, dryRun: true, summary: { patients: { created: 1 } } });
    expect(await server.database.prisma.patient.count({ where: { mrn: 'A001' } })).toBe(0);
    const real = await post(jar.cookie, text, 'name=example.json');
    expect(await real.json()).toMatchObject({ ok: true, summary: { records: { created: 12 } } });
    const again = await post(jar.cookie, text, 'name=example.json');
    expect(await again.json()).toMatchObject({ summary: { patients: { unchanged: 1 }, records: { created: 0 } } });
    const parsed = parseTimelineJson(text);
    expect(parsed.ok).toBe(true);
  });

  it('is for clinicians, behind the cross-site request check', async () => {
    const researcher = await signedIn('researcher');
    expect((await post(researcher.jar.cookie, 'x', 'name=a.csv')).status).toBe(403);
    const clinician = await signedIn('clinician');
    expect((await post(clinician.jar.cookie, 'x', 'name=a.csv', {})).status).toBe(403);
    expect((await post('', 'x', 'name=a.csv')).status).toBe(401);
  });
});
