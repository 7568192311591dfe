import type { Eye, RelapsePhenotype, RelapseSeverity } from '@nmo/domain';
import type { AcuteTreatmentPlan, Attack, Day, ForcedAttack, Profile } from './model.ts';
import type { Random } from './random.ts';

type Weights<T> = readonly (readonly [T, number])[];

/** Optic neuritis and myelitis dominate NMOSD attacks; area postrema ~10% (IPND 2015 core features). */
const PHENOTYPES_NMOSD: Weights<RelapsePhenotype> = [
  ['optic_neuritis', 38],
  ['transverse_myelitis', 40],
  ['area_postrema', 10],
  ['brainstem', 7],
  ['diencephalic', 2],
  ['cerebral', 3],
];
/** MOGAD: more optic neuritis and ADEM-like cerebral attacks. */
const PHENOTYPES_MOG: Weights<RelapsePhenotype> = [
  ['optic_neuritis', 50],
  ['transverse_myelitis', 25],
  ['area_postrema', 3],
  ['brainstem', 8],
  ['diencephalic', 2],
  ['cerebral', 12],
];

function severityWeights(phenotype: RelapsePhenotype): Weights<RelapseSeverity> {
  if (phenotype === 'transverse_myelitis')
    return [
      ['mild', 20],
      ['moderate', 45],
      ['severe', 35],
    ];
  if (phenotype === 'optic_neuritis')
    return [
      ['mild', 25],
      ['moderate', 45],
      ['severe', 30],
    ];
  return [
    ['mild', 40],
    ['moderate', 45],
    ['severe', 15],
  ];
}

export function drawAttack(random: Random, profile: Profile, onset: Day, forced?: ForcedAttack): Attack {
  const phenotype =
    forced?.phenotype ?? random.weighted(profile.mog === 'positive' ? PHENOTYPES_MOG : PHENOTYPES_NMOSD);
  const severity = forced?.severity ?? random.weighted(severityWeights(phenotype));
  const eyes: Eye[] =
    phenotype === 'optic_neuritis'
      ? random.chance(profile.mog === 'positive' ? 0.3 : 0.1)
        ? ['OD', 'OS']
        : [random.pick(['OD', 'OS'] as const)]
      : [];
  const treatments = drawAcuteTreatments(random, onset, severity, forced?.plex === true);
  return {
    onset,
    phenotype,
    severity,
    eyes,
    treatments,
    residualEdss: residualEdss(random, profile, phenotype, severity, onset, treatments),
    acuteEdss: acuteEdss(random, phenotype, severity),
  };
}

/**
 * Acute treatment: IVMP 1000 mg/day for 3-5 days, PLEX (5-7 sessions, rarely 3) for severe or
 * steroid-refractory attacks, sometimes IVIG or an oral taper (Kümpfel et al., NEMOS 2024, "Acute Attack
 * Management"). The care gaps the rules flag are drawn at realistic low rates: no treatment
 * recorded, a start more than 14 days after onset, short or half-dose IVMP, severe without PLEX.
 */
function drawAcuteTreatments(
  random: Random,
  onset: Day,
  severity: RelapseSeverity,
  forcePlex: boolean,
): AcuteTreatmentPlan[] {
  const untreated = { mild: 0.1, moderate: 0.03, severe: 0.01 }[severity];
  if (!forcePlex && random.chance(untreated)) return [];
  // Onset to first treatment: PLEX median 7 days in Bonnan 2018; IVMP usually within days.
  const delay = random.weighted([
    [0, 8],
    [random.int(1, 3), 45],
    [random.int(4, 7), 30],
    [random.int(8, 14), 10],
    [random.int(15, 45), 7],
  ] as const);
  const start = onset + delay;
  const pattern = forcePlex
    ? 'ivmp_plex'
    : random.weighted(
        (
          {
            severe: [
              ['plex_first', 10],
              ['ivmp_plex', 55],
              ['ivmp', 35],
            ],
            moderate: [
              ['ivmp', 83],
              ['ivmp_plex', 10],
              ['ivmp_ivig', 3],
              ['oral', 4],
            ],
            mild: [
              ['ivmp', 80],
              ['oral', 20],
            ],
          } as const
        )[severity],
      );
  if (pattern === 'oral') return [oralTaper(random, start)];
  if (pattern === 'plex_first') {
    const plex = plasmaExchange(random, start);
    const sessions = plex.sessions ?? 5;
    // PLEX every other day, then IVMP for some.
    return random.chance(0.5) ? [plex, ivmp(random, start + 2 * sessions)] : [plex];
  }
  const steroids = ivmp(random, start);
  const afterSteroids = start + (steroids.days ?? 5);
  const treatments = [steroids];
  if (pattern === 'ivmp_plex') treatments.push(plasmaExchange(random, afterSteroids + random.int(0, 7)));
  if (pattern === 'ivmp_ivig') treatments.push({ type: 'ivig', start: afterSteroids + random.int(0, 5), days: 5 });
  if (random.chance(0.35)) treatments.push(oralTaper(random, afterSteroids));
  return treatments;
}

