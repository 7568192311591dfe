import { DEFAULT_RULE_SETTINGS, todayInClinic } from '@nmo/domain';
import { ZodError, z } from 'zod';
import { recomputeFlags } from '../flags/recompute.ts';
import { AppError } from '../trpc/errors.ts';
import { adminProcedure, router } from '../trpc/init.ts';
import { loadRuleSettings, saveRuleSettings } from './rule-settings.ts';

/** Clinic rule settings (monitoring intervals, thresholds), for administrators. */
export const settingsRouter = router({
  /** The settings in force, the defaults they override, and the stored overrides. */
  get: adminProcedure.query(async ({ ctx }) => {
    const stored = await ctx.db.clinicSetting.findUnique({ where: { key: 'rules' } });
    return {
      inForce: await loadRuleSettings(ctx.db),
      defaults: DEFAULT_RULE_SETTINGS,
      overrides: (stored?.value ?? {}) as Record<string, unknown>,
    };
  }),

  /** Replaces the clinic's overrides (validated), audited, and recomputes every patient's flags. */
  update: adminProcedure
    .input(z.strictObject({ overrides: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction(
        async (tx) => {
          let saved: Awaited<ReturnType<typeof saveRuleSettings>>;
          try {
            saved = await saveRuleSettings(tx, input.overrides, ctx.actor.id, ctx.clientAddress);
          } catch (error) {
            if (error instanceof ZodError) {
              const issues = error.issues.map((issue) => ({
                path: ['overrides', ...issue.path].map(String).join('.'),
                message: issue.message,
              }));
              throw new AppError('BAD_REQUEST', 'Some settings are not valid', issues);
            }
            throw error;
          }
          await recomputeFlags(tx, { asOf: todayInClinic(), settings: saved });
          return { inForce: saved };
        },
        { timeout: 120_000 },
      ),
    ),
});
