import { ZodError, z } from 'zod';
import { AppError } from '../trpc/errors.ts';
import { adminProcedure, authedProcedure, router } from '../trpc/init.ts';
import { saveSettingsAndRecompute } from '../use-cases/save-settings.ts';
import { displaySettingsSchema, loadDisplaySettings, saveDisplaySettings } from './display-settings.ts';
import { describeRuleSettings } from './rule-settings.ts';

/** Clinic rule settings (monitoring intervals, thresholds), for administrators; display settings for everyone signed in. */
export const settingsRouter = router({
  /** The settings in force, the defaults they override, and the stored overrides. */
  get: adminProcedure.query(({ ctx }) => describeRuleSettings(ctx.db)),

  /** Replaces the clinic's overrides (validated), audited, and recomputes every patient's flags. */
  update: adminProcedure
    .input(z.strictObject({ overrides: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      try {
        const { settings } = await saveSettingsAndRecompute(ctx, input.overrides);
        return { inForce: settings };
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
    }),

  /** How dates are shown (the clinic's date locale): every signed-in page reads it. */
  display: authedProcedure.query(({ ctx }) => loadDisplaySettings(ctx.db)),

  /** Changes the display settings, audited; no flag depends on them. */
  updateDisplay: adminProcedure
    .input(displaySettingsSchema)
    .mutation(({ ctx, input }) => saveDisplaySettings(ctx, input)),
});
