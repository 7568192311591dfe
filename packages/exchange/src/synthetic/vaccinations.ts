import { toDayNumber, type VaccinationEvent, type Vaccine } from '@nmo/domain';
import { agentProfile } from './agents.ts';
import type { Day, Profile } from './model.ts';
import type { Random } from './random.ts';
import type { TherapyRecord } from './therapy.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

const COVID_VACCINES_FROM = toDayNumber('2021-03-01');

/**
 * Meningococcal ACWY and B vaccination "at least 2 weeks prior" to the first complement-inhibitor
 * dose (Ultomiris/Soliris label, §2.9) for most, late or missing for a few; pneumococcal before
 * B-cell depletion for some; seasonal influenza and COVID-19 for some.
 */
export function writeVaccinations(
  random: Random,
  profile: Profile,
  therapies: TherapyRecord[],
  timeline: TimelineBuilder,
): void {
  const add = (day: Day, vaccine: Vaccine) => {
    const event: VaccinationEvent = { type: 'vaccination', date: dateOf(day), vaccine };
    timeline.add(day, event);
  };

  const complement = therapies.find((t) => agentProfile(t.episode.agent).class === 'complement');
  if (complement !== undefined) {
    const firstDose = complement.episode.start;
    const timing = profile.monitoring.meningococcal;
    if (timing === 'timely') {
      const day = firstDose - random.int(14, 60);
      add(day, 'menacwy');
      add(day, 'menb');
      add(day + random.int(30, 60), 'menb'); // MenB-4C is a two-dose series
    } else if (timing === 'late') {
      // Urgent start under antibiotic prophylaxis, vaccinated days before or after the first dose.
      const day = firstDose + random.int(-13, 30);
      add(day, 'menacwy');
      add(day, 'menb');
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
