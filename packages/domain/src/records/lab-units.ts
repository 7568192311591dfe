import type { LabTest } from '../enums.ts';

/**
 * The units each lab test may be recorded in, as case-sensitive UCUM codes (The Unified Code for
 * Units of Measure, Regenstrief Institute, https://ucum.org/ucum). A unit is a code from this list,
 * never free text: free text reached de-identified research exports (issue 14, "Smith John" as a unit).
 * The first unit of a test is its default (the dashboard's form preselects it).
 *
 * Each list holds the unit LOINC gives as the example UCUM unit of the test's usual term (US
 * conventional), then the SI forms laboratories elsewhere report (ICSH and IFCC SI units). The database
 * enforces the same pairs (CHECK "LabResult_unit_check", prisma/migrations/20261129120000_lab_units_ucum);
 * packages/domain/test/lab-units.test.ts keeps the two identical.
 * HBsAg and anti-HBc are recorded as qualitative results only: they take no unit.
 */
export const LAB_UNITS = {
  /** LOINC 8117-4 "CD19 cells/100 cells in Blood": %. Rituximab thresholds are % of lymphocytes (Kim SH et al., Arch Neurol 2011; Neurol Res Int 2012, doi:10.1155/2012/460825). */
  cd19_percent: ['%'],
  /**
   * LOINC 8116-6 "CD19 cells [#/volume] in Blood": /uL, as lymphocyte subsets are reported
   * (Labcorp LOINC map, labcorp.com/tests/505321: absolute counts in /uL); SI 10*6/L (the same number)
   * and 10*9/L.
   */
  cd19_absolute: ['/uL', '10*6/L', '10*9/L'],
  /** CD19+CD27+ memory B cells as % of lymphocytes, as the re-dosing thresholds state them (Kim SH et al., Arch Neurol 2011; Neurol Res Int 2012, doi:10.1155/2012/460825). */
  cd27_memory_b_percent: ['%'],
  /**
   * LOINC 2465-3 "IgG [Mass/volume] in Serum or Plasma": mg/dL (Labcorp 001776 reports it so); SI g/L;
   * g/dL and mg/L are the other mass concentrations the LOW_IGG rule converts (rules/therapy/low-igg.ts),
   * kept so that no IgG the rule could read loses its unit.
   */
  igg: ['mg/dL', 'g/L', 'g/dL', 'mg/L'],
  hbsag: [],
  anti_hbc: [],
  /**
   * Enzyme activity, when given as a number (a phenotype alone is a qualitative result, no unit):
   * LOINC 21563-2 "Thiopurine methyltransferase [Enzymatic activity/volume] in Red Blood Cells" in U/mL
   * (ARUP 0092066 reference intervals, ltd.aruplab.com/Tests/Pub/0092066); mU/L in UK laboratories
   * (Exeter Clinical Laboratory, exeterlaboratory.com/?p=1308).
   */
  tpmt: ['U/mL', 'mU/L'],
  /** LOINC 6690-2 "Leukocytes [#/volume] in Blood by Automated count": 10*3/uL; SI 10*9/L first (see LEGACY_LAB_UNIT_SPELLINGS: what the product wrote). */
  wbc: ['10*9/L', '10*3/uL', '/uL'],
  /** LOINC 731-0 "Lymphocytes [#/volume] in Blood by Automated count": 10*3/uL; SI 10*9/L; flow cytometry reports /uL. */
  lymphocytes_absolute: ['10*9/L', '10*3/uL', '/uL'],
  /** LOINC 751-8 "Neutrophils [#/volume] in Blood by Automated count": 10*3/uL; SI 10*9/L; ANC often in /uL. */
  neutrophils_absolute: ['10*9/L', '10*3/uL', '/uL'],
  /**
   * LOINC 718-7 "Hemoglobin [Mass/volume] in Blood": g/dL; SI g/L (UK, Canada); LOINC 59260-0
   * "Hemoglobin [Moles/volume] in Blood": mmol/L (the Netherlands).
   */
  hemoglobin: ['g/dL', 'g/L', 'mmol/L'],
  /** LOINC 777-3 "Platelets [#/volume] in Blood by Automated count": 10*3/uL; SI 10*9/L; /uL. */
  platelets: ['10*9/L', '10*3/uL', '/uL'],
  /** LOINC 1742-6 "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma": U/L; SI ukat/L (Nordic laboratories). */
  alt: ['U/L', 'ukat/L'],
  /** LOINC 1920-8 "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma": U/L; SI ukat/L. */
  ast: ['U/L', 'ukat/L'],
  /** LOINC 1975-2 "Bilirubin.total [Mass/volume] in Serum or Plasma": mg/dL; LOINC 14631-6 [Moles/volume]: umol/L. */
  bilirubin: ['mg/dL', 'umol/L'],
  /**
   * Interferon-gamma release assay for tuberculosis infection: reported positive, negative or
   * indeterminate (QuantiFERON-TB Gold Plus package insert, QIAGEN; CDC, "Interferon-Gamma Release
   * Assays (IGRAs)", cdc.gov/tb), so a qualitative result only.
   */
  tb_igra: [],
  /**
   * Tuberculin skin test: induration in millimetres, read 48 to 72 hours after placement, and/or the
   * reading's result (CDC, "Clinical Testing Guidance for Tuberculosis: Tuberculin Skin Test", cdc.gov/tb).
   */
  tb_skin_test: ['mm'],
  /**
   * NUDT15 metabolizer status from genotyping (normal, intermediate or poor: "deficient" here, as for
   * TPMT), read before a thiopurine (CPIC, Relling et al., Clin Pharmacol Ther 2019;105:1095-1105,
   * doi:10.1002/cpt.1304): a qualitative result only.
   */
  nudt15: [],
} as const satisfies Record<LabTest, readonly string[]>;

