/**
 * Every enumeration of the clinical record, once. The Prisma schema declares the same values as
 * PostgreSQL enums; a test in packages/db keeps the two identical.
 * Values are lower-case snake case (DESIGN.md contract 4), except where the interchange format's
 * example fixes them otherwise: antibody targets (AQP4, MOG) and eyes (OD, OS).
 */
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const SEROSTATUSES = ['positive', 'negative', 'unknown'] as const;
/**
 * The working diagnosis, recorded by the clinician (serostatus stays as recorded beside it):
 * AQP4-IgG-positive NMOSD and seronegative NMOSD (Wingerchuk et al., IPND criteria, Neurology 2015),
 * MOG antibody-associated disease (Banwell et al., Lancet Neurol 2023), or other / not yet classified.
 */
export const DIAGNOSES = ['nmosd_aqp4_positive', 'nmosd_seronegative', 'mogad', 'other_or_uncertain'] as const;
export const COMORBIDITIES = [
  'antiphospholipid_antibodies',
  'systemic_lupus_erythematosus',
  'sjogren_syndrome',
  'myasthenia_gravis',
  'autoimmune_thyroid_disease',
  'other_autoimmune_disease',
] as const;
export const ANTIBODY_TARGETS = ['AQP4', 'MOG'] as const;
/** Live or fixed cell-based assay, ELISA, other. */
export const ASSAYS = ['cba_live', 'cba_fixed', 'elisa', 'other'] as const;
export const ANTIBODY_RESULTS = ['positive', 'negative', 'borderline'] as const;
export const MRI_REGIONS = ['brain', 'optic_nerve', 'spinal_cord', 'brainstem', 'area_postrema'] as const;
export const EYES = ['OD', 'OS'] as const;
export const RELAPSE_PHENOTYPES = [
  'optic_neuritis',
  'transverse_myelitis',
  'area_postrema',
  'brainstem',
  'diencephalic',
  'cerebral',
] as const;
export const RELAPSE_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const ACUTE_TREATMENT_TYPES = ['ivmp', 'plex', 'ivig', 'oral_steroid_taper'] as const;
/** The NMOSD maintenance options (Kümpfel et al., NEMOS recommendations Part II, J Neurol 2024). */
export const MAINTENANCE_THERAPY_AGENTS = [
  'rituximab',
  'inebilizumab',
  'ocrelizumab',
  'ofatumumab',
  'eculizumab',
  'ravulizumab',
  'satralizumab',
  'tocilizumab',
  'azathioprine',
  'mycophenolate',
  'methotrexate',
  'oral_prednisone',
  'ivig_maintenance',
] as const;
export const THERAPY_AGENTS = [
  ...MAINTENANCE_THERAPY_AGENTS,
  'interferon_beta',
  'natalizumab',
  'fingolimod',
  'glatiramer',
  'dimethyl_fumarate',
  'alemtuzumab',
  'teriflunomide',
  'siponimod',
  'ozanimod',
  'ponesimod',
  'ahsct',
  'other',
] as const;
export const THERAPY_SCHEDULES = [
  'once',
  'daily',
  'twice_daily',
  'weekly',
  'every_2_weeks',
  'every_4_weeks',
  'every_8_weeks',
  'every_6_months',
  'as_needed',
  'other',
] as const;
export const THERAPY_STOP_REASONS = [
  'inefficacy',
  'adverse_event',
  'patient_choice',
  'pregnancy',
  'switch',
  'completed',
  'other',
] as const;
export const LAB_TESTS = [
  'cd19_percent',
  'cd19_absolute',
  'cd27_memory_b_percent',
  'igg',
  'hbsag',
  'anti_hbc',
  'tpmt',
  'wbc',
  'lymphocytes_absolute',
  'neutrophils_absolute',
  'hemoglobin',
  'platelets',
  'alt',
  'ast',
  'bilirubin',
  'tb_igra',
  'tb_skin_test',
  'nudt15',
] as const;
export const LAB_QUALITATIVE_RESULTS = [
  'positive',
  'negative',
  'normal',
  'intermediate',
  'deficient',
  'indeterminate',
] as const;
export const VACCINES = [
  'menacwy',
  'menb',
  'menabcwy',
  'hepatitis_b',
  'influenza',
  'pneumococcal',
  'varicella_zoster',
  'covid19',
  'other',
] as const;

