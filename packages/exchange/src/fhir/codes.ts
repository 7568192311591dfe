import type { CodeableConcept, CodeSystem, Coding, Quantity } from '@medplum/fhirtypes';
import { labUnitLabel } from '@nmo/domain';
import { LOCAL_CODES, type LocalCode } from './local-codes.ts';

/**
 * Code systems and standard codes of the FHIR export (docs/FHIR.md). Standard codes are only those
 * with a source: the LOINC, NCIt and SNOMED CT browsers, the FHIR R4 value sets they belong to, or public
 * implementation guides that use them; anything else is a local code.
 */
const BASE = 'https://nmo-monitor.example.org/fhir';

export const FHIR_SYSTEMS = {
  local: `${BASE}/CodeSystem/nmo`,
  mrn: `${BASE}/sid/mrn`,
  subjectId: `${BASE}/sid/research-subject`,
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ncit: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl',
  ucum: 'http://unitsofmeasure.org',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
} as const;

export const FHIR_EXTENSIONS = {
  /** On Patient (de-identified, 90 and over): the age group that replaces the birth year. */
  ageGroup: `${BASE}/StructureDefinition/age-group`,
  /** On a plasma-exchange Procedure: the number of exchanges in the course. */
  plexSessions: `${BASE}/StructureDefinition/plex-sessions`,
  /** The standard one, for a masked birth date. */
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
} as const;

export function local(code: LocalCode): Coding {
  return { system: FHIR_SYSTEMS.local, code, display: LOCAL_CODES[code] };
}

export const concept = (...coding: Coding[]): CodeableConcept => ({ coding });

export const localConcept = (code: LocalCode): CodeableConcept => concept(local(code));

const coding = (system: string, code: string, display: string): Coding => ({ system, code, display });

/** Body weight, as the FHIR R4 vital-signs profile codes it (LOINC browser: 29463-7). */
export const BODY_WEIGHT_LOINC = coding(FHIR_SYSTEMS.loinc, '29463-7', 'Body weight');

export const NMOSD_ICD10 = coding(FHIR_SYSTEMS.icd10, 'G36.0', 'Neuromyelitis optica [Devic]');

/** No LOINC code exists for the EDSS; NCIt names the instrument (LOINC, NCIt and SNOMED CT browsers). */
export const EDSS_NCIT = coding(FHIR_SYSTEMS.ncit, 'C112520', 'Kurtzke Expanded Disability Status Scale Questionnaire');

/** AQP4-IgG by quantitative immunoassay (ELISA) and by cell-based assay (LOINC, NCIt and SNOMED CT browsers). */
export const AQP4_IMMUNOASSAY_LOINC = coding(FHIR_SYSTEMS.loinc, '68548-7', 'Aquaporin 4 water channel Ab.IgG');
export const AQP4_CBA_LOINC = coding(FHIR_SYSTEMS.loinc, '63439-4', 'Neuromyelitis Optica/AQP4-IgG, Serum');

/** SNOMED distance visual acuity, value in logMAR, eye in bodySite (LOINC, NCIt and SNOMED CT browsers). */
export const DISTANCE_VISUAL_ACUITY = coding(FHIR_SYSTEMS.snomed, '251739003', 'Distance visual acuity');
export const EYE_SNOMED = {
  OD: coding(FHIR_SYSTEMS.snomed, '362502000', 'Entire right eye'),
  OS: coding(FHIR_SYSTEMS.snomed, '362503005', 'Entire left eye'),
} as const;

/** The FHIR R4 condition-severity value set. */
export const SEVERITY_SNOMED = {
  mild: coding(FHIR_SYSTEMS.snomed, '255604002', 'Mild'),
  moderate: coding(FHIR_SYSTEMS.snomed, '6736007', 'Moderate'),
  severe: coding(FHIR_SYSTEMS.snomed, '24484000', 'Severe'),
} as const;

/** Qualifier values that lab results commonly carry next to the local result code. */
export const RESULT_SNOMED: Partial<Record<string, Coding>> = {
  positive: coding(FHIR_SYSTEMS.snomed, '10828004', 'Positive'),
  negative: coding(FHIR_SYSTEMS.snomed, '260385009', 'Negative'),
  borderline: coding(FHIR_SYSTEMS.snomed, '42425007', 'Equivocal'),
  indeterminate: coding(FHIR_SYSTEMS.snomed, '82334004', 'Indeterminate'),
};

export const ROUTE_SNOMED = {
  intravenous: coding(FHIR_SYSTEMS.snomed, '47625008', 'Intravenous route'),
  oral: coding(FHIR_SYSTEMS.snomed, '26643006', 'Oral route'),
} as const;

/**
 * Plasma exchange: the procedure category and the verified parent concept "Apheresis". The code
 * 233578004 sometimes quoted for plasmapheresis is "Continuous hemodialysis", so it is not used.
 */
export const THERAPEUTIC_PROCEDURE = coding(FHIR_SYSTEMS.snomed, '277132007', 'Therapeutic procedure');
export const APHERESIS_SNOMED = coding(FHIR_SYSTEMS.snomed, '127788007', 'Apheresis');

export const observationCategory = (code: 'exam' | 'laboratory' | 'imaging' | 'vital-signs'): CodeableConcept[] => [
  concept({ system: FHIR_SYSTEMS.observationCategory, code }),
];

/**
 * The display units of the other measures (doses, scores, visual exams) and their UCUM codes; a unit
 * outside this list keeps its text only. Lab units are UCUM codes already (labQuantity).
 */
const UCUM: Record<string, string> = {
  mg: 'mg',
  ms: 'ms',
  µV: 'uV',
  µm: 'um',
  dB: 'dB',
  '{score}': '{score}',
  logMAR: '{logMAR}',
};

export function quantity(value: number, unit: string): Quantity {
  const code = UCUM[unit];
  return code === undefined ? { value, unit } : { value, unit, system: FHIR_SYSTEMS.ucum, code };
}

/**
 * A lab value: its unit is a UCUM code from the test's list (lab-units.ts; the schema and the
 * database's CHECK allow no other), so it is the Quantity's code as it is, with the human label as
 * `unit` (FHIR R4 Quantity: `unit` is the display form, `system` + `code` the coded form).
 */
export function labQuantity(value: number, unit: string): Quantity {
  return { value, unit: labUnitLabel(unit), system: FHIR_SYSTEMS.ucum, code: unit };
}

/** The local CodeSystem as a resource, first in every bundle so that the file explains its own codes. */
export function localCodeSystem(): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    url: FHIR_SYSTEMS.local,
    name: 'NmoMonitorLocalCodes',
    title: 'NMOSD cohort monitor local codes',
    status: 'active',
    content: 'complete',
    caseSensitive: true,
    concept: Object.entries(LOCAL_CODES).map(([code, display]) => ({ code, display })),
  };
}