export type LabUnit = (typeof LAB_UNITS)[LabTest][number];

/** How each code is shown to people (UCUM's print symbols, with "cells" for bare counts per volume). */
export const LAB_UNIT_LABELS: Record<LabUnit, string> = {
  '%': '%',
  '/uL': 'cells/µL',
  '10*6/L': '×10⁶/L',
  '10*9/L': '×10⁹/L',
  '10*3/uL': '×10³/µL',
  'mg/dL': 'mg/dL',
  'g/L': 'g/L',
  'g/dL': 'g/dL',
  'mg/L': 'mg/L',
  'mmol/L': 'mmol/L',
  'umol/L': 'µmol/L',
  'U/L': 'U/L',
  'ukat/L': 'µkat/L',
  'U/mL': 'U/mL',
  'mU/L': 'mU/L',
  mm: 'mm',
};

/** Every unit code some test accepts, in first-seen order. */
export const LAB_UNIT_CODES = [...new Set(Object.values(LAB_UNITS).flat())] as readonly LabUnit[];

export function labUnitsOf(test: LabTest): readonly LabUnit[] {
  return LAB_UNITS[test];
}

/** The unit the form preselects for a test; none for qualitative tests. */
export function defaultLabUnit(test: LabTest): LabUnit | undefined {
  return LAB_UNITS[test][0];
}

/** The label of a unit code; an unknown string is shown as it is. */
export function labUnitLabel(unit: string): string {
  return (LAB_UNIT_LABELS as Record<string, string>)[unit] ?? unit;
}

export function isLabUnitOf(test: LabTest, unit: string): unit is LabUnit {
  return (LAB_UNITS[test] as readonly string[]).includes(unit);
}

/**
 * Spellings written before units were codes, and the code each means: what the synthetic generator
 * wrote (10^9/L), what the old FHIR unit table and form hint listed (µmol/L, IU/L, cells/µL, /µL), and
 * the usual variants (case, micro sign µ or Greek μ, × or x, superscripts, K/uL). A spelling may mean
 * two codes ("G/L" is giga per litre for a count, grams per litre for IgG): the one the test accepts
 * wins, and no test accepts both. IU/L for an enzyme is U/L (an IU of enzyme activity is 1 µmol/min,
 * UCUM's U). The migration 20261129120000_lab_units_ucum maps stored rows with the same list.
 */
