import type { DbClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import { recomputeFlags } from '../flags/recompute.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';

/** After any change to a patient's clinical data: flags (and what derives from them) as of today. */
export async function afterPatientChange(db: DbClient, patientIds: string[]): Promise<void> {
  const settings = await loadRuleSettings(db);
  await recomputeFlags(db, { asOf: todayInClinic(), settings, patientIds });
}
