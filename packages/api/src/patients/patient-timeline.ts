import type { DbClient } from '@nmo/db';
import { patientMetrics, ruleContext, todayInClinic } from '@nmo/domain';
import { eventsOfPatientRow, patientCodec } from '@nmo/storage';
import type { z } from 'zod';
import { readLivePatientWithFlags } from '../flags/patient-flags.ts';
import { byRecordDay, present, type RecordKind } from '../records/record-kind.ts';
import { PAGE_SECTIONS, RECORD_KINDS } from '../records/routers.ts';
import { loadRuleSettings } from '../settings/rule-settings.ts';
import { notFound } from '../trpc/errors.ts';
import { presentPatient } from './patient-output.ts';
import type { patientPageSchema } from './timeline-output.ts';

type PatientPage = z.input<typeof patientPageSchema>;

/**
 * Everything one patient's page draws, read in one statement (with the clinic's settings beside it):
 * the patient, every live record with its id and version (for editing), the stored flags (brought
 * up to date first) with their acknowledgements, and the metrics.
 */
export async function loadPatientPage(db: DbClient, patientId: string) {
  const [read, settings] = await Promise.all([
    readLivePatientWithFlags(db, patientId, { records: true }),
    loadRuleSettings(db),
  ]);
  if (!read) throw notFound('The patient');
  const { row, flags } = read;
  const events = eventsOfPatientRow(row);
  const timeline = { ...patientCodec.fromRow(row), events };
  const asOf = todayInClinic();
  const records = Object.fromEntries(
    PAGE_SECTIONS.map(({ name, relation }) => [
      name,
      (row[relation] ?? []).map((r) => present(RECORD_KINDS[name] as RecordKind, r)).sort(byRecordDay),
    ]),
    // Checked against patientPageSchema by the procedure's output validation.
  ) as unknown as PatientPage['records'];
  return {
    asOf,
    patient: presentPatient(row, events),
    records,
    flags: flags.map(({ patientId: _patientId, ...flag }) => flag),
    metrics: patientMetrics(ruleContext(timeline, asOf, settings)),
    thresholds: {
      cd19Percent: settings.rituximab.cd19PercentThreshold,
      memoryBPercentFirstTwoYears: settings.rituximab.memoryBPercentThresholdFirstTwoYears,
      memoryBPercentLater: settings.rituximab.memoryBPercentThresholdLater,
      lowIggMgDl: settings.lowIggMgDl,
      postpartumDays: settings.pregnancy.postpartumDays,
      pregnancyDurationDays: settings.pregnancy.durationDays,
    },
  };
}