function ivmp(random: Random, start: Day): AcuteTreatmentPlan {
  const days = random.weighted([
    [5, 62],
    [3, 28],
    [4, 5],
    [2, 3],
    [1, 2],
  ] as const);
  return { type: 'ivmp', start, days, dailyDoseMg: random.chance(0.05) ? 500 : 1000 };
}

function plasmaExchange(random: Random, start: Day): AcuteTreatmentPlan {
  // 5-7 exchanges (ASFA 2019); now and then a course stopped after 3 (PLEX_COURSE_SHORT).
  const sessions = random.weighted([
    [5, 45],
    [6, 20],
    [7, 31],
    [3, 4],
  ] as const);
  return { type: 'plex', start, sessions };
}

function oralTaper(random: Random, start: Day): AcuteTreatmentPlan {
  return { type: 'oral_steroid_taper', start, days: random.int(14, 60), dailyDoseMg: random.pick([40, 50, 60]) };
}

/**
 * NMOSD disability accrues stepwise with attacks; progression without attacks is rare
 * (Kümpfel et al., NEMOS 2024, "almost exclusively seen after clinical attacks"). Severe attacks
 * leave 0.5-2 EDSS points; optic neuritis counts less (through the visual functional system); late or no
 * treatment and severe attacks without PLEX recover worse (Bonnan 2018; Stiebel-Kalish 2019).
 */
function residualEdss(
  random: Random,
  profile: Profile,
  phenotype: RelapsePhenotype,
  severity: RelapseSeverity,
  onset: Day,
  treatments: AcuteTreatmentPlan[],
): number {
  const base = random.weighted(
    (
      {
        mild: [
          [0, 35],
          [0.5, 45],
          [1, 20],
        ],
        moderate: [
          [0.5, 20],
          [1, 40],
          [1.5, 30],
          [2, 10],
        ],
        severe: [
          [0.5, 10],
          [1, 25],
          [1.5, 30],
          [2, 35],
        ],
      } as const
    )[severity],
  );
  const weight = {
    optic_neuritis: 0.7,
    area_postrema: 0.3,
    brainstem: 0.8,
    transverse_myelitis: 1,
    cerebral: 0.8,
    diencephalic: 0.8,
  }[phenotype];
  const firstStart = Math.min(...treatments.map((t) => t.start));
  const lateOrNone = treatments.length === 0 || firstStart - onset > 14;
  const severeWithoutPlex = severity === 'severe' && !treatments.some((t) => t.type === 'plex');
  const recovery = profile.mog === 'positive' ? -0.5 : 0; // MOGAD recovers better
  const points = base * weight + (lateOrNone ? 0.5 : 0) + (severeWithoutPlex ? 0.5 : 0) + recovery;
  return Math.max(0, Math.round(points * 2) / 2);
}

function acuteEdss(random: Random, phenotype: RelapsePhenotype, severity: RelapseSeverity): number {
  const nadir = random.pick(
    (
      {
        mild: [0.5, 1],
        moderate: [1, 1.5, 2],
        severe: [2, 2.5, 3, 3.5, 4],
      } as const
    )[severity],
  );
  return phenotype === 'optic_neuritis' || phenotype === 'area_postrema' ? nadir / 2 : nadir;
}
