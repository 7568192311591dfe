import { type AntibodyEvent, type AntibodyTarget, type Assay, toDayNumber } from '@nmo/domain';
import type { Course, Day, Profile } from './model.ts';
import type { Random } from './random.ts';
import type { TherapyRecord } from './therapy.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

/** NMO-IgG was described in 2004-2005 (Lennon); earlier onsets were tested when it became available. */
const AQP4_ASSAY_FROM = toDayNumber('2005-06-01');
/** Cell-based MOG-IgG assays entered routine use around 2012. */
const MOG_ASSAY_FROM = toDayNumber('2012-01-01');

/**
 * AQP4-IgG (and MOG-IgG) tests: the diagnostic test between the first attack and the diagnosis,
 * mostly by cell-based assay with a titer, a few by ELISA; AQP4 retests before B-cell therapy for
 * some, and after new attacks for most seronegative patients ("retesting should be considered …
 * in patients with seronegative results who relapse", Labcorp test 505295 notes; Wingerchuk et al., IPND 2015).
 */
export function writeAntibodies(
  random: Random,
  profile: Profile,
  course: Course,
  therapies: TherapyRecord[],
  timeline: TimelineBuilder,
): void {
  const { onset, diagnosis, asOf } = profile;
  const drawn = onset + random.int(3, Math.max(3, diagnosis - onset));
  const firstTest = Math.min(asOf, drawn < AQP4_ASSAY_FROM ? AQP4_ASSAY_FROM + random.int(0, 600) : drawn);
  const add = (day: Day, antibody: AntibodyTarget, assay: Assay, positive: boolean, titer?: number) => {
    const event: AntibodyEvent = {
      type: 'antibody',
      date: dateOf(day),
      antibody,
      assay,
      result: positive ? 'positive' : 'negative',
      ...(titer === undefined ? {} : { titer }),
    };
    timeline.add(day, event);
  };

  const aqp4Positive = profile.aqp4 === 'positive';
  const aqp4Assay = random.weighted([
    ['cba_fixed', 50],
    ['cba_live', 35],
    ['elisa', aqp4Positive ? 12 : 0],
    ['other', 3],
  ] as const);
  const aqp4Exponent = Math.round(random.truncatedNormal(5, 2, 0, 10));
  add(firstTest, 'AQP4', aqp4Assay, aqp4Positive, aqp4Positive ? titerOf(aqp4Assay, aqp4Exponent) : undefined);

  const mogPositive = profile.mog === 'positive';
  if (profile.mog !== 'unknown') {
    const mogTest = firstTest < MOG_ASSAY_FROM ? Math.min(asOf, MOG_ASSAY_FROM + random.int(0, 600)) : firstTest;
    add(mogTest, 'MOG', 'cba_live', mogPositive, mogPositive ? titerOf('cba_live', random.int(1, 8)) : undefined);
  }

  if (aqp4Positive && random.chance(0.2)) {
    // Retest before a B-cell or antibody-targeted therapy; titers "may not be predictive of relapses".
    const targeted = therapies.find((t) => t.episode.agent !== 'azathioprine' && t.episode.agent !== 'mycophenolate');
    const day = targeted ? targeted.episode.start - random.int(7, 60) : firstTest + random.int(365, 1500);
    if (day > firstTest) add(day, 'AQP4', aqp4Assay, true, titerOf(aqp4Assay, aqp4Exponent + random.int(-2, 1)));
  }

  if (!aqp4Positive && profile.monitoring.retestSeronegative) {
    for (const attack of course.attacks) {
      if (attack.onset <= firstTest + 30 || !random.chance(0.92)) continue;
      const day = attack.onset + random.int(0, 45);
      add(day, 'AQP4', random.pick(['cba_live', 'cba_fixed'] as const), false);
      if (profile.mog !== 'unknown' && random.chance(0.5))
        add(day, 'MOG', 'cba_live', mogPositive, mogPositive ? titerOf('cba_live', random.int(0, 6)) : undefined);
    }
  }
}

/** Titers as reciprocal doubling dilutions from 1:10 (1:10 … 1:10240); ELISA reports none. */
function titerOf(assay: Assay, exponent: number): number | undefined {
  if (assay === 'elisa' || assay === 'other') return undefined;
  return 10 * 2 ** Math.min(10, Math.max(0, exponent));
}
