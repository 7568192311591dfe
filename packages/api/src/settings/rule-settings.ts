import type { DbClient } from '@nmo/db';
import { type RuleSettings, resolveRuleSettings } from '@nmo/domain';

/** The clinic's overrides of the rule defaults live in ClinicSetting under this key. */
export const RULE_SETTINGS_KEY = 'rules';

/** Defaults, then the clinic's stored overrides, then any further overrides (e.g. a --settings file). */
export async function loadRuleSettings(db: DbClient, ...overrides: unknown[]): Promise<RuleSettings> {
  const stored = await db.clinicSetting.findUnique({ where: { key: RULE_SETTINGS_KEY } });
  return resolveRuleSettings(stored?.value ?? undefined, ...overrides);
}

/**
 * Stores the clinic's overrides after validating them against the defaults (a ZodError names the
 * bad field and nothing is written), with an audit row in the same transaction.
 */
export async function saveRuleSettings(
  db: DbClient & { $transaction: <T>(work: (tx: DbClient) => Promise<T>) => Promise<T> },
  overrides: unknown,
  actorId: string,
): Promise<RuleSettings> {
  const resolved = resolveRuleSettings(overrides);
  await db.$transaction(async (tx) => {
    await tx.clinicSetting.upsert({
      where: { key: RULE_SETTINGS_KEY },
      create: { key: RULE_SETTINGS_KEY, value: overrides as object, updatedById: actorId },
      update: { value: overrides as object, updatedById: actorId },
    });
    await tx.auditEvent.create({
      data: {
        actorId,
        action: 'settings.update',
        entityType: 'ClinicSetting',
        entityId: RULE_SETTINGS_KEY,
        details: { value: overrides as object },
      },
    });
  });
  return resolved;
}
