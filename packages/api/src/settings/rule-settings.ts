import type { DbClient } from '@nmo/db';
import { DEFAULT_RULE_SETTINGS, type RuleSettings, resolveRuleSettings } from '@nmo/domain';
import { writeAudit } from '@nmo/storage';

/** The clinic's overrides of the rule defaults live in ClinicSetting under this key. */
export const RULE_SETTINGS_KEY = 'rules';

/** Defaults, then the clinic's stored overrides, then any further overrides (e.g. a --settings file). */
export async function loadRuleSettings(db: DbClient, ...overrides: unknown[]): Promise<RuleSettings> {
  const stored = await db.clinicSetting.findUnique({ where: { key: RULE_SETTINGS_KEY } });
  return resolveRuleSettings(stored?.value ?? undefined, ...overrides);
}

/** The settings in force, the defaults they override, and the clinic's stored overrides (`settings.get`). */
export async function describeRuleSettings(db: DbClient) {
  const stored = await db.clinicSetting.findUnique({ where: { key: RULE_SETTINGS_KEY } });
  return {
    inForce: resolveRuleSettings(stored?.value ?? undefined),
    defaults: DEFAULT_RULE_SETTINGS,
    overrides: (stored?.value ?? {}) as Record<string, unknown>,
  };
}

/**
 * Stores the clinic's overrides after validating them against the defaults (a ZodError names the
 * bad field and nothing is written), with an audit row. Run it in the caller's transaction, so the
 * audit row and the change (and the flags recomputed from it) land together.
 */
export async function saveRuleSettings(
  db: DbClient,
  overrides: unknown,
  actorId: string,
  clientAddress?: string,
): Promise<RuleSettings> {
  const resolved = resolveRuleSettings(overrides);
  const before = await db.clinicSetting.findUnique({ where: { key: RULE_SETTINGS_KEY } });
  await db.clinicSetting.upsert({
    where: { key: RULE_SETTINGS_KEY },
    create: { key: RULE_SETTINGS_KEY, value: overrides as object, updatedById: actorId },
    update: { value: overrides as object, updatedById: actorId },
  });
  await writeAudit(db, {
    actorId,
    action: 'settings.update',
    entityType: 'ClinicSetting',
    entityId: RULE_SETTINGS_KEY,
    clientAddress,
    details: { before: (before?.value ?? null) as object, after: overrides as object },
  });
  return resolved;
}
