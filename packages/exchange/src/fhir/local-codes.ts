import type {
  AcuteTreatmentType,
  Assay,
  ComorbidityCode,
  Diagnosis,
  LabTest,
  MriRegion,
  PregnancyOutcome,
  ProphylaxisAgent,
  ProphylaxisIndication,
  ReferralSpecialty,
  RelapsePhenotype,
  TherapyAgent,
  TherapySchedule,
  TherapyStopReason,
  Vaccine,
  VaccineProduct,
} from '@nmo/domain';

/**
 * The one local CodeSystem: every code of the FHIR export that no standard system supplies. A code
 * is "group.value" where value is the interchange enumeration (docs/interchange-format.md), so a
 * code reads the same in FHIR, CSV and JSON. Typed by the domain enumerations, so a new enumeration
 * value fails to compile until it has a code here (and a row in docs/FHIR.md, which a test checks).
 */
function group<P extends string, K extends string>(prefix: P, displays: Record<K, string>) {
  return Object.fromEntries(Object.entries(displays).map(([key, display]) => [`${prefix}.${key}`, display])) as Record<
    `${P}.${K}`,
    string
  >;
}

const phenotypes: Record<RelapsePhenotype, string> = {
  optic_neuritis: 'NMOSD attack: optic neuritis',
  transverse_myelitis: 'NMOSD attack: transverse myelitis',
  area_postrema: 'NMOSD attack: area postrema syndrome',
  brainstem: 'NMOSD attack: acute brainstem syndrome',
  diencephalic: 'NMOSD attack: diencephalic syndrome',
  cerebral: 'NMOSD attack: cerebral syndrome',
};

const regions: Record<MriRegion, string> = {
  brain: 'Brain',
  optic_nerve: 'Optic nerve',
  spinal_cord: 'Spinal cord',
  brainstem: 'Brainstem',
  area_postrema: 'Area postrema',
};

const assays: Record<Assay, string> = {
  cba_live: 'Live cell-based assay',
  cba_fixed: 'Fixed cell-based assay',
  elisa: 'ELISA',
  other: 'Other assay',
};

const results = {
  positive: 'Positive',
  negative: 'Negative',
  borderline: 'Borderline',
  normal: 'Normal',
  intermediate: 'Intermediate',
  deficient: 'Deficient',
  indeterminate: 'Indeterminate',
  unknown: 'Unknown',
};

const labs: Record<LabTest, string> = {
  cd19_percent: 'CD19+ B cells, % of lymphocytes',
  cd19_absolute: 'CD19+ B cells, absolute count',
  cd27_memory_b_percent: 'CD19+CD27+ memory B cells, % of lymphocytes',
  igg: 'Immunoglobulin G, serum',
  hbsag: 'Hepatitis B surface antigen',
  anti_hbc: 'Hepatitis B core antibody',
  tpmt: 'Thiopurine methyltransferase activity',
  wbc: 'White blood cell count',
  lymphocytes_absolute: 'Lymphocytes, absolute count',
  neutrophils_absolute: 'Neutrophils, absolute count',
  hemoglobin: 'Hemoglobin',
  platelets: 'Platelet count',
  alt: 'Alanine aminotransferase',
  ast: 'Aspartate aminotransferase',
  bilirubin: 'Bilirubin, total',
  tb_igra: 'Tuberculosis interferon-gamma release assay',
  tb_skin_test: 'Tuberculin skin test induration',
  nudt15: 'NUDT15 metabolizer status',
};

const agents: Record<TherapyAgent, string> = {
  rituximab: 'Rituximab',
  inebilizumab: 'Inebilizumab',
  ocrelizumab: 'Ocrelizumab',
  ofatumumab: 'Ofatumumab',
  eculizumab: 'Eculizumab',
  ravulizumab: 'Ravulizumab',
  satralizumab: 'Satralizumab',
  tocilizumab: 'Tocilizumab',
  azathioprine: 'Azathioprine',
  mycophenolate: 'Mycophenolate',
  methotrexate: 'Methotrexate',
  oral_prednisone: 'Oral prednisone (maintenance)',
  ivig_maintenance: 'Intravenous immunoglobulin (maintenance)',
  interferon_beta: 'Interferon beta',
  natalizumab: 'Natalizumab',
  fingolimod: 'Fingolimod',
  glatiramer: 'Glatiramer acetate',
  dimethyl_fumarate: 'Dimethyl fumarate',
  alemtuzumab: 'Alemtuzumab',
  teriflunomide: 'Teriflunomide',
  siponimod: 'Siponimod',
  ozanimod: 'Ozanimod',
  ponesimod: 'Ponesimod',
  ahsct: 'Autologous haematopoietic stem cell transplantation',
  other: 'Other maintenance therapy',
};

