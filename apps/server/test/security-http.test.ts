import { todayInClinic } from '@nmo/domain';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type HttpError, ROLES, signedInAs, TEST_PASSWORD, type TestRole } from './http-client.ts';
import { useTestServer } from './test-server.ts';

// Researchers' exports need a group of at least 5 patients (sharing serostatus and therapy).
const patients = Array.from({ length: 5 }, (_, i) => ({
  mrn: `S00${i}`,
  givenName: 'Given',
  familyName: 'Family',
  birthDate: '1980-01-01',
  sex: 'female' as const,
  events: [],
}));
const server = useTestServer({
  cohort: { file: { patients }, asOf: todayInClinic() },
});

const signedIn = (role: TestRole) => signedInAs(server.baseUrl, role);

const login = (headers: Record<string, string>) =>
  fetch(`${server.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email: 'admin@clinic.test', password: TEST_PASSWORD }),
  });

describe('cross-site request protection', () => {
  it('refuses a mutation without the CSRF header or from another origin, before doing anything', async () => {
    const attempts = () => server.database.prisma.loginAttempt.count();
    const before = await attempts();
    expect((await login({})).status).toBe(403);
    expect((await login({ 'x-nmo-csrf': '1', origin: 'https://evil.example' })).status).toBe(403);
    expect((await login({ 'x-nmo-csrf': '1', referer: 'https://evil.example/page' })).status).toBe(403);
    expect(await attempts()).toBe(before);
    const ok = await login({ 'x-nmo-csrf': '1', origin: server.baseUrl });
    expect(ok.status).toBe(200);
    expect(await attempts()).toBe(before + 1);
  });
});

describe('sign-in over HTTP', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${server.baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nmo-csrf': '1', origin: server.baseUrl },
      body: JSON.stringify(body),
    });

  it('refuses a batch of 30 sign-ins in one request before checking any', async () => {
    const attempts = () => server.database.prisma.loginAttempt.count();
    const before = await attempts();
    const guesses = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [String(i), { email: 'admin@clinic.test', password: `guess ${i}` }]),
    );
    const batch = await post(`${Array(30).fill('auth.login').join(',')}?batch=1`, guesses);
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/cannot be batched/);
    const mixed = await post('auth.logout,auth.login?batch=1', { 0: {}, 1: guesses[0] });
    expect(mixed.status).toBe(400);
    expect(await attempts()).toBe(before);
    // One sign-in, even sent in the batch format, goes through.
    const one = await post('auth.login?batch=1', { 0: { email: 'admin@clinic.test', password: TEST_PASSWORD } });
    expect(one.status).toBe(200);
    expect(await attempts()).toBe(before + 1);
  });

  it('answers a 2.7 KB email with a 400 naming the field, and audits it', async () => {
    const response = await post('auth.login', { email: `${'x'.repeat(2700)}@clinic.test`, password: 'x' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('"path":"email"');
    const audit = await server.database.prisma.auditEvent.findFirst({
      where: { action: 'auth.login', success: false },
      orderBy: { id: 'desc' },
    });
    expect(audit?.details).toEqual({ reason: 'malformed input', fields: ['email'] });
  });
});

describe('security headers', () => {
  it.each(['/healthz', '/trpc/auth.me', '/api/audit/export', '/api/export/csv', '/', '/no-such-page'])(
    'on %s',
    async (url) => {
      const response = await fetch(`${server.baseUrl}${url}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      if (url.startsWith('/trpc') || url.startsWith('/api'))
        expect(response.headers.get('cache-control')).toBe('no-store');
    },
  );
});

describe('HTTP endpoints × roles', () => {
  const ENDPOINTS: { url: string; allowed: string[] }[] = [
    { url: '/healthz', allowed: ['anonymous', 'clinician', 'researcher', 'admin'] },
    { url: '/api/audit/export', allowed: ['admin'] },
    { url: '/api/export/csv', allowed: ['clinician', 'researcher'] },
    { url: '/api/export/csv-wide', allowed: ['clinician', 'researcher'] },
    { url: '/api/export/json', allowed: ['clinician'] },
  ];
  it.each(
    ENDPOINTS.flatMap((e) => ['anonymous', ...ROLES].map((role) => [e.url, role, e.allowed.includes(role)] as const)),
  )('%s as %s (allowed: %s)', async (url, role, allowed) => {
    const cookie = role === 'anonymous' ? '' : (await signedIn(role as TestRole)).jar.cookie;
    const response = await fetch(`${server.baseUrl}${url}`, { headers: cookie ? { cookie } : {} });
    if (allowed) expect(response.status).toBe(200);
    // The JSON interchange format is identified: a researcher's request for it is refused as a bad format.
    else if (role === 'researcher' && url === '/api/export/json') expect(response.status).toBe(400);
    else expect(response.status).toBe(role === 'anonymous' ? 401 : 403);
    await response.arrayBuffer();
  });
});

describe('audit export', () => {
  it('streams the filtered log as CSV and audits the export', async () => {
    const { jar } = await signedIn('admin');
    const response = await fetch(`${server.baseUrl}/api/audit/export?action=auth.login&success=true`, {
      headers: { cookie: jar.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'id,at,actorEmail,actorName,action,entityType,entityId,patientId,clientAddress,success,details',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).filter((line) => !line.includes(',auth.login,') || !line.includes(',true,'))).toEqual([]);
    expect(await server.database.prisma.auditEvent.count({ where: { action: 'audit.export' } })).toBeGreaterThan(0);

    const bad = await fetch(`${server.baseUrl}/api/audit/export?from=2024-02-30`, { headers: { cookie: jar.cookie } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as HttpError).error.data.fieldErrors[0]?.path).toBe('from');
  });

  it('puts an apostrophe before every cell a spreadsheet would run as a formula (OWASP CSV injection)', async () => {
    // Accounts and client addresses (X-Forwarded-For behind a proxy) are text others choose.
    const actor = await server.database.prisma.user.create({
      data: { email: "=cmd|' /c calc'!a0@evil.test", displayName: '@SUM(A1)', role: 'clinician' },
    });
    await server.database.prisma.auditEvent.create({
      data: {
        actorId: actor.id,
        action: 'test.formula',
        entityType: '+1+1',
        entityId: '-2+3',
        clientAddress: '\tTab',
        details: '=1+1',
      },
    });
    await server.database.prisma.auditEvent.create({
      data: { actorId: actor.id, action: 'test.formula', entityId: "'=already quoted", clientAddress: '\rCR' },
    });
    const { jar } = await signedIn('admin');
    const response = await fetch(`${server.baseUrl}/api/audit/export?action=test.formula`, {
      headers: { cookie: jar.cookie },
    });
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(
      rows.map(({ actorEmail, actorName, entityType, entityId, clientAddress, details }) => ({
        actorEmail,
        actorName,
        entityType,
        entityId,
        clientAddress,
        details,
      })),
    ).toEqual([
      {
        actorEmail: "'=cmd|' /c calc'!a0@evil.test",
        actorName: "'@SUM(A1)",
        entityType: '',
        entityId: "''=already quoted",
        clientAddress: "'\rCR",
        details: '',
      },
      {
        actorEmail: "'=cmd|' /c calc'!a0@evil.test",
        actorName: "'@SUM(A1)",
        entityType: "'+1+1",
        entityId: "'-2+3",
        clientAddress: "'\tTab",
        details: '"=1+1"',
      },
    ]);
    const cells = rows.flatMap((row) => Object.values(row));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cell))).toEqual(
      [],
    );
  });
});
