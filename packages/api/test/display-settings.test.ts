import type { TestDatabase } from '@nmo/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, failure, openTestDatabase } from './support.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

describe("the clinic's date format (settings.display)", () => {
  it('is en-GB until an administrator changes it; then every role reads the new one, and the change is audited', async () => {
    const clinician = await callerAs(database.prisma, 'clinician');
    const researcher = await callerAs(database.prisma, 'researcher');
    const admin = await callerAs(database.prisma, 'admin');
    expect(await clinician.settings.display()).toEqual({ dateLocale: 'en-GB' });

    expect(await admin.settings.updateDisplay({ dateLocale: 'de-DE' })).toEqual({ dateLocale: 'de-DE' });
    expect(await clinician.settings.display()).toEqual({ dateLocale: 'de-DE' });
    expect(await researcher.settings.display()).toEqual({ dateLocale: 'de-DE' });

    const audit = await database.prisma.auditEvent.findMany({ where: { action: 'settings.update.display' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toEqual({ before: null, after: { dateLocale: 'de-DE' } });
  });

  it('refuses a locale it does not offer, naming the field, and keeps the one in force', async () => {
    const admin = await callerAs(database.prisma, 'admin');
    const refused = await failure(admin.settings.updateDisplay({ dateLocale: 'xx-XX' as 'en-GB' }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', fields: ['dateLocale'] });
    expect(await admin.settings.display()).toEqual({ dateLocale: 'de-DE' });
  });

  it('is changed by administrators only', async () => {
    const clinician = await callerAs(database.prisma, 'clinician');
    expect((await failure(clinician.settings.updateDisplay({ dateLocale: 'en-US' }))).code).toBe('FORBIDDEN');
  });
});