export const LEGACY_LAB_UNIT_SPELLINGS: readonly (readonly [spelling: string, code: LabUnit])[] = [
  ['percent', '%'],
  ['cells/µL', '/uL'],
  ['cells/μL', '/uL'],
  ['cells/uL', '/uL'],
  ['cells/ul', '/uL'],
  ['/µL', '/uL'],
  ['/μL', '/uL'],
  ['/ul', '/uL'],
  ['cells/mm3', '/uL'],
  ['cells/mm³', '/uL'],
  ['/mm3', '/uL'],
  ['/mm³', '/uL'],
  ['10^6/L', '10*6/L'],
  ['x10^6/L', '10*6/L'],
  ['×10^6/L', '10*6/L'],
  ['10⁶/L', '10*6/L'],
  ['×10⁶/L', '10*6/L'],
  ['10E6/L', '10*6/L'],
  ['10^9/L', '10*9/L'],
  ['10^9/l', '10*9/L'],
  ['x10^9/L', '10*9/L'],
  ['x 10^9/L', '10*9/L'],
  ['×10^9/L', '10*9/L'],
  ['× 10^9/L', '10*9/L'],
  ['10⁹/L', '10*9/L'],
  ['×10⁹/L', '10*9/L'],
  ['x10⁹/L', '10*9/L'],
  ['10E9/L', '10*9/L'],
  ['x10E9/L', '10*9/L'],
  ['G/L', '10*9/L'],
  ['G/l', '10*9/L'],
  ['10^3/uL', '10*3/uL'],
  ['10^3/µL', '10*3/uL'],
  ['10^3/μL', '10*3/uL'],
  ['x10^3/uL', '10*3/uL'],
  ['x10^3/µL', '10*3/uL'],
  ['×10^3/µL', '10*3/uL'],
  ['10³/µL', '10*3/uL'],
  ['×10³/µL', '10*3/uL'],
  ['x10³/µL', '10*3/uL'],
  ['10^3/mm3', '10*3/uL'],
  ['10E3/uL', '10*3/uL'],
  ['x10E3/uL', '10*3/uL'],
  ['K/uL', '10*3/uL'],
  ['K/µL', '10*3/uL'],
  ['k/uL', '10*3/uL'],
  ['k/µL', '10*3/uL'],
  ['thou/uL', '10*3/uL'],
  ['mg/dl', 'mg/dL'],
  ['MG/DL', 'mg/dL'],
  ['g/l', 'g/L'],
  ['G/L', 'g/L'],
  ['G/l', 'g/L'],
  ['g/dl', 'g/dL'],
  ['mg/l', 'mg/L'],
  ['mmol/l', 'mmol/L'],
  ['µmol/L', 'umol/L'],
  ['μmol/L', 'umol/L'],
  ['µmol/l', 'umol/L'],
  ['μmol/l', 'umol/L'],
  ['umol/l', 'umol/L'],
  ['IU/L', 'U/L'],
  ['IU/l', 'U/L'],
  ['iu/L', 'U/L'],
  ['UI/L', 'U/L'],
  ['U/l', 'U/L'],
  ['u/L', 'U/L'],
  ['µkat/L', 'ukat/L'],
  ['μkat/L', 'ukat/L'],
  ['µkat/l', 'ukat/L'],
  ['μkat/l', 'ukat/L'],
  ['ukat/l', 'ukat/L'],
  ['U/ml', 'U/mL'],
  ['mU/l', 'mU/L'],
];

/** Leading and trailing spaces, tabs and line breaks: what the migration's btrim removes too. */
const trimUnit = (unit: string) => unit.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

/**
 * The UCUM code a unit written the old way stands for, when the test accepts it (e.g. "10^9/L" for
 * wbc is "10*9/L"); otherwise the unit unchanged, for the schema to report. Imports of old files use it.
 */
export function normaliseLabUnit(test: LabTest, unit: string): string {
  const trimmed = trimUnit(unit);
  if (isLabUnitOf(test, trimmed)) return trimmed;
  const legacy = LEGACY_LAB_UNIT_SPELLINGS.find(([spelling, code]) => spelling === trimmed && isLabUnitOf(test, code));
  return legacy ? legacy[1] : unit;
}