const acuteTreatments: Record<AcuteTreatmentType, string> = {
  ivmp: 'Intravenous methylprednisolone (attack treatment)',
  plex: 'Plasma exchange (attack treatment)',
  ivig: 'Intravenous immunoglobulin (attack treatment)',
  oral_steroid_taper: 'Oral corticosteroid taper (attack treatment)',
};

const schedules: Record<TherapySchedule, string> = {
  once: 'Once',
  daily: 'Once daily',
  twice_daily: 'Twice daily',
  weekly: 'Weekly',
  every_2_weeks: 'Every 2 weeks',
  every_4_weeks: 'Every 4 weeks',
  every_8_weeks: 'Every 8 weeks',
  every_6_months: 'Every 6 months',
  as_needed: 'As needed (e.g. guided by CD19 counts)',
  other: 'Other schedule',
};

const stopReasons: Record<TherapyStopReason, string> = {
  inefficacy: 'Stopped for inefficacy (breakthrough disease)',
  adverse_event: 'Stopped for an adverse event',
  patient_choice: "Stopped by the patient's choice",
  pregnancy: 'Stopped for pregnancy',
  switch: 'Stopped to switch therapy',
  completed: 'Course completed',
  other: 'Stopped for another reason',
};

const vaccines: Record<Vaccine, string> = {
  menacwy: 'Meningococcal ACWY conjugate vaccine',
  menb: 'Meningococcal B vaccine',
  menabcwy: 'Meningococcal ABCWY (pentavalent) vaccine',
  hepatitis_b: 'Hepatitis B vaccine',
  influenza: 'Influenza vaccine',
  pneumococcal: 'Pneumococcal vaccine',
  varicella_zoster: 'Varicella zoster vaccine',
  covid19: 'COVID-19 vaccine',
  other: 'Other vaccine',
};

const vaccineProducts: Record<VaccineProduct, string> = {
  menveo: 'Menveo (MenACWY-CRM)',
  menquadfi: 'MenQuadfi (MenACWY-TT)',
  nimenrix: 'Nimenrix (MenACWY-TT)',
  menactra: 'Menactra (MenACWY-D)',
  bexsero: 'Bexsero (MenB-4C)',
  trumenba: 'Trumenba (MenB-FHbp)',
  penbraya: 'Penbraya (MenABCWY)',
  penmenvy: 'Penmenvy (MenABCWY)',
  other: 'Other product',
};

const pregnancyOutcomes: Record<PregnancyOutcome, string> = {
  live_birth: 'Live birth',
  stillbirth: 'Stillbirth',
  miscarriage: 'Miscarriage',
  termination: 'Termination of pregnancy',
  ectopic: 'Ectopic pregnancy',
  unknown: 'Outcome unknown',
};

const prophylaxisAgents: Record<ProphylaxisAgent, string> = {
  penicillin_v: 'Penicillin V',
  amoxicillin: 'Amoxicillin',
  ciprofloxacin: 'Ciprofloxacin',
  azithromycin: 'Azithromycin',
  erythromycin: 'Erythromycin',
  rifampicin: 'Rifampicin',
  isoniazid: 'Isoniazid',
  entecavir: 'Entecavir',
  tenofovir: 'Tenofovir',
  lamivudine: 'Lamivudine',
  trimethoprim_sulfamethoxazole: 'Trimethoprim-sulfamethoxazole',
  other: 'Other prophylactic agent',
};

const prophylaxisIndications: Record<ProphylaxisIndication, string> = {
  meningococcal: 'Prophylaxis of meningococcal infection',
  hepatitis_b: 'Prophylaxis of hepatitis B reactivation',
  tuberculosis: 'Treatment of latent tuberculosis',
  pneumocystis: 'Prophylaxis of Pneumocystis pneumonia',
  other: 'Other prophylaxis',
};

