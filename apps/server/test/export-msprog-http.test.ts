import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCohort, unzipIntoDirectory } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { type HttpError, signedInAs, type TestRole } from './http-client.ts';
import { useTestServer } from './test-server.ts';

const cohort = generateCohort({ patients: 30, seed: 8, asOf: '2026-11-01' });
const server = useTestServer({ cohort: { file: cohort, asOf: '2026-11-01' } });
const signedIn = (role: TestRole) => signedInAs(server.baseUrl, role);

/** GET /api/export/msprog with the query, as the role (or signed out). */
async function download(role: TestRole | undefined, query = '') {
  const cookie = role ? (await signedIn(role)).jar.cookie : '';
  return fetch(`${server.baseUrl}/api/export/msprog?${query}`, { headers: { cookie } });
}

/** The zip's two files, unpacked. */
async function filesOf(response: Response): Promise<{ visits: string; relapses: string; bytes: Uint8Array }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const directory = await mkdtemp(path.join(tmpdir(), 'msprog-http-'));
  try {
    async function* chunks() {
      yield bytes;
    }
    expect(await unzipIntoDirectory(chunks(), directory)).toEqual(['visits.csv', 'relapses.csv']);
    const read = (name: string) => readFile(path.join(directory, name), 'utf8');
    return { visits: await read('visits.csv'), relapses: await read('relapses.csv'), bytes };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('GET /api/export/msprog', () => {
  it('gives a clinician a zip of visits.csv and relapses.csv: every assessment and onset of the cohort, with progress, manifest and audit', async () => {
    const runId = randomUUID();
    const client = await signedIn('clinician');
    const response = await fetch(`${server.baseUrl}/api/export/msprog?runId=${runId}`, {
      headers: { cookie: client.jar.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="nmo-msprog-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const { visits, relapses, bytes } = await filesOf(response);
    // The expected files, built here straight from the generated cohort: by MRN, then by date.
    const patients = [...cohort.patients].sort((a, b) => (a.mrn < b.mrn ? -1 : 1));
    const lines = (pick: (event: (typeof cohort.patients)[number]['events'][number]) => [string, string] | null) =>
      patients.flatMap((patient) =>
        patient.events
          .flatMap((event) => {
            const picked = pick(event);
            return picked ? [picked] : [];
          })
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .map(([date, rest]) => `${patient.mrn},${date}${rest}`),
      );
    const expectedVisits = lines((e) => (e.type === 'edss' ? [e.date, `,${e.score}`] : null));
    const expectedRelapses = lines((e) => (e.type === 'relapse' ? [e.onsetDate, ''] : null));
    expect(expectedVisits.length).toBeGreaterThan(30);
    expect(expectedRelapses.length).toBeGreaterThan(0);
    expect(visits).toBe(['id,date,EDSS', ...expectedVisits, ''].join('\n'));
    expect(relapses).toBe(['id,date', ...expectedRelapses, ''].join('\n'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rows = expectedVisits.length + expectedRelapses.length;
    expect(await client.trpc.exports.run.query({ id: runId })).toMatchObject({
      status: 'done',
      patientsDone: 30,
      rows,
      sha256,
    });
    const audit = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'export.msprog' } });
    expect(audit.details).toMatchObject({ exportId: runId, format: 'msprog', deidentified: false, rows, sha256 });
  });

  it('de-identifies for a researcher whatever is asked: subject IDs, shifted or relative dates, no identity', async () => {
    for (const query of ['deidentify=false', 'dates=relative']) {
      const response = await download('researcher', query);
      expect(response.status).toBe(200);
      const { visits, relapses } = await filesOf(response);
      const text = visits + relapses;
      // Only the research population: whole groups of at least the small-cell threshold (SECURITY.md).
      const subjects = new Set(text.split('\n').flatMap((line) => (/^S[0-9a-f]{16}/.exec(line) ?? []).slice(0, 1)));
      expect(subjects.size).toBeLessThanOrEqual(Number(response.headers.get('x-export-patients')));
      expect(visits.split('\n')[1]).toMatch(
        query === 'dates=relative' ? /^S[0-9a-f]{16},-?\d+,\d+(\.5)?$/ : /^S[0-9a-f]{16},\d{4}-\d{2}-\d{2},/,
      );
      for (const patient of cohort.patients)
        for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate])
          expect(text.includes(identifier), `${identifier} (${query})`).toBe(false);
    }
  });

  it('is for clinicians and researchers only: administrators are refused, and nobody signed out', async () => {
    expect((await download('admin')).status).toBe(403);
    expect((await download(undefined)).status).toBe(401);
    expect((await download('clinician', 'check=1')).status).toBe(204);
    expect((await download('researcher', 'check=1')).status).toBe(204);
  });

  it('names bad input: a date mode, a filter researchers may not use', async () => {
    const badDates = await download('clinician', 'deidentify=1&dates=calendar');
    expect(badDates.status).toBe(400);
    expect(((await badDates.json()) as HttpError).error.data.fieldErrors.map((e) => e.path)).toEqual(['dates']);
    const search = await download('researcher', `search=${encodeURIComponent(cohort.patients[0]?.mrn ?? '')}`);
    expect(search.status).toBe(400);
    expect(((await search.json()) as HttpError).error.data.fieldErrors.map((e) => e.path)).toEqual(['filters.search']);
  });
});
