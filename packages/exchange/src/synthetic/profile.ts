import { type ComorbidityCode, type Serostatus, type TherapyAgent, toDayNumber } from '@nmo/domain';
import { MS_DRUGS } from './agents.ts';
import { type CarePlan, DAYS_PER_YEAR, type Day, type MonitoringPlan, type Profile } from './model.ts';
import { clamp } from './numbers.ts';
import type { Random } from './random.ts';
import { applyShowcase, showcaseOf } from './showcase.ts';

const EARLIEST_BIRTH = toDayNumber('1900-01-01');

/**
 * Draws who the patient is and how they will be cared for; the course simulation then plays it out.
 * Numbers: onset typically 30-50 years, mean ~40 (CIRCLES); ~87% female; 76% AQP4-IgG positive
 * among CIRCLES cases with complete data; of the AQP4-negative, roughly a third MOG-IgG positive.
 */
export function drawProfile(random: Random, index: number, asOf: Day): Profile {
  const showcase = showcaseOf(index);
  const sex = random.chance(0.87) ? 'female' : 'male';
  const aqp4: Serostatus = random.chance(0.75) ? 'positive' : 'negative';
  const mog: Serostatus =
    aqp4 === 'negative' ? (random.chance(0.35) ? 'positive' : 'negative') : mogOfAqp4Positive(random);

  // MOGAD starts younger (median ~30) than AQP4-IgG NMOSD (~40).
  const onsetAge = mog === 'positive' ? random.truncatedNormal(31, 13, 10, 70) : random.truncatedNormal(41, 12, 10, 75);
  const followUpYears = showcase ? random.between(3.5, 8) : drawFollowUpYears(random);
  const onset = asOf - Math.round(followUpYears * DAYS_PER_YEAR);
  const birth = Math.max(EARLIEST_BIRTH, onset - Math.round(onsetAge * DAYS_PER_YEAR) - random.int(0, 364));

  const profile: Profile = {
    index,
    sex,
    birth,
    onset,
    diagnosis: onset, // set below, once the care plan is final
    asOf,
    aqp4,
    mog,
    // Gamma frailty: relapse rates vary widely between patients; MOGAD is often monophasic.
    frailty: Math.min(3, random.unitGamma(2)) * (mog === 'positive' ? 0.6 : 1),
    comorbidities: drawComorbidities(random),
    care: drawCarePlan(random, aqp4, mog),
    monitoring: drawMonitoringPlan(random),
  };
  if (showcase) {
    applyShowcase(profile, showcase, random);
    // Showcases need their therapy well inside the follow-up.
    profile.care.startDelayDays = Math.min(profile.care.startDelayDays, 90);
  }
  profile.diagnosis = Math.min(asOf, onset + diagnosisDelay(random, profile, showcase !== null));
  return profile;
}

/** Days from the first attack to the NMOSD diagnosis: weeks for AQP4+, longer when seronegative. */
function diagnosisDelay(random: Random, profile: Profile, showcase: boolean): number {
  if (profile.care.msDrug !== null) return random.int(365, 1800); // first taken for MS
  if (showcase) return random.int(14, 90);
  const delay =
    profile.aqp4 === 'positive'
      ? clamp(random.logNormal(40, 0.8), 7, 400)
      : clamp(random.logNormal(120, 0.9), 14, 1000);
  return Math.round(delay);
}

function mogOfAqp4Positive(random: Random): Serostatus {
  // MOG-IgG is not routinely tested once AQP4-IgG is positive; when tested it is negative.
  return random.chance(0.4) ? 'negative' : 'unknown';
}

/** Years from onset to the as-of date: mostly 2-20, some newly diagnosed, a few long-standing. */
function drawFollowUpYears(random: Random): number {
  const kind = random.weighted([
    ['new', 7],
    ['usual', 88],
    ['long', 5],
  ] as const);
  if (kind === 'new') return random.between(0.2, 2);
  if (kind === 'long') return random.between(20, 27);
  return 2 + 18 * random.float() ** 1.6;
}

/**
 * Comorbidity rates: 20-50% of NMOSD patients have another autoimmune disease (guideline,
 * "Concomitant Autoimmune Disease"), here ~18% so the demo cohort is not dominated by them;
 * antiphospholipid antibodies in a few per cent.
 */
function drawComorbidities(random: Random): ComorbidityCode[] {
  const rates: [ComorbidityCode, number][] = [
    ['antiphospholipid_antibodies', 0.035],
    ['autoimmune_thyroid_disease', 0.08],
    ['myasthenia_gravis', 0.015],
    ['other_autoimmune_disease', 0.02],
    ['sjogren_syndrome', 0.06],
    ['systemic_lupus_erythematosus', 0.03],
  ];
  return rates.filter(([, rate]) => random.chance(rate)).map(([code]) => code);
}

