import type { ComorbidityCode, TherapyAgent } from '@nmo/domain';
import { DAYS_PER_YEAR, type Profile } from './model.ts';
import type { Random } from './random.ts';

/**
 * Situations the demo must show at least once (each makes the rules engine raise a flag) that are
 * too rare to count on by chance in a few hundred patients. Common ones (breakthrough attacks,
 * late or missing acute treatment, overdue monitoring, LETM, re-dosing due…) arise naturally.
 */
export const SHOWCASES = [
  'plex_on_eculizumab',
  'complement_without_vaccination',
  'ahsct',
  'ms_drug_in_use',
  'aqp4_positive_untreated',
  'stopped_without_successor',
  'low_igg_on_rituximab',
  'edss_worsening_without_relapse',
  'antiphospholipid_antibodies',
  'tpmt_missing',
  'hbv_screening_missing',
  'seronegative_attack_without_retest',
  'satralizumab_in_mogad',
  'relapse_on_lapsed_dosing',
  'maintenance_dose_overdue',
  'mycophenolate_in_pregnancy',
  'plex_on_ravulizumab',
  'meningococcal_booster_missed',
  'ravulizumab_wrong_weight_band',
  'azathioprine_despite_tpmt_deficiency',
  'satralizumab_positive_screening_untreated',
] as const;
export type Showcase = (typeof SHOWCASES)[number];

/** Every 10th patient from the 8th on, until each showcase has one: up to 29 of them within 300 patients. */
const SPACING = 10;
const OFFSET = 7;

export function showcaseOf(index: number): Showcase | null {
  if (index % SPACING !== OFFSET) return null;
  return SHOWCASES[(index - OFFSET) / SPACING] ?? null;
}

