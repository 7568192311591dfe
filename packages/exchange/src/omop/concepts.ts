/**
 * The OMOP standard concept ids this export writes. Only ids that the CDM's own documentation names
 * are used (OHDSI CommonDataModel, docs for v5.4, Apache License 2.0); every other concept column is 0
 * ("no matching concept", the CDM convention) and the clinic's own code stays in the *_source_value
 * column, for the analyst's vocabulary mapping (Usagi, or Athena's RxNorm/SNOMED/LOINC ids) to
 * replace. docs/EXPORTS.md lists them with their sources.
 */
export const OMOP_CONCEPTS = {
  /** No matching concept (CDM conventions: "0 ... No matching concept"). */
  none: 0,
  /** Gender "FEMALE" and "MALE", the two standard gender concepts (CDM conventions, "Gender"). */
  female: 8532,
  male: 8507,
  /** Visit "Outpatient Visit" (CDM v5.4, VISIT_OCCURRENCE.visit_concept_id, the table description). */
  outpatientVisit: 9202,
  /**
   * Type concept "EHR": the record came from an electronic health record (Type Concept vocabulary,
   * CDM v5.4 conventions for *_type_concept_id); used for every row's type.
   */
  ehr: 32817,
  /** "OMOP CDM Version 5.4.0" (CDM v5.4, sqlScripts: the cdm_source insert example). */
  cdmVersion54: 756265,
  /**
   * The CDM field concept "condition_occurrence.condition_occurrence_id": what an episode_event's
   * event_id points at (CDM docs, OBSERVATION.obs_event_field_concept_id example).
   */
  conditionOccurrenceIdField: 1147127,
} as const;

/** The Kurtzke EDSS as SNOMED CT 273554001 (no LOINC code exists); kept in the source value. */
export const EDSS_SOURCE_VALUE = 'EDSS (SNOMED 273554001)';

/** ICD-10 G36.0 (neuromyelitis optica), the source code of an NMOSD diagnosis or attack. */
export const NMOSD_ICD10 = 'G36.0';

export const genderConceptOf = (sex: string | null | undefined): number =>
  sex === 'female' ? OMOP_CONCEPTS.female : sex === 'male' ? OMOP_CONCEPTS.male : OMOP_CONCEPTS.none;
