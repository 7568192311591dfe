import type { RuleSettings } from '@nmo/domain';
import { todayInClinic } from '@nmo/domain';
import { recomputeFlags } from '../flags/recompute.ts';
import { saveRuleSettings } from '../settings/rule-settings.ts';
import type { ActingContext } from '../trpc/context.ts';

/** Long enough to recompute a registry's flags; the settings and the flags change together or not at all. */
const SAVE_SETTINGS_TIMEOUT_MS = 30 * 60_000;

/**
 * Stores the clinic's rule overrides (validated: a ZodError names the bad field and nothing is
 * written), audited, and recomputes every patient's flags from them in the same transaction:
 * `settings.update` and `nmo settings import`.
 */
export function saveSettingsAndRecompute(
  ctx: ActingContext,
  overrides: unknown,
): Promise<{ settings: RuleSettings; patients: number; flags: number }> {
  return ctx.db.$transaction(
    async (tx) => {
      const settings = await saveRuleSettings(tx, overrides, ctx.actor.id, ctx.clientAddress);
      const recomputed = await recomputeFlags(tx, { asOf: todayInClinic(), settings });
      return { settings, ...recomputed };
    },
    { timeout: SAVE_SETTINGS_TIMEOUT_MS },
  );
}
