import { type DbClient, onPrimary } from '@nmo/db';
import {
  calendarDateFromUtcDate,
  type FlagCode,
  type FlagStatus,
  type Severity,
  todayInClinic,
  utcDateFromCalendarDate,
} from '@nmo/domain';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import { acknowledgementOf, loadActiveAcknowledgements } from './open-flags.ts';
import { recomputeFlags } from './recompute.ts';

/**
 * Stored flags are computed as of a day; the server refreshes them daily, and reads that need them
 * current (a patient page, the worklist) refresh any of their patients still dated before today.
 * Returns how many patients were refreshed.
 */
export async function ensureCurrentFlags(db: DbClient, patientIds: string[]): Promise<number> {
  const today = todayInClinic();
  const current = await db.patientFlagState.findMany({
    where: { patientId: { in: patientIds }, asOf: { gte: utcDateFromCalendarDate(today) } },
    select: { patientId: true },
  });
  const fresh = new Set(current.map((state) => state.patientId));
  const stale = patientIds.filter((id) => !fresh.has(id));
  if (stale.length > 0) {
    // Computed from the primary's records, never a replica's lagging copy (docs/SCALING.md section 2).
    const primary = onPrimary(db);
    await recomputeFlags(primary, { asOf: today, settings: await loadRuleSettings(primary), patientIds: stale });
  }
  return stale.length;
}

/**
 * The stored flags of some patients, most severe first, each with the acknowledgement that hides
 * it today (null when the flag is open).
 */
export async function loadPatientFlags(db: DbClient, patientIds: string[]) {
  const asOf = todayInClinic();
  const flags = await db.patientFlag.findMany({
    where: { patientId: { in: patientIds } },
    orderBy: [{ patientId: 'asc' }, { status: 'asc' }, { severity: 'asc' }, { date: 'desc' }, { code: 'asc' }],
  });
  const acknowledgements = await loadActiveAcknowledgements(db, patientIds);
  return flags.map((row) => {
    const date = calendarDateFromUtcDate(row.date);
    const ack = acknowledgementOf(acknowledgements, { patientId: row.patientId, code: row.code, date }, asOf);
    return {
      patientId: row.patientId,
      code: row.code as FlagCode,
      severity: row.severity as Severity,
      date,
      message: row.message,
      source: row.source,
      details: row.details as Record<string, unknown>,
      status: row.status as FlagStatus,
      ...(row.resolvedOn ? { resolvedOn: calendarDateFromUtcDate(row.resolvedOn) } : {}),
      ...(row.resolution ? { resolution: row.resolution } : {}),
      acknowledgement: ack
        ? { id: ack.id, reason: ack.reason, until: ack.until, at: ack.at, by: ack.by.displayName }
        : null,
    };
  });
}
export type PatientFlagView = Awaited<ReturnType<typeof loadPatientFlags>>[number];