/** Rewrites the drawn plan (in place) so that the patient shows the situation. */
export function applyShowcase(profile: Profile, showcase: Showcase, random: Random): void {
  const { care, monitoring } = profile;
  const treatWith = (agent: TherapyAgent) => {
    care.neverTreated = false;
    care.randomStops = false;
    care.msDrug = null;
    care.msDrugKept = false;
    care.firstAgent = agent;
  };
  // Double AQP4/MOG positivity is exceptional: a showcase that needs AQP4+ drops a drawn MOG+.
  const aqp4Positive = () => {
    profile.aqp4 = 'positive';
    if (profile.mog === 'positive') profile.mog = 'negative';
  };
  switch (showcase) {
    case 'plex_on_eculizumab':
    case 'plex_on_ravulizumab':
      // A severe myelitis treated with plasma exchange while on the complement inhibitor (supplemental dose due).
      aqp4Positive();
      treatWith(showcase === 'plex_on_eculizumab' ? 'eculizumab' : 'ravulizumab');
      monitoring.meningococcal = 'timely';
      care.switchProbability = 0;
      care.forcedAttacks.push({
        anchor: 'therapy',
        therapyOrdinal: 0,
        afterDays: random.int(200, 500),
        phenotype: 'transverse_myelitis',
        severity: 'severe',
        plex: true,
      });
      break;
    case 'meningococcal_booster_missed':
    case 'ravulizumab_wrong_weight_band':
      // Vaccinated in time, then no booster on eculizumab, or ravulizumab dosed for 60 to < 100 kg at 104 kg or more.
      aqp4Positive();
      treatWith(showcase === 'meningococcal_booster_missed' ? 'eculizumab' : 'ravulizumab');
      monitoring.meningococcal = 'timely';
      monitoring.meningococcalBoostersMissed = showcase === 'meningococcal_booster_missed';
      monitoring.ravulizumabWrongBand = showcase === 'ravulizumab_wrong_weight_band';
      care.switchProbability = 0;
      break;
    case 'complement_without_vaccination':
      aqp4Positive();
      treatWith(random.pick(['eculizumab', 'ravulizumab'] as const));
      monitoring.meningococcal = 'missing';
      break;
    case 'ahsct':
      aqp4Positive();
      treatWith('rituximab');
      care.switchProbability = 1;
      care.ahsctAfterFailures = 2;
      care.forcedAttacks.push(
        { anchor: 'therapy', therapyOrdinal: 0, afterDays: random.int(250, 400), severity: 'severe' },
        { anchor: 'therapy', therapyOrdinal: 1, afterDays: random.int(200, 350), severity: 'moderate' },
      );
      break;
    case 'ms_drug_in_use':
      care.neverTreated = false;
      care.msDrug = 'interferon_beta';
      care.msDrugKept = true;
      care.randomStops = false;
      care.switchProbability = 0;
      break;
    case 'aqp4_positive_untreated':
      aqp4Positive();
      care.neverTreated = true;
      care.msDrug = null;
      break;
    case 'stopped_without_successor':
      treatWith(random.pick(['azathioprine', 'mycophenolate'] as const));
      care.switchProbability = 0;
      care.forcedStopAfterDays = random.int(300, 700);
      break;
    case 'low_igg_on_rituximab':
      treatWith('rituximab');
      care.switchProbability = 0;
      monitoring.iggBaseline = random.int(700, 800);
      monitoring.iggDeclinePerYear = random.int(140, 180);
      monitoring.labLapseDays = 0;
      break;
    case 'edss_worsening_without_relapse':
      monitoring.silentProgression = true;
      monitoring.visitLapseDays = 0;
      monitoring.visitIntervalDays = Math.min(monitoring.visitIntervalDays, 240);
      profile.frailty = Math.min(profile.frailty, 0.3);
      break;
    case 'antiphospholipid_antibodies':
      profile.comorbidities = withComorbidity(profile.comorbidities, 'antiphospholipid_antibodies');
      break;
    case 'tpmt_missing':
      treatWith('azathioprine');
      monitoring.tpmtTested = false;
      break;
    case 'hbv_screening_missing':
      treatWith('rituximab');
      monitoring.hbvScreening = false;
      break;
    case 'seronegative_attack_without_retest':
      profile.aqp4 = 'negative';
      profile.mog = 'negative';
      monitoring.retestSeronegative = false;
      care.forcedAttacks.push({ anchor: 'onset', therapyOrdinal: 0, afterDays: random.int(400, 700) });
      break;
    case 'satralizumab_in_mogad':
      // MOG-IgG positive, AQP4-IgG negative: MOGAD by derivation, no diagnosis recorded. Satralizumab is
      // labelled for AQP4-positive NMOSD only (THERAPY_OUTSIDE_INDICATION).
      profile.aqp4 = 'negative';
      profile.mog = 'positive';
      treatWith('satralizumab');
      care.switchProbability = 0;
      break;
    case 'relapse_on_lapsed_dosing':
      // The case: an attack long after the last rituximab infusion (the redose was missed).
      aqp4Positive();
      treatWith('rituximab');
      care.switchProbability = 0;
      monitoring.rituximabStrategy = 'fixed';
      monitoring.missedRedose = true;
      care.forcedAttacks.push({
        anchor: 'therapy',
        therapyOrdinal: 0,
        afterDays: random.int(300, 380),
        phenotype: 'transverse_myelitis',
        severity: 'moderate',
      });
      break;
    case 'maintenance_dose_overdue':
      // Monthly tocilizumab infusions (off-label, every 4 weeks as in TANGO) stopped being given 10-14
      // weeks ago while the course goes on; the first missed one is still on record as booked (a planned
      // dose whose day passed): the next dose is overdue (MAINTENANCE_DOSE_OVERDUE). More than 70 days,
      // so that the booking of the next dose after it (care.ts) would also lie in the past.
      treatWith('tocilizumab');
      care.switchProbability = 0;
      monitoring.dosesMissedDays = random.int(70, 100);
      break;
    case 'mycophenolate_in_pregnancy':
      // A woman of about 32 whose pregnancy went unnoticed on mycophenolate (TERATOGENIC_THERAPY_IN_PREGNANCY).
      profile.sex = 'female';
      profile.birth = profile.asOf - Math.round(34 * DAYS_PER_YEAR);
      treatWith('mycophenolate');
      care.switchProbability = 0;
      care.pregnancyOnTherapy = true;
      break;
    case 'azathioprine_despite_tpmt_deficiency':
      // A TPMT-deficient patient of 45 kg on azathioprine 150 mg/day (3.3 mg/kg/day).
      treatWith('azathioprine');
      care.switchProbability = 0;
      monitoring.tpmtTested = true;
      monitoring.tpmtIntermediate = false;
      monitoring.tpmtDeficientAtKg = 45;
      break;
    case 'satralizumab_positive_screening_untreated':
      // Anti-HBc positive before satralizumab and an IGRA positive after its first dose, neither followed
      // up: HBV_POSITIVE_WITHOUT_PROPHYLAXIS, TB_POSITIVE_WITHOUT_TREATMENT and (late) TB_SCREENING_MISSING.
      aqp4Positive();
      treatWith('satralizumab');
      care.switchProbability = 0;
      monitoring.hbvScreening = true;
      monitoring.untreatedPositiveScreening = true;
      break;
  }
}

function withComorbidity(list: ComorbidityCode[], code: ComorbidityCode): ComorbidityCode[] {
  return list.includes(code) ? list : [...list, code].sort();
}
