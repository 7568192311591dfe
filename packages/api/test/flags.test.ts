import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { DEFAULT_RULE_SETTINGS } from '@nmo/domain';
import type { TimelineFile } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import { recomputeFlags, recomputeStaleFlags } from '../src/flags/recompute.ts';
import { loadRuleSettings, saveRuleSettings } from '../src/settings/rule-settings.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
});
afterEach(() => database.drop());

/** One AQP4-positive patient with an untreated attack on 2024-01-01 and no maintenance therapy. */
const file = {
  format: 'nmo-timeline',
  version: 1,
  patients: [
    {
      mrn: 'F001',
      givenName: 'Flag',
      familyName: 'Test',
      birthDate: '1980-01-01',
      sex: 'female',
      aqp4Status: 'positive',
      events: [{ type: 'relapse', onsetDate: '2024-01-01', phenotype: 'transverse_myelitis', severity: 'moderate' }],
    },
  ],
} as TimelineFile;

const storedCodes = async () =>
  (await database.prisma.patientFlag.findMany({ orderBy: { code: 'asc' } })).map((f) => f.code);

describe('stored flags', () => {
  it('are computed as of a date and replaced, not added to, on recompute', async () => {
    await importTimelineFile(database.prisma, file, { actorId: SYSTEM_USER_ID });
    // Day 2 after the attack: not untreated yet (acute.untreatedAfterDays 4); day 14: untreated.
    const asOf = '2024-01-03';
    expect(await recomputeFlags(database.prisma, { asOf, settings: DEFAULT_RULE_SETTINGS })).toEqual({
      patients: 1,
      flags: (await storedCodes()).length,
    });
    const early = await storedCodes();
    expect(early).toContain('NO_MAINTENANCE_THERAPY');
    expect(early).not.toContain('UNTREATED_RELAPSE');

    await recomputeFlags(database.prisma, { asOf: '2024-01-15', settings: DEFAULT_RULE_SETTINGS });
    const later = await storedCodes();
    expect(later).toContain('UNTREATED_RELAPSE');
    expect(later.filter((c) => c === 'NO_MAINTENANCE_THERAPY')).toHaveLength(1);
    const state = await database.prisma.patientFlagState.findMany();
    expect(state.map((s) => s.asOf.toISOString().slice(0, 10))).toEqual(['2024-01-15']);
  });

  it('an import can recompute the patients it touched, in its own transaction', async () => {
    await importTimelineFile(database.prisma, file, {
      actorId: SYSTEM_USER_ID,
      afterWrite: (tx, patientIds) =>
        recomputeFlags(tx, { asOf: '2024-02-01', settings: DEFAULT_RULE_SETTINGS, patientIds }).then(() => {}),
    });
    expect(await storedCodes()).toContain('UNTREATED_RELAPSE');
  });

  it('batches in flight at once store the same flags as one batch at a time, each patient once', async () => {
    // 501 patients: two batches (of 500 and 1), so both run at once.
    const [patient] = file.patients;
    const patients = Array.from({ length: 501 }, (_, i) => ({ ...patient, mrn: `P${String(i).padStart(5, '0')}` }));
    await importTimelineFile(database.prisma, { ...file, patients } as TimelineFile, { actorId: SYSTEM_USER_ID });
    const stored = async () =>
      (
        await database.prisma.patientFlag.findMany({
          select: { patient: { select: { mrn: true } }, code: true, date: true, status: true },
        })
      )
        .map((flag) => `${flag.patient.mrn} ${flag.code} ${flag.date.toISOString()} ${flag.status}`)
        .sort();
    const options = { asOf: '2024-01-15', settings: DEFAULT_RULE_SETTINGS };
    const oneAtATime = await recomputeFlags(database.prisma, options);
    const serial = await stored();
    const inFlight = await recomputeFlags(database.prisma, { ...options, parallel: 2 });
    expect(inFlight).toEqual(oneAtATime);
    expect(inFlight.patients).toBe(501);
    expect(await stored()).toEqual(serial);
    expect(await database.prisma.patientSummary.count()).toBe(501);
    expect(await database.prisma.patientFlagState.count()).toBe(501);
    // The scheduled refresh passes `parallel` through.
    const stale = await recomputeStaleFlags(database.prisma, { ...options, asOf: '2024-01-16', parallel: 2 });
    expect(stale.patients).toBe(501);
    expect(await database.prisma.patientSummary.count()).toBe(501);
  }, 300_000); // Four whole-cohort runs over 501 patients: seconds alone, minutes on a busy 2-core machine.

  it('only patients computed as of an earlier day are stale', async () => {
    await importTimelineFile(database.prisma, file, { actorId: SYSTEM_USER_ID });
    const settings = DEFAULT_RULE_SETTINGS;
    expect((await recomputeStaleFlags(database.prisma, { asOf: '2024-01-10', settings })).patients).toBe(1);
    expect((await recomputeStaleFlags(database.prisma, { asOf: '2024-01-10', settings })).patients).toBe(0);
    expect((await recomputeStaleFlags(database.prisma, { asOf: '2024-01-11', settings })).patients).toBe(1);
    // A patient without a cohort summary row (a database from before the summary existed) is stale too.
    await database.prisma.patientSummary.deleteMany();
    expect((await recomputeStaleFlags(database.prisma, { asOf: '2024-01-11', settings })).patients).toBe(1);
    expect(await database.prisma.patientSummary.count()).toBe(1);
  });
});

