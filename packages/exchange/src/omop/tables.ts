/**
 * The OMOP CDM v5.4 tables this export writes, column by column in the specification's order, with
 * their PostgreSQL types and whether they are required (NOT NULL). Written from the published
 * specification (OHDSI, "OMOP CDM v5.4", https://ohdsi.github.io/CommonDataModel/cdm54.html; the
 * CommonDataModel repository's inst/csv/OMOP_CDMv5.4_Field_Level.csv, Apache License 2.0): the names,
 * order and types match its PostgreSQL DDL, inst/ddl/5.4/postgresql/OMOPCDM_postgresql_5.4_ddl.sql at
 * commit f853f6e39c61b4eb8b3e5287fd573a1ced36c0e4 (compared column by column on 2026-11-30;
 * docs/decisions/0024-omop-export.md says why it is not vendored). Only these tables, their primary keys and the foreign keys between them
 * and to CONCEPT are described here; the rest of the CDM is not written by this export.
 */
export type OmopType = 'integer' | 'date' | 'timestamp' | 'numeric' | 'text' | `varchar(${number})`;

export interface OmopColumn {
  name: string;
  type: OmopType;
  required: boolean;
}

export interface OmopTable {
  name: OmopTableName;
  columns: OmopColumn[];
  /** The primary key column; episode_event and cdm_source have none in v5.4. */
  primaryKey?: string;
}

/** "name type" with a trailing "!" for NOT NULL: compact enough to read against the specification. */
const columns = (...specs: string[]): OmopColumn[] =>
  specs.map((spec) => {
    const [name, rawType] = spec.split(' ') as [string, string];
    const required = rawType.endsWith('!');
    return { name, type: (required ? rawType.slice(0, -1) : rawType) as OmopType, required };
  });

export const OMOP_TABLE_NAMES = [
  'person',
  'observation_period',
  'visit_occurrence',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'measurement',
  'observation',
  'episode',
  'episode_event',
  'cdm_source',
] as const;
export type OmopTableName = (typeof OMOP_TABLE_NAMES)[number];

