import { describe, expect, it } from 'vitest';
import { failure, type HttpError, signedInAs } from './http-client.ts';
import { useTestServer } from './test-server.ts';

const server = useTestServer();
/** A database with no tables at all: every query fails inside the server. */
const broken = useTestServer({ empty: true });

const NUL = '\u0000';
const INTERNALS =
  /relation|does not exist|prisma|postgres|\.ts:\d|\.js:\d|node_modules|\/work\/|\/tmp\/|at \w+ \(|stack/i;

describe('text the database cannot store', () => {
  it('is refused with the field named in every tRPC input, sign-in included (and audited)', async () => {
    const clinician = await signedInAs(server.baseUrl, 'clinician');
    const created = await failure(
      clinician.trpc.patients.create.mutate({
        data: { mrn: 'N1', givenName: `An${NUL}na`, familyName: 'Lee', birthDate: '1980-01-01', sex: 'female' },
      }),
    );
    expect(created).toMatchObject({ status: 400, fields: ['data.givenName'] });
    const half = await failure(clinician.trpc.cohort.overview.query({ search: 'half \uD83D pair' }));
    expect(half).toMatchObject({ status: 400, fields: ['search'] });
    const admin = await signedInAs(server.baseUrl, 'admin');
    const key = await failure(admin.trpc.settings.update.mutate({ overrides: { [`lowIgg${NUL}MgDl`]: 1 } }));
    expect(key).toMatchObject({ status: 400, fields: ['overrides'] });
    const login = await failure(
      signedInAs(server.baseUrl, 'clinician').then(async (c) =>
        c.trpc.auth.login.mutate({ email: `x${NUL}@clinic.test`, password: 'x' }),
      ),
    );
    expect(login).toMatchObject({ status: 400, fields: ['email'] });
    const audit = await server.database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'auth.login', success: false },
      orderBy: { id: 'desc' },
    });
    expect(audit.details).toEqual({ reason: 'malformed input', fields: ['email'] });
    expect(await server.database.prisma.patient.count()).toBe(0);
  });

  it('is refused in the query parameters of every HTTP route outside tRPC', async () => {
    const clinician = await signedInAs(server.baseUrl, 'clinician');
    const admin = await signedInAs(server.baseUrl, 'admin');
    for (const [url, cookie, field] of [
      ['/api/export/csv?search=a%00b', clinician.jar.cookie, 'search'],
      ['/api/export/manifest?id=%00', clinician.jar.cookie, 'id'],
      ['/api/audit/export?actorEmail=%00', admin.jar.cookie, 'actorEmail'],
      ['/api/export/csv?aqp4Status=%ED%A0%80', clinician.jar.cookie, null],
    ] as const) {
      const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
      expect(response.status, url).toBe(400);
      const body = (await response.json()) as HttpError;
      if (field) expect(body.error.data.fieldErrors.map((e) => e.path)).toEqual([field]);
    }
    const upload = await fetch(`${server.baseUrl}/api/import?name=a%00.csv`, {
      method: 'POST',
      headers: { cookie: clinician.jar.cookie, 'x-nmo-csrf': '1', 'content-type': 'text/csv' },
      body: 'x',
    });
    expect(upload.status).toBe(400);
  });

  it('is refused in an imported file, by path for JSON and by line and column for CSV', async () => {
    const { jar } = await signedInAs(server.baseUrl, 'clinician');
    const post = (name: string, body: string) =>
      fetch(`${server.baseUrl}/api/import?name=${name}`, {
        method: 'POST',
        headers: { cookie: jar.cookie, 'x-nmo-csrf': '1', 'content-type': 'text/plain' },
        body,
      });
    const json = JSON.stringify({
      format: 'nmo-timeline',
      version: 1,
      patients: [
        { mrn: 'N2', givenName: `A${NUL}`, familyName: 'B', birthDate: '1980-01-01', sex: 'male', events: [] },
      ],
    });
    const jsonReport = await post('a.json', json);
    expect(jsonReport.status).toBe(422);
    expect(await jsonReport.json()).toMatchObject({ errors: [{ path: 'patients[0].givenName' }] });
    const csv = `mrn,given_name,family_name,birth_date,sex,record,date,edss_score\nN3,Ann,Le${NUL}e,1990-01-01,female,edss,2020-01-01,2\n`;
    const csvReport = await post('a.csv', csv);
    expect(csvReport.status).toBe(422);
    expect(await csvReport.json()).toMatchObject({ errors: [{ line: 2, column: 'family_name' }] });
    expect(await server.database.prisma.patient.count()).toBe(0);
  });
});

describe('one error shape', () => {
  it('an HTTP route outside tRPC refuses in the shape a tRPC procedure does', async () => {
    const { jar } = await signedInAs(server.baseUrl, 'clinician');
    const headers = { cookie: jar.cookie, 'x-nmo-csrf': '1' };
    const upload = await fetch(`${server.baseUrl}/api/import?name=a.csv`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: ' ',
    });
    const procedure = await fetch(`${server.baseUrl}/trpc/patients.create`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { mrn: 'N9' } }),
    });
    const [fromUpload, fromProcedure] = [(await upload.json()) as HttpError, (await procedure.json()) as HttpError];
    expect([upload.status, procedure.status]).toEqual([400, 400]);
    const shape = (body: HttpError) => ({
      keys: Object.keys(body).sort(),
      error: Object.keys(body.error).sort(),
      data: Object.keys(body.error.data).sort(),
      code: [body.error.code, body.error.data.code, body.error.data.httpStatus],
    });
    expect(shape(fromUpload)).toEqual(shape(fromProcedure));
    expect(fromUpload.error).toEqual({
      message: 'The file is empty',
      code: -32600,
      data: { code: 'BAD_REQUEST', httpStatus: 400, path: '/api/import', fieldErrors: [] },
    });
    expect(fromProcedure.error.data).toMatchObject({ path: 'patients.create', fieldErrors: expect.any(Array) });
    expect(fromProcedure.error.data.fieldErrors.length).toBeGreaterThan(0);
  });
});

describe('no internal error text reaches a client', () => {
  it('on any route, when every query inside the server fails', async () => {
    const cookie = 'nmo_session=a-session-token-that-makes-the-server-query-its-database';
    const headers = { cookie, 'x-nmo-csrf': '1', 'content-type': 'application/json' };
    const requests: [string, RequestInit][] = [
      ['/healthz', {}],
      ['/trpc/auth.me', { headers }],
      ['/trpc/cohort.stats', { headers }],
      ['/trpc/auth.login', { method: 'POST', headers, body: JSON.stringify({ email: 'a@b.test', password: 'x' }) }],
      ['/trpc/patients.create', { method: 'POST', headers, body: '{}' }],
      ['/trpc/cohort.stats?input=%7Bnot-json', { headers }],
      ['/api/export/csv', { headers }],
      ['/api/export/csv?check=1', { headers }],
      ['/api/export/manifest?id=00000000-0000-4000-8000-000000000000', { headers }],
      ['/api/audit/export', { headers }],
      ['/api/import?name=a.csv', { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: 'x' }],
      ['/no-such-route', { headers }],
    ];
    for (const [url, init] of requests) {
      const response = await fetch(`${broken.baseUrl}${url}`, init);
      const body = await response.text();
      // /healthz may find the database reachable; other pages are the dashboard's.
      if (/^\/(trpc|api)\//.test(url)) expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(body, url).not.toMatch(INTERNALS);
    }
  });
});
