import type { TimelineEvent } from '@nmo/domain';

/**
 * The CSV long layout: one row per record (an acute treatment and a therapy dose are records of
 * their own), with the patient's columns repeated on each row so that every row stands alone in R
 * or pandas. A patient with no records has one row with `record` = "patient". Columns are
 * documented in docs/EXPORTS.md; an empty cell means "not recorded".
 */
/** What identified and de-identified rows share (dates shifted or as day numbers when de-identified). */
const CLINICAL_PATIENT_COLUMNS = [
  'diagnosis',
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

/** The record kinds of the `record` column: the event types and the two kinds of parts. */
export type RecordKind = TimelineEvent['type'] | 'acute_treatment' | 'administration';

/**
 * Where each field of a record goes: field path (dotted for nested fields) → column. Export and
 * import both read this table, so the two directions cannot drift apart.
 */
export const RECORD_LAYOUTS: Record<RecordKind, Readonly<Record<string, RecordColumn>>> = {
  edss: {
    date: 'date',
    score: 'edss_score',
    'functionalSystems.visual': 'fs_visual',
    'functionalSystems.brainstem': 'fs_brainstem',
    'functionalSystems.pyramidal': 'fs_pyramidal',
    'functionalSystems.cerebellar': 'fs_cerebellar',
    'functionalSystems.sensory': 'fs_sensory',
    'functionalSystems.bowelBladder': 'fs_bowel_bladder',
    'functionalSystems.cerebral': 'fs_cerebral',
    'functionalSystems.ambulation': 'fs_ambulation',
  },
  antibody: { date: 'date', antibody: 'antibody', assay: 'assay', result: 'result', titer: 'titer' },
  mri: {
    date: 'date',
    region: 'region',
    newT2Lesions: 'new_t2_lesions',
    gadolinium: 'gadolinium',
    extensiveSegments: 'extensive_segments',
  },
  visual: {
    date: 'date',
    eye: 'eye',
    logmar: 'logmar',
    visualFieldMdDb: 'visual_field_md_db',
    rnflMicrons: 'rnfl_um',
    gciplMicrons: 'gcipl_um',
    vepLatencyMs: 'vep_latency_ms',
    vepAmplitudeMicrovolts: 'vep_amplitude_uv',
    funduscopyNote: 'funduscopy_note',
  },
  relapse: { onsetDate: 'date', phenotype: 'phenotype', severity: 'severity' },
  acute_treatment: {
    startDate: 'date',
    type: 'treatment',
    days: 'days',
    dailyDoseMg: 'daily_dose_mg',
    sessions: 'sessions',
  },
  therapy: {
    startDate: 'date',
    stopDate: 'end_date',
    agent: 'agent',
    doseMg: 'dose_mg',
    schedule: 'schedule',
    stopReason: 'stop_reason',
  },
  administration: { date: 'date', doseMg: 'dose_mg' },
  lab: { date: 'date', test: 'test', value: 'value', unit: 'unit', result: 'result' },
  vaccination: { date: 'date', vaccine: 'vaccine' },
};

/** The columns that name a part's parent: the attack's onset, the therapy's agent and start. */
export const PARENT_COLUMNS = {
  acute_treatment: ['relapse_onset_date'],
  administration: ['agent', 'therapy_start_date'],
} as const satisfies Partial<Record<RecordKind, readonly RecordColumn[]>>;

/** The identified patient columns by interchange field. */
export const PATIENT_FIELD_COLUMNS = {
  mrn: 'mrn',
  givenName: 'given_name',
  familyName: 'family_name',
  birthDate: 'birth_date',
  sex: 'sex',
  diagnosis: 'diagnosis',
  diagnosisDate: 'diagnosis_date',
  firstAttackDate: 'first_attack_date',
  aqp4Status: 'aqp4_status',
  mogStatus: 'mog_status',
  comorbidities: 'comorbidities',
} as const satisfies Record<string, (typeof PATIENT_COLUMNS)[number]>;

function cellsOf(kind: RecordKind, record: object): Cells {
  const cells: Cells = { record: kind };
  for (const [path, column] of Object.entries(RECORD_LAYOUTS[kind])) {
    const value = path
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], record);
    if (value !== undefined && value !== null) cells[column] = value;
  }
  return cells;
}

/**
 * The rows of one event: one, or for an attack and a therapy also one per acute treatment or dose,
 * which name their parent by its date (and agent). Dates may be shifted or day numbers (de-identified).
 */
export function recordRows(event: TimelineEvent): Cells[] {
  const own = cellsOf(event.type, event);
  if (event.type === 'relapse')
    return [
      own,
      ...(event.acuteTreatments ?? []).map((treatment) => ({
        ...cellsOf('acute_treatment', treatment),
        relapse_onset_date: event.onsetDate,
      })),
    ];
  if (event.type === 'therapy')
    return [
      own,
      ...(event.administrations ?? []).map((dose) => ({
        ...cellsOf('administration', dose),
        agent: event.agent,
        therapy_start_date: event.startDate,
      })),
    ];
  return [own];
}
