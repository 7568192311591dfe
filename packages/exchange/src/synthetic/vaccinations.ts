import { toDayNumber, type VaccinationEvent, type Vaccine, type VaccineProduct } from '@nmo/domain';
import { agentProfile } from './agents.ts';
import type { Day, Profile } from './model.ts';
import type { Random } from './random.ts';
import type { TherapyRecord } from './therapy.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

const COVID_VACCINES_FROM = toDayNumber('2021-03-01');

/**
 * Meningococcal vaccination for a complement inhibitor per ACIP (Mbaeyi et al., MMWR Recomm Rep 2020; MenB-4C
 * schedule, MMWR 2024): MenACWY 2 doses 8 weeks apart and MenB 3 doses at 0, 1-2 and 6 months, complete "at least
 * 2 weeks prior" to the first complement-inhibitor dose for most (SOLIRIS and ULTOMIRIS labels), started around an
 * urgent first dose for a few, missing for a few; boosters on time while the therapy runs (MenB 1 year after the
 * series then every 2 years, MenACWY every 5 years). Pneumococcal before B-cell depletion for some; seasonal
 * influenza and COVID-19 for some.
 */
export function writeVaccinations(
  random: Random,
  profile: Profile,
  therapies: TherapyRecord[],
  timeline: TimelineBuilder,
): void {
  const add = (day: Day, vaccine: Vaccine, product?: VaccineProduct) => {
    const event: VaccinationEvent = {
      type: 'vaccination',
      date: dateOf(day),
      vaccine,
      ...(product ? { product } : {}),
    };
    timeline.add(day, event);
  };

  const complement = therapies.filter((t) => agentProfile(t.episode.agent).class === 'complement');
  const first = complement[0];
  if (first !== undefined) {
    const firstDose = first.episode.start;
    // Boosters until the last complement inhibitor stops (a gap between two of them included).
    const end = Math.min(Math.max(...complement.map((t) => t.episode.stop ?? profile.asOf)), profile.asOf);
    const timing = profile.monitoring.meningococcal;
    if (timing !== 'missing') {
      // The day both series are complete: 2-8 weeks before the first dose, or (urgent start) about 6 months after.
      const complete = timing === 'timely' ? firstDose - random.int(14, 60) : firstDose + random.int(170, 200);
      // One MenB product throughout (not interchangeable); the product is not always written down.
      const recorded = (product: VaccineProduct | 'not_recorded') => (product === 'not_recorded' ? undefined : product);
      const menb = recorded(
        random.weighted([
          ['bexsero', 60],
          ['trumenba', 25],
          ['not_recorded', 15],
        ] as const),
      );
      const acwy = recorded(random.pick(['menveo', 'menquadfi', 'not_recorded'] as const));
      const menbStart = complete - random.int(183, 200);
      for (const day of [menbStart, menbStart + random.int(30, 60), complete]) if (day <= end) add(day, 'menb', menb);
      for (const day of [complete - random.int(56, 70), complete]) if (day <= end) add(day, 'menacwy', acwy);
      if (!profile.monitoring.meningococcalBoostersMissed) {
        for (let day = complete + random.int(330, 365); day <= end; day += random.int(660, 730)) add(day, 'menb', menb);
        for (let day = complete + random.int(1700, 1825); day <= end; day += random.int(1700, 1825))
          add(day, 'menacwy', acwy);
      }
    }
  }

  const bCell = therapies.find((t) => agentProfile(t.episode.agent).class === 'b_cell');
  if (bCell !== undefined && random.chance(0.25))
    add(Math.max(profile.onset + 1, bCell.episode.start - random.int(20, 60)), 'pneumococcal');

  if (profile.monitoring.influenza) {
    // Seasonal shots in some autumns of the last decade (older ones are rarely on file).
    const from = Math.max(profile.diagnosis, profile.asOf - 3650);
    const lastYear = Number(dateOf(profile.asOf).slice(0, 4));
    for (let year = Number(dateOf(from).slice(0, 4)); year <= lastYear; year++) {
      const day = toDayNumber(`${year}-10-01`) + random.int(0, 60);
      if (day >= from && random.chance(0.5)) add(day, 'influenza');
    }
  }

  if (profile.monitoring.covid) {
    const first = COVID_VACCINES_FROM + random.int(0, 150);
    add(first, 'covid19');
    add(first + random.int(21, 56), 'covid19');
    if (random.chance(0.7)) add(toDayNumber('2021-10-15') + random.int(0, 100), 'covid19');
  }
}
