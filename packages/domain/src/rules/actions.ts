import type { Flag, FlagCode } from './types.ts';

/**
 * What to do about an open flag, in one line, for the worklist. The message says what happened and
 * why; this says the next step. Resolved and expired flags need none.
 */
export const FLAG_ACTIONS: Record<FlagCode, string> = {
  BREAKTHROUGH_RELAPSE:
    'Check adherence and dosing, then switch: on a biologic to another mechanism (e.g. anti-CD20 to a complement or IL-6 receptor inhibitor); on azathioprine, mycophenolate, methotrexate or prednisone to rituximab or an approved biologic.',
  EARLY_RELAPSE_ON_THERAPY: 'Treat the attack; the therapy may not have taken effect yet, so keep it and review.',
  RELAPSE_ON_LAPSED_DOSING:
    'Treat the attack and redose now (the overdue dose); for a B-cell therapy tighten B-cell monitoring (CD19, memory B cells). Do not switch drug for this attack alone.',
  ACUTE_TREATMENT_DELAYED:
    'Review the response to the late treatment; escalate to plasma exchange if it is inadequate.',
  UNTREATED_RELAPSE:
    'Start IV methylprednisolone (add plasma exchange if severe) now, or record the treatment given; an oral taper alone is not attack treatment.',
  SEVERE_ATTACK_WITHOUT_PLEX: 'Consider plasma exchange now, or record it if it was given.',
  IVMP_COURSE_SHORT: 'Complete the IVMP course (1000 mg/day for 3-5 days) or escalate to plasma exchange.',
  PLEX_COURSE_SHORT: 'Complete the plasma-exchange course (5-7 exchanges), or record the sessions given.',
  PLEX_DELAYED:
    'Review the response to the late plasma exchange and complete the course; start PLEX earlier in severe attacks.',
  MS_DISEASE_MODIFYING_DRUG: 'Stop the MS drug and start an NMOSD maintenance therapy.',
  NO_MAINTENANCE_THERAPY:
    'Start maintenance therapy (rituximab; an approved biologic in AQP4-positive NMOSD), or record the one given and the diagnosis.',
  MAINTENANCE_DISCONTINUED: 'Restart or switch maintenance therapy, or record the successor.',
  MENINGOCOCCAL_VACCINATION_MISSING:
    'Complete the MenACWY and MenB series and give meningococcal antibiotic prophylaxis until 2 weeks after it, or record them.',
  ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE: 'Give eculizumab 600 mg within 60 minutes after each plasma exchange session.',
  RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE:
    'Give the ravulizumab supplemental dose (by the most recent dose) within 4 hours after each plasma exchange session.',
  MENINGOCOCCAL_BOOSTER_DUE: 'Give the meningococcal booster (MenACWY and/or MenB, same MenB product), or record it.',
  RAVULIZUMAB_WEIGHT_BAND_MISMATCH:
    'Weigh the patient and give the next ravulizumab dose for the weight band, or correct the recorded dose or weight.',
  RITUXIMAB_REDOSING_DUE: 'Schedule the next rituximab infusion, or record a recent B-cell count showing depletion.',
  HBV_SCREENING_MISSING: 'Test HBsAg and anti-HBc, or record the results.',
  LOW_IGG: 'Review infections and the B-cell therapy; consider immunoglobulin replacement.',
  EDSS_OVERDUE: 'Record an EDSS at the next visit.',
  MRI_OVERDUE: 'Order an MRI, or record the one done.',
  VISUAL_EXAM_OVERDUE: 'Arrange a visual exam (acuity, fields, OCT), or record the one done.',
  AQP4_RETEST_DUE: 'Test (or retest) AQP4-IgG with a cell-based assay, or record the result.',
  LAB_MONITORING_OVERDUE: 'Order the blood count or liver tests the therapy needs, or record them.',
  CONFIRMED_EDSS_WORSENING: 'Review the course and the maintenance therapy.',
  LONGITUDINALLY_EXTENSIVE_LESION: 'Review the diagnosis and the MRI (a lesion of 3 or more segments).',
  ANTIPHOSPHOLIPID_ANTIBODIES: 'Check for thrombotic myelopathy; add anticoagulation if present.',
  AHSCT_OUTSIDE_TRIAL: 'Confirm AHSCT was given within a trial or as rescue after every approved biologic failed.',
  THERAPY_OUTSIDE_INDICATION:
    'Review the off-label use (approved for AQP4-positive NMOSD only), or record the diagnosis or AQP4 result.',
  MAINTENANCE_DOSE_OVERDUE: 'Give the overdue dose or book it (record the planned date), or record the dose given.',
  BRIDGING_STEROID_STOPPED_EARLY:
    'Restart the oral steroid and taper it only once azathioprine or mycophenolate has had time to act (3-6 months), or record the restart.',
  TERATOGENIC_THERAPY_IN_PREGNANCY:
    'Stop the teratogenic drug now, switch to a therapy compatible with pregnancy (azathioprine, prednisone or IVIG), refer to obstetrics and report the exposure to the pregnancy registry.',
  POSTPARTUM_HIGH_RISK_WINDOW:
    'Keep or restart maintenance therapy now (a breastfeeding-compatible agent), see the patient monthly and act at once on new symptoms.',
  HBV_POSITIVE_WITHOUT_PROPHYLAXIS:
    'Refer to hepatology and start antiviral prophylaxis (entecavir or tenofovir) before or with the therapy, or record them.',
  TB_SCREENING_MISSING: 'Test for latent tuberculosis (IGRA or tuberculin skin test), or record the result.',
  TB_POSITIVE_WITHOUT_TREATMENT:
    'Exclude active tuberculosis and treat latent infection (or refer to infectious diseases) before continuing, or record it.',
  AZATHIOPRINE_CONTRAINDICATED:
    'Stop azathioprine and switch to a non-thiopurine therapy (TPMT or NUDT15 deficiency: life-threatening myelosuppression).',
  AZATHIOPRINE_DOSE_HIGH:
    'Check the dose against the current weight and the TPMT/NUDT15 result; reduce it, or record the dose or weight.',
};

/** The next step for a flag, or null when it is resolved or expired. */
export const flagAction = (flag: Pick<Flag, 'code' | 'status'>): string | null =>
  flag.status === 'open' ? FLAG_ACTIONS[flag.code] : null;
