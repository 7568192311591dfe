import {
  descriptorOf,
  type LeafField,
  leafFieldsOf,
  PART_TYPES,
  PATIENT_FIELDS,
  partsOf,
  RECORD_TYPE_NAMES,
  RESEARCH_SAFE_CLASSES,
  type RecordType,
  type TimelineEvent,
  type ValueKind,
} from '@nmo/domain';

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

/**
 * The order the record columns are written in (the layout's published order, docs/EXPORTS.md).
 * A column of a new record type that is not listed here comes after these, in registry order.
 */
const COLUMN_ORDER = [
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
];

export type RecordColumn = string;
type Cells = Partial<Record<RecordColumn, unknown>>;

/** The value of the `record` column: a record type's CSV name (registry.ts `names.csv`). */
export type RecordKind = string;

/** The record type of each CSV record kind. */
export const TYPE_OF_CSV_KIND: ReadonlyMap<RecordKind, RecordType> = new Map(
  RECORD_TYPE_NAMES.map((type) => [descriptorOf(type).names.csv, type]),
);
export const csvKindOf = (type: RecordType): RecordKind => descriptorOf(type).names.csv;

/** A field's column, or a group's columns under dotted paths ("functionalSystems.visual"). */
function columnsOf(type: RecordType): [path: string, column: RecordColumn, spec: LeafField][] {
  return leafFieldsOf(descriptorOf(type)).map(({ path, spec }) => [path, spec.csv, spec]);
}

/** The columns holding numbers and yes/no values, from the registry's schemas (the others are text). */
const columnsOfKind = (kind: ValueKind): ReadonlySet<RecordColumn> =>
  new Set(
    RECORD_TYPE_NAMES.flatMap((type) =>
      leafFieldsOf(descriptorOf(type)).flatMap((leaf) => (leaf.kind === kind ? [leaf.spec.csv] : [])),
    ),
  );
export const NUMBER_COLUMNS = columnsOfKind('number');
export const BOOLEAN_COLUMNS = columnsOfKind('boolean');

/**
 * Where each field of a record goes: field path (dotted for nested fields) → column, derived from the
 * registry. Export and import both read this table, so the two directions cannot drift apart.
 */
export const RECORD_LAYOUTS: Readonly<Record<RecordKind, Readonly<Record<string, RecordColumn>>>> = Object.fromEntries(
  RECORD_TYPE_NAMES.map((type) => [
    csvKindOf(type),
    Object.fromEntries(columnsOf(type).map(([path, column]) => [path, column])),
  ]),
);

/** The columns that name a part's parent (the attack's onset; the therapy's agent and start), by part kind. */
export const PARENT_COLUMNS: Readonly<Record<RecordKind, readonly RecordColumn[]>> = Object.fromEntries(
  PART_TYPES.map((type) => [csvKindOf(type), Object.keys(descriptorOf(type).parent?.csv ?? {})]),
);

const registryColumns = RECORD_TYPE_NAMES.flatMap((type) => [
  ...columnsOf(type).map(([, column]) => column),
  ...Object.keys(descriptorOf(type).parent?.csv ?? {}),
]);
/** Every record column, in the published order, then any new ones. */
export const RECORD_COLUMNS: readonly RecordColumn[] = [...new Set([...COLUMN_ORDER, ...registryColumns])];

/** Columns of fields a researcher may never see (free text, identifiers): left out of de-identified files. */
export const NON_RESEARCH_COLUMNS: ReadonlySet<RecordColumn> = new Set(
  RECORD_TYPE_NAMES.flatMap((type) =>
    columnsOf(type).flatMap(([, column, spec]) =>
      RESEARCH_SAFE_CLASSES.includes(spec.class) || spec.class === 'date' ? [] : [column],
    ),
  ),
);

/** The record columns of identified or de-identified output. */
export const recordColumnsFor = (deidentified: boolean): RecordColumn[] =>
  RECORD_COLUMNS.filter((column) => !deidentified || !NON_RESEARCH_COLUMNS.has(column));

/** The identified patient columns by interchange field. */
export const PATIENT_FIELD_COLUMNS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PATIENT_FIELDS).map(([field, spec]) => [field, spec.csv]),
);

function cellsOf(type: RecordType, record: object): Cells {
  const cells: Cells = { record: csvKindOf(type) };
  for (const [path, column] of columnsOf(type)) {
    const value = path
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], record);
    if (value !== undefined && value !== null) cells[column] = value;
  }
  return cells;
}

/**
 * The rows of one event: one, and for an event with parts (an attack, a therapy) also one per part
 * (acute treatment, dose), which names its parent by the parent's columns. Dates may be shifted or
 * day numbers (de-identified).
 */
export function recordRows(event: TimelineEvent): Cells[] {
  const own = cellsOf(event.type, event);
  const parts = partsOf(event.type);
  if (!parts) return [own];
  const fields = event as unknown as Record<string, unknown>;
  const parentCells = Object.entries(descriptorOf(parts.type).parent?.csv ?? {}).map(([column, field]) => [
    column,
    fields[field],
  ]);
  const list = (fields[parts.field] as object[] | undefined) ?? [];
  return [own, ...list.map((part) => ({ ...cellsOf(parts.type, part), ...Object.fromEntries(parentCells) }))];
}