/**
 * The vaccine product, where the schedule depends on it (meningococcal vaccines: doses and intervals
 * differ by product, ACIP, Mbaeyi et al., MMWR Recomm Rep 2020;69(RR-9)). MenACWY: Menveo, MenQuadfi,
 * Nimenrix, Menactra; MenB: Bexsero (4CMenB), Trumenba (MenB-FHbp); MenABCWY: Penbraya, Penmenvy.
 */
export const VACCINE_PRODUCTS = [
  'menveo',
  'menquadfi',
  'nimenrix',
  'menactra',
  'bexsero',
  'trumenba',
  'penbraya',
  'penmenvy',
  'other',
] as const;
/** How a pregnancy ended. */
export const PREGNANCY_OUTCOMES = [
  'live_birth',
  'stillbirth',
  'miscarriage',
  'termination',
  'ectopic',
  'unknown',
] as const;
/**
 * Anti-infective prophylaxis courses the rules read: meningococcal (complement inhibitors), hepatitis B
 * antiviral (positive HBsAg or anti-HBc before B-cell depletion), latent tuberculosis, Pneumocystis.
 */
export const PROPHYLAXIS_AGENTS = [
  'penicillin_v',
  'amoxicillin',
  'ciprofloxacin',
  'azithromycin',
  'erythromycin',
  'rifampicin',
  'isoniazid',
  'entecavir',
  'tenofovir',
  'lamivudine',
  'trimethoprim_sulfamethoxazole',
  'other',
] as const;
export const PROPHYLAXIS_INDICATIONS = [
  'meningococcal',
  'hepatitis_b',
  'tuberculosis',
  'pneumocystis',
  'other',
] as const;
/** Specialties a referral goes to (hepatology for a positive hepatitis B screen, obstetrics in pregnancy…). */
export const REFERRAL_SPECIALTIES = [
  'hepatology',
  'infectious_diseases',
  'obstetrics',
  'ophthalmology',
  'other',
] as const;

export type Sex = (typeof SEXES)[number];
export type Serostatus = (typeof SEROSTATUSES)[number];
export type Diagnosis = (typeof DIAGNOSES)[number];
export type ComorbidityCode = (typeof COMORBIDITIES)[number];
export type AntibodyTarget = (typeof ANTIBODY_TARGETS)[number];
export type Assay = (typeof ASSAYS)[number];
export type AntibodyResult = (typeof ANTIBODY_RESULTS)[number];
export type MriRegion = (typeof MRI_REGIONS)[number];
export type Eye = (typeof EYES)[number];
export type RelapsePhenotype = (typeof RELAPSE_PHENOTYPES)[number];
export type RelapseSeverity = (typeof RELAPSE_SEVERITIES)[number];
export type AcuteTreatmentType = (typeof ACUTE_TREATMENT_TYPES)[number];
export type TherapyAgent = (typeof THERAPY_AGENTS)[number];
export type TherapySchedule = (typeof THERAPY_SCHEDULES)[number];
export type TherapyStopReason = (typeof THERAPY_STOP_REASONS)[number];
export type LabTest = (typeof LAB_TESTS)[number];
export type LabQualitativeResult = (typeof LAB_QUALITATIVE_RESULTS)[number];
export type Vaccine = (typeof VACCINES)[number];
export type VaccineProduct = (typeof VACCINE_PRODUCTS)[number];
export type PregnancyOutcome = (typeof PREGNANCY_OUTCOMES)[number];
export type ProphylaxisAgent = (typeof PROPHYLAXIS_AGENTS)[number];
export type ProphylaxisIndication = (typeof PROPHYLAXIS_INDICATIONS)[number];
export type ReferralSpecialty = (typeof REFERRAL_SPECIALTIES)[number];
