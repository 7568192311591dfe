import type { DbClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import { recomputeFlags } from '../flags/recompute.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import { lockPatients } from './patient-locks.ts';

/**
 * After any change to a patient's clinical data: flags (and what derives from them) as of today.
 *
 * Concurrent changes to one patient (two clinicians, or a batch of saves) would each delete and
 * rewrite the patient's stored flags and clash on their unique keys. A transaction-scoped advisory
 * lock per patient queues them: the second recomputes after the first commits, from data that then
 * includes both changes. Locks are taken in id order, so two multi-patient changes cannot deadlock.
 */
export async function afterPatientChange(db: DbClient, patientIds: string[]): Promise<void> {
  const ids = await lockPatients(db, patientIds);
  const settings = await loadRuleSettings(db);
  await recomputeFlags(db, { asOf: todayInClinic(), settings, patientIds: ids });
}