const referralSpecialties: Record<ReferralSpecialty, string> = {
  hepatology: 'Referral to hepatology',
  infectious_diseases: 'Referral to infectious diseases',
  obstetrics: 'Referral to obstetrics',
  ophthalmology: 'Referral to ophthalmology',
  other: 'Referral to another specialty',
};

const comorbidities: Record<ComorbidityCode, string> = {
  antiphospholipid_antibodies: 'Antiphospholipid antibodies',
  systemic_lupus_erythematosus: 'Systemic lupus erythematosus',
  sjogren_syndrome: 'Sjögren syndrome',
  myasthenia_gravis: 'Myasthenia gravis',
  autoimmune_thyroid_disease: 'Autoimmune thyroid disease',
  other_autoimmune_disease: 'Other autoimmune disease',
};

const diagnoses: Record<Diagnosis, string> = {
  nmosd_aqp4_positive: 'AQP4-IgG-positive NMOSD',
  nmosd_seronegative: 'Seronegative NMOSD',
  mogad: 'MOG antibody-associated disease (MOGAD)',
  other_or_uncertain: 'Other or uncertain diagnosis',
};

export const LOCAL_CODES = {
  ...group('diagnosis', diagnoses),
  edss: 'Kurtzke Expanded Disability Status Scale score',
  ...group('fs', {
    visual: 'EDSS functional system: visual',
    brainstem: 'EDSS functional system: brainstem',
    pyramidal: 'EDSS functional system: pyramidal',
    cerebellar: 'EDSS functional system: cerebellar',
    sensory: 'EDSS functional system: sensory',
    bowel_bladder: 'EDSS functional system: bowel and bladder',
    cerebral: 'EDSS functional system: cerebral',
    ambulation: 'EDSS ambulation score',
  }),
  ...group('antibody', {
    aqp4_igg: 'Aquaporin-4 IgG',
    mog_igg: 'Myelin oligodendrocyte glycoprotein IgG',
    titer: 'Antibody titer (1 : reciprocal dilution)',
  }),
  ...group('serostatus', {
    aqp4_igg: 'AQP4-IgG serostatus (clinic summary)',
    mog_igg: 'MOG-IgG serostatus (clinic summary)',
  }),
  ...group('assay', assays),
  ...group('result', results),
  ...group('mri', {
    exam: 'MRI findings',
    new_t2_lesions: 'New T2 lesions (count)',
    gadolinium: 'Gadolinium-enhancing lesion present',
    extensive_segments: 'Vertebral segments of the longest lesion',
  }),
  ...group('region', regions),
  ...group('visual', {
    logmar: 'Visual acuity (logMAR)',
    field_md: 'Visual field mean deviation',
    rnfl: 'OCT retinal nerve fibre layer thickness',
    gcipl: 'OCT ganglion cell-inner plexiform layer thickness',
    vep_latency: 'VEP P100 latency',
    vep_amplitude: 'VEP P100 amplitude',
    funduscopy: 'Funduscopy note',
  }),
  ...group('eye', { OD: 'Right eye', OS: 'Left eye' }),
  nmosd_attack: 'NMOSD attack (relapse)',
  ...group('phenotype', phenotypes),
  ...group('lab', labs),
  ...group('agent', agents),
  ...group('acute', acuteTreatments),
  ...group('schedule', schedules),
  ...group('stop_reason', stopReasons),
  ...group('vaccine', vaccines),
  ...group('vaccine_product', vaccineProducts),
  ...group('pregnancy', {
    course: 'Pregnancy',
    expected_end: 'Expected end of pregnancy (due date)',
    breastfeeding_until: 'Breastfeeding until',
  }),
  ...group('pregnancy_outcome', pregnancyOutcomes),
  ...group('prophylaxis_agent', prophylaxisAgents),
  ...group('indication', prophylaxisIndications),
  ...group('referral', referralSpecialties),
  ...group('comorbidity', comorbidities),
};

export type LocalCode = keyof typeof LOCAL_CODES;
