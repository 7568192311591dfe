import type { DbClient } from '@nmo/db';
import { writeAudit } from '@nmo/storage';
import { z } from 'zod';
import type { ActingContext } from '../trpc/context.ts';

/** How the clinic's dashboard shows what it shows (not rules: saving them recomputes no flag). */
export const DISPLAY_SETTINGS_KEY = 'display';

/**
 * The locales a clinic may choose for dates ("3 Feb 2024", "Feb 3, 2024", "3. Feb. 2024"...): each one
 * writes the month as a word, so no date can be misread as day/month or month/day.
 */
export const DATE_LOCALES = ['en-GB', 'en-US', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-PT'] as const;

export const displaySettingsSchema = z.strictObject({
  dateLocale: z.enum(DATE_LOCALES, { error: `must be one of ${DATE_LOCALES.join(', ')}` }),
});
export type DisplaySettings = z.infer<typeof displaySettingsSchema>;

export const DEFAULT_DISPLAY_SETTINGS: DisplaySettings = { dateLocale: 'en-GB' };

/** The clinic's display settings, the defaults where none are stored (or a stored one is no longer offered). */
export async function loadDisplaySettings(db: DbClient): Promise<DisplaySettings> {
  const stored = await db.clinicSetting.findUnique({ where: { key: DISPLAY_SETTINGS_KEY } });
  const parsed = displaySettingsSchema.safeParse({ ...DEFAULT_DISPLAY_SETTINGS, ...(stored?.value as object) });
  return parsed.success ? parsed.data : DEFAULT_DISPLAY_SETTINGS;
}

/** Stores the display settings with an audit row, together (one transaction). */
export function saveDisplaySettings(ctx: ActingContext, settings: DisplaySettings): Promise<DisplaySettings> {
  const { actor, clientAddress } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.clinicSetting.findUnique({ where: { key: DISPLAY_SETTINGS_KEY } });
    await tx.clinicSetting.upsert({
      where: { key: DISPLAY_SETTINGS_KEY },
      create: { key: DISPLAY_SETTINGS_KEY, value: settings, updatedById: actor.id },
      update: { value: settings, updatedById: actor.id },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'settings.update.display',
      entityType: 'ClinicSetting',
      entityId: DISPLAY_SETTINGS_KEY,
      clientAddress,
      details: { before: (before?.value ?? null) as object, after: settings },
    });
    return settings;
  });
}