/** First maintenance agent by serostatus: rituximab first line (guideline), then AZA/MMF. */
const FIRST_AGENT_AQP4_POSITIVE: readonly (readonly [TherapyAgent, number])[] = [
  ['rituximab', 46],
  ['azathioprine', 20],
  ['mycophenolate', 15],
  ['satralizumab', 5],
  ['eculizumab', 4],
  ['inebilizumab', 4],
  ['ravulizumab', 3],
  ['tocilizumab', 1],
  ['oral_prednisone', 2],
];
const FIRST_AGENT_DOUBLE_NEGATIVE: readonly (readonly [TherapyAgent, number])[] = [
  ['rituximab', 45],
  ['mycophenolate', 25],
  ['azathioprine', 20],
  ['tocilizumab', 3],
  ['oral_prednisone', 5],
];
/** MOGAD: IVIG, MMF, AZA and low-dose steroids are used as much as rituximab. */
const FIRST_AGENT_MOG_POSITIVE: readonly (readonly [TherapyAgent, number])[] = [
  ['mycophenolate', 25],
  ['rituximab', 25],
  ['ivig_maintenance', 20],
  ['azathioprine', 15],
  ['oral_prednisone', 15],
];

export function firstAgentChoices(aqp4: Serostatus, mog: Serostatus): readonly (readonly [TherapyAgent, number])[] {
  if (aqp4 === 'positive') return FIRST_AGENT_AQP4_POSITIVE;
  return mog === 'positive' ? FIRST_AGENT_MOG_POSITIVE : FIRST_AGENT_DOUBLE_NEGATIVE;
}

function drawCarePlan(random: Random, aqp4: Serostatus, mog: Serostatus): CarePlan {
  // "Never treated" despite attacks: a few AQP4+ (a care gap), more often MOGAD after one attack.
  const neverTreated = random.chance(aqp4 === 'positive' ? 0.02 : mog === 'positive' ? 0.3 : 0.06);
  // A few per cent were first taken for MS and given an MS drug (Traub et al., Int J Mol Sci 2020).
  const msDrug = random.chance(aqp4 === 'positive' ? 0.03 : 0.06) ? random.pick(MS_DRUGS) : null;
  return {
    neverTreated,
    msDrug,
    msDrugKept: msDrug !== null && random.chance(0.15),
    firstAgent: null,
    startDelayDays: Math.round(clamp(random.logNormal(45, 0.8), 7, 365)),
    randomStops: true,
    switchProbability: null,
    forcedAttacks: [],
    forcedStopAfterDays: null,
    ahsctAfterFailures: null,
    pregnancyOnTherapy: false,
  };
}

/**
 * How the clinic follows the patient. The demo clinic is looked after (issue 15): most patients are
 * seen, scanned and tested on time and past gaps were closed, while a realistic minority carry open
 * work today (a lapse in follow-up, a skipped test, a missed surveillance MRI).
 */
function drawMonitoringPlan(random: Random): MonitoringPlan {
  const fastIggLoss = random.chance(0.03);
  return {
    // EDSS/FSS "at each visit (every 6-12 months)" (Danish MS registry practice, §2.5).
    visitIntervalDays: random.int(160, 330),
    // Some patients drift out of follow-up or skip ophthalmology: overdue monitoring flags.
    visitLapseDays: random.chance(0.04) ? random.int(400, 1100) : 0,
    visualLapseDays: random.chance(0.03) ? random.int(450, 1400) : 0,
    labLapseDays: random.chance(0.08) ? random.int(200, 700) : 0,
    mriAtAttack: random.chance(0.08) ? 0.5 : 0.95,
    // Yearly surveillance MRI for most; the clinic's setting is 365 days (no NMOSD number exists).
    surveillanceMriYears: random.chance(0.97) ? random.between(0.8, 0.92) : null,
    hbvScreening: random.chance(0.97),
    untreatedPositiveScreening: false, // a showcase only (no draw)
    tpmtTested: random.chance(0.92),
    tpmtIntermediate: random.chance(0.11), // ~10% of people carry one low-activity TPMT allele
    tpmtDeficientAtKg: null, // a showcase only (no draw)
    meningococcal: random.weighted([
      ['timely', 92],
      ['late', 4],
      ['missing', 4],
    ] as const),
    rituximabStrategy: random.chance(0.6) ? 'fixed' : 'cd19_guided',
    lateRedosing: random.chance(0.1) ? 0.3 : 0.04,
    missedRedose: false, // a showcase only (no draw, so the other patients' plans are unchanged)
    dosesMissedDays: 0, // a showcase only
    meningococcalBoostersMissed: false, // showcase only
    ravulizumabWrongBand: false, // showcase only
    memoryBCells: random.chance(0.35),
    iggBaseline: Math.round(random.truncatedNormal(1200, 170, 800, 1700)),
    // 38% develop low IgG on anti-CD20 (PMC5937879); most lose a little each year, some a lot.
    iggDeclinePerYear: fastIggLoss ? random.int(90, 160) : clamp(random.logNormal(20, 0.6), 0, 90),
    retestSeronegative: random.chance(0.85),
    influenza: random.chance(0.35),
    covid: random.chance(0.4),
    silentProgression: random.chance(0.02),
  };
}