export const OMOP_TABLES: Record<OmopTableName, OmopTable> = {
  person: {
    name: 'person',
    primaryKey: 'person_id',
    columns: columns(
      'person_id integer!',
      'gender_concept_id integer!',
      'year_of_birth integer!',
      'month_of_birth integer',
      'day_of_birth integer',
      'birth_datetime timestamp',
      'race_concept_id integer!',
      'ethnicity_concept_id integer!',
      'location_id integer',
      'provider_id integer',
      'care_site_id integer',
      'person_source_value varchar(50)',
      'gender_source_value varchar(50)',
      'gender_source_concept_id integer',
      'race_source_value varchar(50)',
      'race_source_concept_id integer',
      'ethnicity_source_value varchar(50)',
      'ethnicity_source_concept_id integer',
    ),
  },
  observation_period: {
    name: 'observation_period',
    primaryKey: 'observation_period_id',
    columns: columns(
      'observation_period_id integer!',
      'person_id integer!',
      'observation_period_start_date date!',
      'observation_period_end_date date!',
      'period_type_concept_id integer!',
    ),
  },
  visit_occurrence: {
    name: 'visit_occurrence',
    primaryKey: 'visit_occurrence_id',
    columns: columns(
      'visit_occurrence_id integer!',
      'person_id integer!',
      'visit_concept_id integer!',
      'visit_start_date date!',
      'visit_start_datetime timestamp',
      'visit_end_date date!',
      'visit_end_datetime timestamp',
      'visit_type_concept_id integer!',
      'provider_id integer',
      'care_site_id integer',
      'visit_source_value varchar(50)',
      'visit_source_concept_id integer',
      'admitted_from_concept_id integer',
      'admitted_from_source_value varchar(50)',
      'discharged_to_concept_id integer',
      'discharged_to_source_value varchar(50)',
      'preceding_visit_occurrence_id integer',
    ),
  },
  condition_occurrence: {
    name: 'condition_occurrence',
    primaryKey: 'condition_occurrence_id',
    columns: columns(
      'condition_occurrence_id integer!',
      'person_id integer!',
      'condition_concept_id integer!',
      'condition_start_date date!',
      'condition_start_datetime timestamp',
      'condition_end_date date',
      'condition_end_datetime timestamp',
      'condition_type_concept_id integer!',
      'condition_status_concept_id integer',
      'stop_reason varchar(20)',
      'provider_id integer',
      'visit_occurrence_id integer',
      'visit_detail_id integer',
      'condition_source_value varchar(50)',
      'condition_source_concept_id integer',
      'condition_status_source_value varchar(50)',
    ),
  },
  drug_exposure: {
    name: 'drug_exposure',
    primaryKey: 'drug_exposure_id',
    columns: columns(
      'drug_exposure_id integer!',
      'person_id integer!',
      'drug_concept_id integer!',
      'drug_exposure_start_date date!',
      'drug_exposure_start_datetime timestamp',
      'drug_exposure_end_date date!',
      'drug_exposure_end_datetime timestamp',
      'verbatim_end_date date',
      'drug_type_concept_id integer!',
      'stop_reason varchar(20)',
      'refills integer',
      'quantity numeric',
      'days_supply integer',
      'sig text',
      'route_concept_id integer',
      'lot_number varchar(50)',
      'provider_id integer',
      'visit_occurrence_id integer',
      'visit_detail_id integer',
      'drug_source_value varchar(50)',
      'drug_source_concept_id integer',
      'route_source_value varchar(50)',
      'dose_unit_source_value varchar(50)',
    ),
  },
  procedure_occurrence: {
    name: 'procedure_occurrence',
    primaryKey: 'procedure_occurrence_id',
    columns: columns(
      'procedure_occurrence_id integer!',
      'person_id integer!',
      'procedure_concept_id integer!',
      'procedure_date date!',
      'procedure_datetime timestamp',
      'procedure_end_date date',
      'procedure_end_datetime timestamp',
      'procedure_type_concept_id integer!',
      'modifier_concept_id integer',
      'quantity integer',
      'provider_id integer',
      'visit_occurrence_id integer',
      'visit_detail_id integer',
      'procedure_source_value varchar(50)',
      'procedure_source_concept_id integer',
      'modifier_source_value varchar(50)',
    ),
  },
  measurement: {
    name: 'measurement',
    primaryKey: 'measurement_id',
    columns: columns(
      'measurement_id integer!',
      'person_id integer!',
      'measurement_concept_id integer!',
      'measurement_date date!',
      'measurement_datetime timestamp',
      'measurement_time varchar(10)',
      'measurement_type_concept_id integer!',
      'operator_concept_id integer',
      'value_as_number numeric',
      'value_as_concept_id integer',
      'unit_concept_id integer',
      'range_low numeric',
      'range_high numeric',
      'provider_id integer',
      'visit_occurrence_id integer',
      'visit_detail_id integer',
      'measurement_source_value varchar(50)',
      'measurement_source_concept_id integer',
      'unit_source_value varchar(50)',
      'unit_source_concept_id integer',
      'value_source_value varchar(50)',
      'measurement_event_id integer',
      'meas_event_field_concept_id integer',
    ),
  },
  observation: {
    name: 'observation',
    primaryKey: 'observation_id',
    columns: columns(
      'observation_id integer!',
      'person_id integer!',
      'observation_concept_id integer!',
      'observation_date date!',
      'observation_datetime timestamp',
      'observation_type_concept_id integer!',
      'value_as_number numeric',
      'value_as_string varchar(60)',
      'value_as_concept_id integer',
      'qualifier_concept_id integer',
      'unit_concept_id integer',
      'provider_id integer',
      'visit_occurrence_id integer',
      'visit_detail_id integer',
      'observation_source_value varchar(50)',
      'observation_source_concept_id integer',
      'unit_source_value varchar(50)',
      'qualifier_source_value varchar(50)',
      'value_source_value varchar(50)',
      'observation_event_id integer',
      'obs_event_field_concept_id integer',
    ),
  },
  episode: {
    name: 'episode',
    primaryKey: 'episode_id',
    columns: columns(
      'episode_id integer!',
      'person_id integer!',
      'episode_concept_id integer!',
      'episode_start_date date!',
      'episode_start_datetime timestamp',
      'episode_end_date date',
      'episode_end_datetime timestamp',
      'episode_parent_id integer',
      'episode_number integer',
      'episode_object_concept_id integer!',
      'episode_type_concept_id integer!',
      'episode_source_value varchar(50)',
      'episode_source_concept_id integer',
    ),
  },
  episode_event: {
    name: 'episode_event',
    columns: columns('episode_id integer!', 'event_id integer!', 'episode_event_field_concept_id integer!'),
  },
  cdm_source: {
    name: 'cdm_source',
    columns: columns(
      'cdm_source_name varchar(255)!',
      'cdm_source_abbreviation varchar(25)!',
      'cdm_holder varchar(255)!',
      'source_description text',
      'source_documentation_reference varchar(255)',
      'cdm_etl_reference varchar(255)',
      'source_release_date date!',
      'cdm_release_date date!',
      'cdm_version varchar(10)',
      'cdm_version_concept_id integer!',
      'vocabulary_version varchar(20)!',
    ),
  },
};

/** The column names of a table, in order: the CSV header. */
export const omopColumnNames = (table: OmopTableName): string[] => OMOP_TABLES[table].columns.map((c) => c.name);
