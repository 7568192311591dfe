/**
 * What each rule rests on. The project's source document is ../shared/reference/nmosd-guideline.md
 * (cited by section); numbers not in it come from ../shared/reference/clinical-research.md (cited by
 * publication). A flag's `source` is one of these strings, shown to the clinician as the "why".
 */
export const SOURCES = {
  acuteTreatment:
    'NMOSD guideline, Acute Attack Management: IVMP 1000 mg/day for 3-5 days immediately; delay beyond 2 weeks is associated with poorer outcomes',
  plexSevere:
    'NMOSD guideline, Second-Line Acute Treatment: add plasma exchange early if the presentation is severe or the response to steroids inadequate',
  plexDelay:
    'Bonnan et al., J Neurol Neurosurg Psychiatry 2018: complete improvement fell from 50% with PLEX at day 0 to 1-5% after day 20',
  untreatedAttack:
    'Start attack therapy (high-dose IV methylprednisolone, apheresis if severe) as early as possible (Kümpfel et al., NEMOS recommendations Part II, J Neurol 2024;271:141-176, doi:10.1007/s00415-023-11910-z); onset to IVMP of 4 days or less was the best cut-off for visual recovery in AQP4-IgG and MOG-IgG optic neuritis, and IVMP after day 7 gave an OR of 10 for failing to regain 20/30 (Stiebel-Kalish et al., Neurol Neuroimmunol Neuroinflamm 2019;6:e572, PMID 31355308)',
  plexCourse:
    'Plasma exchange for an NMOSD attack: 5-7 exchanges every other day (ASFA guidelines, Padmanabhan et al., J Clin Apher 2019;34:171-354, doi:10.1002/jca.21705); 7 exchanges in the sham-controlled trial of Weinshenker et al., Ann Neurol 1999;46:878-886 (PMID 10589540)',
  ivmpDelay:
    'Stiebel-Kalish et al., Neurol Neuroimmunol Neuroinflamm 2019: IVMP more than 7 days after optic neuritis onset, OR 10 for failure to regain 20/30',
  breakthrough:
    'NMOSD guideline, Rituximab: 25-66% of patients still have breakthrough relapses; refractory or intolerant patients switch to approved biologics',
  earlyRelapse:
    'Attacks within the first month after rituximab "did not necessarily mean that RTX was ineffective" (clinical-research.md 2.2); onset-of-effect windows per agent are clinic settings',
  msDrugs:
    'NMOSD guideline, Critical Pitfalls: never use MS disease-modifying therapies (interferon-beta, natalizumab, fingolimod); glatiramer acetate is ineffective in NMOSD (Curr Treat Options Neurol 2015; LOINC 68548-7 note)',
  maintenance:
    'NMOSD guideline, Treatment Algorithm: initiate maintenance therapy (rituximab preferred) after an attack; AQP4-positive NMOSD is a relapsing disease requiring indefinite immunosuppression',
  discontinuation:
    'NMOSD guideline, Critical Pitfalls: do not discontinue maintenance immunotherapy prematurely; relapses occur in 50-60% of patients during steroid reduction',
  meningococcal:
    'NMOSD guideline, Eculizumab: complete meningococcal vaccination (A, C, W, Y and B) at least 2 weeks before the first dose (SOLIRIS/ULTOMIRIS labels, REMS)',
  eculizumabPlex:
    'NMOSD guideline, Supplemental Dosing During Plasmapheresis: on eculizumab, give 600 mg within 60 minutes after each plasma exchange session',
  rituximabRedosing:
    'CD19-guided rituximab protocol (Neurol Res Int 2012): redose when CD19/20 > 0.1% of lymphocytes, and by 6 months after the last dose unless a recent count shows continued depletion; memory B cells CD19+CD27+ > 0.05% (first 2 years) / > 0.1% (later)',
  hbv: 'FDA boxed warning for rituximab and ofatumumab (hepatitis B reactivation): screen HBsAg and anti-HBc before the first dose; inebilizumab label: test before infusion',
  igg: 'Hypogammaglobulinaemia on anti-CD20 therapy in 64% of a neuroinflammatory cohort with serious infections (PMC5937879); check IgG before each course',
  edssMonitoring:
    'NMOSD guideline, Monitoring Treatment Response: track EDSS at each visit; registries record EDSS every 6-12 months (Danish MS Registry)',
  mriMonitoring:
    'NMOSD guideline, Monitoring Treatment Response: obtain regular MRI monitoring (no NMOSD surveillance interval is published; clinic setting)',
  visualMonitoring:
    'NMOSD guideline, Monitoring Treatment Response: regular ophthalmological evaluations (acuity, fields, funduscopy); OCT to monitor the course (PMC5833887)',
  aqp4Retest:
    'Retest AQP4-IgG in seronegative patients who relapse and before B-cell- or antibody-targeted therapy (Labcorp 505295, clinical-research.md 2.5)',
  labMonitoring:
    'Azathioprine: TPMT first, blood count weekly x4, every 2 weeks x2, then every 1-2 months, liver tests every 3 months; mycophenolate: blood count weekly x4, monthly x6, then every 6 months, liver tests monthly x6, then every 6 months (Neurol Res Int 2012)',
  edssWorsening:
    'Confirmed disability worsening: +1.5 from EDSS 0, +1.0 from 0.5-5.0, +0.5 from 5.5, roving reference reset after each confirmed change (Kappos et al., Mult Scler 2018; msprog, Montobbio et al. 2024); in NMOSD, worsening without an attack is unusual and calls for review (progressive patterns of disability in MS and NMOSD)',
  letm: 'NMOSD guideline, Risk Factors for Poor Outcomes: extensive spinal cord lesions (3 or more vertebral segments)',
  antiphospholipid:
    'NMOSD guideline, Risk Factors and Concomitant Autoimmune Disease: antiphospholipid antibodies; consider anticoagulation if thrombotic events occur',
  ahsct:
    'NMOSD guideline, AHSCT: not recommended outside clinical trials; 81% relapsed after standard conditioning (EBMT)',
  arr: 'Annualized relapse rate = attacks / years of follow-up (CIRCLES median 0.5; NEMOS on treatment 0.60)',
} as const;
export type SourceId = keyof typeof SOURCES;
