import type { TestDatabase } from '@nmo/db/testing';
import { descriptorOf, RECORD_TYPE_NAMES } from '@nmo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/root.ts';
import { callerAs, failure, openTestDatabase, rowCounts } from './support.ts';

/** Every record router (registry.ts) with the id its records are created under. */
const RECORD_ROUTERS: Record<string, string> = Object.fromEntries(
  RECORD_TYPE_NAMES.map((type) => [descriptorOf(type).names.api, descriptorOf(type).parent?.key ?? 'patientId']),
);
const ID = '7d6c2a4e-1b1f-4a43-9f55-3d7c0c1e2a10';

/** For each procedure: an input that must be refused, and the field the error must name. */
const BAD_INPUT: Record<string, [unknown, string]> = {
  'auth.login': [{ email: 'not-an-email', password: 'x' }, 'email'],
  'auth.changePassword': [{ currentPassword: 'x', newPassword: 'short' }, 'newPassword'],
  'accounts.create': [{ email: 'new@clinic.test', displayName: ' ', role: 'clinician' }, 'displayName'],
  'accounts.update': [{ id: ID, role: 'superuser' }, 'role'],
  'accounts.setDisabled': [{ id: ID, disabled: 'yes' }, 'disabled'],
  'accounts.resetPassword': [{ id: 'x' }, 'id'],
  'audit.list': [{ from: '2024-13-01' }, 'from'],
  'settings.update': [{ overrides: { acute: { delayedAfterDays: 'soon' } } }, 'overrides.acute.delayedAfterDays'],
  'settings.updateDisplay': [{ dateLocale: 'xx-XX' }, 'dateLocale'],
  'visits.record': [{ patientId: ID, edss: { date: '2024-01-01', score: 10.5 } }, 'edss.score'],
  'patients.list': [{ limit: 1000 }, 'limit'],
  'patients.get': [{ id: 'x' }, 'id'],
  'patients.create': [{ data: { mrn: 'M1' } }, 'data.givenName'],
  'patients.update': [{ id: ID, version: -1, data: {} }, 'version'],
  'patients.delete': [{ id: ID }, 'version'],
  'patients.restore': [{ id: ID, version: 'one' }, 'version'],
  'patients.history': [{ id: 5 }, 'id'],
  'patients.timeline': [{ id: ID, from: '2020-01-01' }, 'from'],
  'cohort.overview': [{ lastVisitFrom: '2024-02-30' }, 'lastVisitFrom'],
  'cohort.worklist': [{ currentTherapies: ['aspirin'] }, 'currentTherapies[0]'],
  'cohort.stats': [{ edssMin: -1 }, 'edssMin'],
  'cohort.outcomes': [{ lagDays: 1.5 }, 'lagDays'],
  'cohort.careQualityPatients': [{ year: 2024, indicator: 'waitingTimes' }, 'indicator'],
  'exports.run': [{ id: 'not-a-uuid' }, 'id'],
  'flags.list': [{ patientId: 'x' }, 'patientId'],
  'flags.acknowledge': [{ patientId: ID, code: 'EDSS_OVERDUE', flagDate: '2024-01-01', reason: 7 }, 'reason'],
  'flags.acknowledgeMany': [
    { items: [{ patientId: ID, code: 'NOT_A_FLAG', flagDate: '2024-01-01' }], reason: 'Reviewed' },
    'items[0].code',
  ],
  'flags.withdraw': [{ acknowledgementId: null }, 'acknowledgementId'],
  'flags.acknowledgements': [{}, 'patientId'],
};
for (const [router, owner] of Object.entries(RECORD_ROUTERS)) {
  Object.assign(BAD_INPUT, {
    [`${router}.list`]: [{ [owner]: ID, includeDeleted: 'yes' }, 'includeDeleted'],
    [`${router}.get`]: [{ id: '' }, 'id'],
    [`${router}.create`]: [{ [owner]: ID, data: {}, extra: true }, 'extra'],
    [`${router}.update`]: [{ id: ID, version: 1.5, data: {} }, 'version'],
    [`${router}.delete`]: [{ version: 1 }, 'id'],
    [`${router}.restore`]: [{ id: 'nope', version: 1 }, 'id'],
    [`${router}.history`]: [{ id: [ID] }, 'id'],
  });
}
/** Procedures that take no input at all. */
const NO_INPUT = new Set([
  'auth.me',
  'auth.logout',
  'accounts.list',
  'settings.get',
  'settings.display',
  'exports.recent',
  'cohort.careQuality',
]);

const procedures = Object.keys(appRouter._def.procedures).sort();

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

describe('every procedure refuses bad input', () => {
  it('has a bad-input case for every procedure of the router (a new procedure needs one)', () => {
    const covered = new Set([...Object.keys(BAD_INPUT), ...NO_INPUT]);
    expect(procedures.filter((path) => !covered.has(path))).toEqual([]);
    expect([...covered].filter((path) => !procedures.includes(path))).toEqual([]);
  });

  it.each(procedures.filter((path) => !NO_INPUT.has(path)))(
    '%s: BAD_REQUEST naming the field, nothing written',
    async (path) => {
      const [input, field] = BAD_INPUT[path] ?? [undefined, ''];
      const group = path.split('.')[0] ?? '';
      const role =
        path === 'cohort.stats' || group === 'exports'
          ? 'researcher'
          : ['accounts', 'audit', 'settings'].includes(group)
            ? 'admin'
            : 'clinician';
      const caller = (await callerAs(database.prisma, role)) as unknown as Record<
        string,
        Record<string, (input: unknown) => Promise<unknown>>
      >;
      const name = path.split('.')[1] ?? '';
      const before = await rowCounts(database.prisma);
      const procedure = caller[group]?.[name];
      if (!procedure) throw new Error(`no procedure ${path}`);
      const result = await failure(procedure(input));
      expect(result.code).toBe('BAD_REQUEST');
      expect(result.fields).toContain(field);
      // A malformed sign-in is audited like any failed sign-in; nothing else is written.
      const audited = path === 'auth.login' ? 1 : 0;
      expect(await rowCounts(database.prisma)).toEqual({ ...before, AuditEvent: (before.AuditEvent ?? 0) + audited });
    },
  );
});

describe('docs/API.md', () => {
  it('documents every procedure of the router, and none that does not exist', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/API.md', import.meta.url), 'utf8');
    const headings = [...doc.matchAll(/^### (.+)$/gm)].flatMap((m) => (m[1] ?? '').split(' / ').map((h) => h.trim()));
    const generic = new Set(headings.filter((h) => h.startsWith('\\<router\\>.')).map((h) => h.slice(11)));
    const documented = new Set(headings.filter((h) => !h.startsWith('\\<router\\>.')));
    for (const path of procedures) {
      const [group, name] = path.split('.') as [string, string];
      if (group in RECORD_ROUTERS) {
        expect(generic.has(name), `${path} (generic record procedure)`).toBe(true);
        expect(doc, `${group} in the record table`).toMatch(new RegExp(`\\|\\s*\`${group}\`\\s*\\|`));
      } else expect(documented.has(path), path).toBe(true);
    }
    for (const heading of documented) expect(procedures, heading).toContain(heading);
  });
});
