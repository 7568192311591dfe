import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import { DEFAULT_RULE_SETTINGS, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { appRouter } from '../src/root.ts';
import { anonymousCaller, callerAs, failure, openTestDatabase, type Role } from './support.ts';

/**
 * Who may call each procedure. Every procedure of the router must be listed: a new one without a
 * rule fails the first test, so nothing reaches production unreviewed.
 */
const ACCESS: Record<string, 'public' | 'signedIn' | 'clinician' | 'aggregate' | 'admin'> = {
  'auth.me': 'public',
  'auth.login': 'public',
  'auth.logout': 'signedIn',
  'auth.changePassword': 'signedIn',
  'settings.display': 'signedIn',
  'cohort.stats': 'aggregate',
  'cohort.careQuality': 'aggregate',
  'cohort.outcomes': 'aggregate',
  'exports.run': 'aggregate',
  'exports.recent': 'aggregate',
};
for (const path of Object.keys(appRouter._def.procedures)) {
  const group = path.split('.')[0] ?? '';
  if (path in ACCESS) continue;
  if (['accounts', 'audit', 'settings'].includes(group)) ACCESS[path] = 'admin';
  else if (group !== 'auth') ACCESS[path] = 'clinician';
}
const ALLOWED: Record<string, (Role | 'anonymous')[]> = {
  public: ['anonymous', 'clinician', 'researcher', 'admin'],
  signedIn: ['clinician', 'researcher', 'admin'],
  clinician: ['clinician'],
  aggregate: ['clinician', 'researcher'],
  admin: ['admin'],
};
const procedures = Object.keys(appRouter._def.procedures).sort();

const today = todayInClinic();
const cohort = generateCohort({ patients: 40, seed: 3, asOf: today });

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
  await recomputeFlags(database.prisma, { asOf: today, settings: DEFAULT_RULE_SETTINGS });
}, 120_000);
afterAll(() => database.drop());

type AnyCaller = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
async function callAs(role: Role | 'anonymous', path: string, input?: unknown) {
  const caller = (role === 'anonymous'
    ? anonymousCaller(database.prisma)
    : await callerAs(database.prisma, role)) as unknown as AnyCaller;
  const [group, name] = path.split('.') as [string, string];
  const procedure = caller[group]?.[name];
  if (!procedure) throw new Error(`no procedure ${path}`);
  return procedure(input);
}

describe('authorization matrix', () => {
  it('covers every procedure of the router', () => {
    expect(procedures.filter((path) => !(path in ACCESS))).toEqual([]);
    expect(procedures.length).toBeGreaterThan(90);
  });

  const cells = procedures.flatMap((path) =>
    (['anonymous', 'clinician', 'researcher', 'admin'] as const).map((role) => [path, role] as const),
  );
  it.each(cells)('%s as %s', async (path, role) => {
    const allowed = ALLOWED[ACCESS[path] ?? 'admin']?.includes(role);
    // An empty input: allowed callers get past authorization (and may then fail validation);
    // refused ones must be stopped before any input is looked at.
    let code = 'OK';
    try {
      await callAs(role, path, path === 'auth.logout' || path.endsWith('.me') ? undefined : {});
    } catch (error) {
      code = (error as { code?: string }).code ?? 'UNKNOWN';
    }
    if (allowed) expect(['UNAUTHORIZED', 'FORBIDDEN'], `${role} may call ${path}`).not.toContain(code);
    else expect(code).toBe(role === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN');
  });
});

describe('researchers never see identities', () => {
  it('no response or error a researcher can get holds a name, MRN or birth date of the cohort', async () => {
    const secrets = cohort.patients.flatMap((p) => [p.mrn, p.givenName, p.familyName, p.birthDate]);
    const responses: string[] = [];
    const inputs: unknown[] = [
      undefined,
      {},
      { aqp4Status: ['positive'] },
      { flagCodes: ['BREAKTHROUGH_RELAPSE'], severity: 'warning' },
      { currentTherapies: ['none'] },
      { search: cohort.patients[0]?.mrn },
      { id: '00000000-0000-4000-8000-000000000000', patientId: '00000000-0000-4000-8000-000000000000' },
    ];
    const patient = await database.prisma.patient.findFirstOrThrow();
    inputs.push({ id: patient.id }, { patientId: patient.id });
    for (const path of procedures) {
      for (const input of inputs) {
        try {
          responses.push(JSON.stringify(await callAs('researcher', path, input)) ?? '');
        } catch (error) {
          responses.push(
            String((error as Error).message),
            JSON.stringify((error as { cause?: unknown }).cause ?? null),
          );
        }
      }
    }
    const all = responses.join('\n');
    // Researchers see the cohort's groups of at least 5 patients (research-privacy.test.ts).
    expect(all).toMatch(/"patients":\d+/);
    const leaked = secrets.filter(
      (secret) => secret && new RegExp(`\\b${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(all),
    );
    expect(leaked).toEqual([]);
  });
});

describe('audit', () => {
  it('a change that fails leaves no audit row claiming it happened', async () => {
    const clinician = await callerAs(database.prisma, 'clinician');
    const patient = await database.prisma.patient.findFirstOrThrow({ where: { deletedAt: null } });
    const count = () => database.prisma.auditEvent.count({ where: { action: { startsWith: 'EdssAssessment.' } } });
    const before = await count();
    // Fails after its audit row was written (the flag recomputation cannot find its table): the
    // transaction rolls back the record and the audit row together.
    await database.asOwner('ALTER TABLE "PatientSummary" RENAME TO "PatientSummaryAway"');
    try {
      const result = await failure(
        clinician.edss.create({ patientId: patient.id, data: { date: '2015-06-01', score: 2 } }),
      );
      expect(result.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await database.asOwner('ALTER TABLE "PatientSummaryAway" RENAME TO "PatientSummary"');
    }
    expect(await count()).toBe(before);
    expect(
      await database.prisma.edssAssessment.count({ where: { patientId: patient.id, date: new Date('2015-06-01') } }),
    ).toBe(0);
  });

  it('the database refuses to change or delete an audit row', async () => {
    await expect(database.prisma.$executeRawUnsafe('UPDATE "AuditEvent" SET action = \'x\'')).rejects.toThrow();
    await expect(database.prisma.$executeRawUnsafe('DELETE FROM "AuditEvent"')).rejects.toThrow();
  });

  it('records reads of identified data, with the patients a list showed', async () => {
    const clinician = await callerAs(database.prisma, 'clinician');
    const patient = await database.prisma.patient.findFirstOrThrow({ where: { deletedAt: null } });
    await clinician.patients.get({ id: patient.id });
    await clinician.edss.list({ patientId: patient.id });
    const page = await clinician.cohort.overview({ limit: 5 });
    const reads = await database.prisma.auditEvent.findMany({
      where: { action: { contains: '.read.' } },
      orderBy: { id: 'desc' },
      take: 3,
    });
    expect(reads.map((r) => r.action)).toEqual([
      'cohort.read.overview',
      'EdssAssessment.read.list',
      'patient.read.record',
    ]);
    expect(reads[1]?.patientId).toBe(patient.id);
    expect((reads[0]?.details as { patientIds: string[] } | undefined)?.patientIds).toEqual(
      page.items.map((i) => i.patientId),
    );
    expect(reads.every((r) => r.clientAddress === '192.0.2.10')).toBe(true);
  });
});