describe('clinic rule settings', () => {
  it('store overrides over the defaults, with an audit row', async () => {
    const saved = await saveRuleSettings(database.prisma, { acute: { delayedAfterDays: 7 } }, SYSTEM_USER_ID);
    expect(saved.acute).toEqual({ ...DEFAULT_RULE_SETTINGS.acute, delayedAfterDays: 7 });
    expect((await loadRuleSettings(database.prisma)).acute.delayedAfterDays).toBe(7);
    expect((await loadRuleSettings(database.prisma, { acute: { delayedAfterDays: 10 } })).acute.delayedAfterDays).toBe(
      10,
    );
    const audit = await database.prisma.auditEvent.findMany({ where: { action: 'settings.update' } });
    expect(audit).toHaveLength(1);
  });

  it('are read again on every load: a change stored by another process counts at once; the result is frozen', async () => {
    const first = await loadRuleSettings(database.prisma);
    expect(await loadRuleSettings(database.prisma)).toBe(first);
    expect(Object.isFrozen(first.acute)).toBe(true);
    // As another worker would store it: straight into the row, not through this process.
    await database.prisma.clinicSetting.upsert({
      where: { key: 'rules' },
      create: { key: 'rules', value: { acute: { delayedAfterDays: 9 } }, updatedById: SYSTEM_USER_ID },
      update: { value: { acute: { delayedAfterDays: 9 } } },
    });
    expect((await loadRuleSettings(database.prisma)).acute.delayedAfterDays).toBe(9);
    expect((await loadRuleSettings(database.prisma, { acute: { delayedAfterDays: 12 } })).acute.delayedAfterDays).toBe(
      12,
    );
    expect((await loadRuleSettings(database.prisma)).acute.delayedAfterDays).toBe(9);
    // A bad override is refused every time, not answered from what was resolved before.
    await expect(loadRuleSettings(database.prisma, null)).rejects.toBeInstanceOf(ZodError);
    await expect(loadRuleSettings(database.prisma, { acute: { delayedAfterDays: 'soon' } })).rejects.toBeInstanceOf(
      ZodError,
    );
  });

  it('refuse an unknown or wrongly typed setting and save nothing', async () => {
    await expect(
      saveRuleSettings(database.prisma, { acute: { delayedAfterDays: 'soon' } }, SYSTEM_USER_ID),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(saveRuleSettings(database.prisma, { lowIgg: 500 }, SYSTEM_USER_ID)).rejects.toBeInstanceOf(ZodError);
    expect(await database.prisma.clinicSetting.count()).toBe(0);
    expect(await database.prisma.auditEvent.count({ where: { action: 'settings.update' } })).toBe(0);
  });
});
