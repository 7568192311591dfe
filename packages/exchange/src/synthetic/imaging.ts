import type { MriEvent, MriRegion, RelapsePhenotype } from '@nmo/domain';
import type { Profile } from './model.ts';
import type { Random } from './random.ts';
import { dateOf } from './timeline.ts';
import type { VisitRecords } from './visits.ts';

const REGION_OF: Record<RelapsePhenotype, MriRegion> = {
  optic_neuritis: 'optic_nerve',
  transverse_myelitis: 'spinal_cord',
  area_postrema: 'area_postrema',
  brainstem: 'brainstem',
  diencephalic: 'brain',
  cerebral: 'brain',
};

/**
 * MRI at attacks (most within days; some attacks with none within 30 days, which the rules flag)
 * and sporadic surveillance scans: no NMOSD surveillance interval is published, so some patients have none at all.
 */
export function writeMri(random: Random, { profile, course, visits, timeline }: VisitRecords): void {
  course.attacks.forEach((attack, index) => {
    if (!random.chance(profile.monitoring.mriAtAttack)) return;
    const day =
      attack.onset +
      random.weighted([
        [random.int(0, 3), 60],
        [random.int(4, 14), 30],
        [random.int(15, 30), 10],
      ] as const);
    const region = REGION_OF[attack.phenotype];
    const lesions = attack.phenotype === 'cerebral' ? random.int(1, 6) : random.chance(0.8) ? 1 : 2;
    const event: MriEvent = {
      type: 'mri',
      date: dateOf(day),
      region,
      newT2Lesions: lesions,
      gadolinium: random.chance(gadoliniumRate(attack.phenotype)),
      ...(region === 'spinal_cord' ? { extensiveSegments: myelitisSegments(random, profile) } : {}),
    };
    timeline.add(day, event);
    // The first presentation is imaged more widely: brain, and the cord after optic neuritis.
    if (index === 0 && region !== 'brain' && random.chance(0.9)) {
      const brain: MriEvent = {
        type: 'mri',
        date: dateOf(day),
        region: 'brain',
        newT2Lesions: random.weighted([
          [0, 50],
          [1, 25],
          [2, 15],
          [3, 10],
        ] as const),
        gadolinium: false,
      };
      timeline.add(day, brain);
    }
  });

  const years = profile.monitoring.surveillanceMriYears;
  if (years === null) return;
  const interval = Math.round(years * 365);
  for (
    let day = profile.diagnosis + 365 + random.int(0, 180);
    day <= visits.cutoff;
    day += interval + random.int(-30, 30)
  ) {
    const region = random.weighted([
      ['brain', 50],
      ['spinal_cord', 35],
      ['optic_nerve', 15],
    ] as const);
    const silentLesion = random.chance(0.07);
    const event: MriEvent = {
      type: 'mri',
      date: dateOf(day),
      region,
      newT2Lesions: silentLesion ? 1 : 0,
      gadolinium: silentLesion && random.chance(0.3),
    };
    timeline.add(day, event);
  }
}

function gadoliniumRate(phenotype: RelapsePhenotype): number {
  return {
    transverse_myelitis: 0.8,
    optic_neuritis: 0.85,
    area_postrema: 0.4,
    brainstem: 0.5,
    diencephalic: 0.5,
    cerebral: 0.6,
  }[phenotype];
}

/**
 * Myelitis lesion length in vertebral segments: longitudinally extensive (≥3) in most AQP4-IgG
 * myelitis, less often in MOGAD and seronegative NMOSD (IPND 2015: LETM ≥3 contiguous segments).
 */
function myelitisSegments(random: Random, profile: Profile): number {
  const letm = profile.aqp4 === 'positive' ? 0.85 : profile.mog === 'positive' ? 0.65 : 0.7;
  if (!random.chance(letm)) return random.int(1, 2);
  return Math.min(17, 3 + Math.floor(random.exponential(0.4)));
}
