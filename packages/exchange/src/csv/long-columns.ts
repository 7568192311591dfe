import type { TimelineEvent } from '@nmo/domain';

/**
 * The CSV long layout: one row per record (an acute treatment and a therapy dose are records of
 * their own), with the patient's columns repeated on each row so that every row stands alone in R
 * or pandas. A patient with no records has one row with `record` = "patient". Columns are
 * documented in docs/EXPORTS.md; an empty cell means "not recorded".
 */
/** What identified and de-identified rows share (dates shifted or as day numbers when de-identified). */
const CLINICAL_PATIENT_COLUMNS = [
  'diagnosis_date',
  'first_attack_date',
  'aqp4_status',
  'mog_status',
  'comorbidities',
] as const;

export const PATIENT_COLUMNS = [
  'mrn',
  'given_name',
  'family_name',
  'birth_date',
  'sex',
  ...CLINICAL_PATIENT_COLUMNS,
] as const;

export const DEIDENTIFIED_PATIENT_COLUMNS = [
  'subject_id',
  'sex',
  'birth_year',
  'age_group',
  ...CLINICAL_PATIENT_COLUMNS,
] as const;

export const RECORD_COLUMNS = [
  'record',
  'date',
  'end_date',
  'edss_score',
  'fs_visual',
  'fs_brainstem',
  'fs_pyramidal',
  'fs_cerebellar',
  'fs_sensory',
  'fs_bowel_bladder',
  'fs_cerebral',
  'fs_ambulation',
  'antibody',
  'assay',
  'result',
  'titer',
  'region',
  'new_t2_lesions',
  'gadolinium',
  'extensive_segments',
  'eye',
  'logmar',
  'visual_field_md_db',
  'rnfl_um',
  'gcipl_um',
  'vep_latency_ms',
  'vep_amplitude_uv',
  'funduscopy_note',
  'phenotype',
  'severity',
  'relapse_onset_date',
  'treatment',
  'days',
  'daily_dose_mg',
  'sessions',
  'agent',
  'therapy_start_date',
  'dose_mg',
  'schedule',
  'stop_reason',
  'test',
  'value',
  'unit',
  'vaccine',
] as const;
export type RecordColumn = (typeof RECORD_COLUMNS)[number];
type Cells = Partial<Record<RecordColumn, unknown>>;

const FUNCTIONAL_SYSTEMS: Record<string, RecordColumn> = {
  visual: 'fs_visual',
  brainstem: 'fs_brainstem',
  pyramidal: 'fs_pyramidal',
  cerebellar: 'fs_cerebellar',
  sensory: 'fs_sensory',
  bowelBladder: 'fs_bowel_bladder',
  cerebral: 'fs_cerebral',
  ambulation: 'fs_ambulation',
};

/**
 * The rows of one event: one, or for an attack and a therapy also one per acute treatment or dose,
 * which name their parent by its date (and agent). Dates may be shifted or day numbers (de-identified).
 */
export function recordRows(event: TimelineEvent): Cells[] {
  switch (event.type) {
    case 'edss': {
      const systems = Object.fromEntries(
        Object.entries(event.functionalSystems ?? {}).map(([key, value]) => [FUNCTIONAL_SYSTEMS[key], value]),
      );
      return [{ record: 'edss', date: event.date, edss_score: event.score, ...systems }];
    }
    case 'antibody':
      return [
        {
          record: 'antibody',
          date: event.date,
          antibody: event.antibody,
          assay: event.assay,
          result: event.result,
          titer: event.titer,
        },
      ];
    case 'mri':
      return [
        {
          record: 'mri',
          date: event.date,
          region: event.region,
          new_t2_lesions: event.newT2Lesions,
          gadolinium: event.gadolinium,
          extensive_segments: event.extensiveSegments,
        },
      ];
    case 'visual':
      return [
        {
          record: 'visual',
          date: event.date,
          eye: event.eye,
          logmar: event.logmar,
          visual_field_md_db: event.visualFieldMdDb,
          rnfl_um: event.rnflMicrons,
          gcipl_um: event.gciplMicrons,
          vep_latency_ms: event.vepLatencyMs,
          vep_amplitude_uv: event.vepAmplitudeMicrovolts,
          funduscopy_note: event.funduscopyNote,
        },
      ];
    case 'relapse':
      return [
        { record: 'relapse', date: event.onsetDate, phenotype: event.phenotype, severity: event.severity },
        ...(event.acuteTreatments ?? []).map((treatment) => ({
          record: 'acute_treatment',
          date: treatment.startDate,
          relapse_onset_date: event.onsetDate,
          treatment: treatment.type,
          days: treatment.days,
          daily_dose_mg: treatment.dailyDoseMg,
          sessions: treatment.sessions,
        })),
      ];
    case 'therapy':
      return [
        {
          record: 'therapy',
          date: event.startDate,
          end_date: event.stopDate,
          agent: event.agent,
          dose_mg: event.doseMg,
          schedule: event.schedule,
          stop_reason: event.stopReason,
        },
        ...(event.administrations ?? []).map((dose) => ({
          record: 'administration',
          date: dose.date,
          agent: event.agent,
          therapy_start_date: event.startDate,
          dose_mg: dose.doseMg,
        })),
      ];
    case 'lab':
      return [
        {
          record: 'lab',
          date: event.date,
          test: event.test,
          value: event.value,
          unit: event.unit,
          result: event.result,
        },
      ];
    case 'vaccination':
      return [{ record: 'vaccination', date: event.date, vaccine: event.vaccine }];
  }
}
