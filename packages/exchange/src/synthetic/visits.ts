import { BACK_ENTERED_SHARE, type Course, type Day, detailedRecordsFrom, type Profile } from './model.ts';
import type { Random } from './random.ts';
import type { TimelineBuilder } from './timeline.ts';

export interface Visits {
  /** Routine clinic visits, every 6-12 months, some missed. */
  routine: Day[];
  /** Visits during an attack (at the nadir) and about three months later (recovery). */
  attack: Day[];
  /** No routine follow-up after this day (the patient drifted out of follow-up). */
  cutoff: Day;
}

/** What the writers of visit records (EDSS, MRI, visual exams) read, and the timeline they write to. */
export interface VisitRecords {
  profile: Profile;
  course: Course;
  visits: Visits;
  timeline: TimelineBuilder;
}

export function planVisits(random: Random, profile: Profile, course: Course): Visits {
  const plan = profile.monitoring;
  const cutoff = profile.asOf - plan.visitLapseDays;
  // A patient first treated as MS is followed in the clinic before the NMOSD diagnosis.
  const first =
    profile.care.msDrug !== null ? profile.onset + random.int(14, 60) : profile.diagnosis + random.int(0, 21);
  const onsets = course.attacks.map((a) => a.onset);
  const detailedFrom = detailedRecordsFrom(profile.asOf);
  const routine: Day[] = [];
  for (let day = first; day <= cutoff; ) {
    const onFile = day >= detailedFrom ? 0.92 : BACK_ENTERED_SHARE;
    const seen = day === first || random.chance(onFile);
    if (seen) routine.push(day);
    // A missed recent visit is rebooked within weeks (the clinic is looked after).
    if (!seen && day >= detailedFrom) {
      day += random.int(30, 75);
      continue;
    }
    // Active disease (an attack in the last two years, or worsening without one) is seen every
    // 6-12 months, stable disease yearly.
    const active = plan.silentProgression || onsets.some((onset) => onset <= day && day - onset < 730);
    const interval = active ? plan.visitIntervalDays : Math.max(plan.visitIntervalDays, random.int(300, 345));
    day += Math.round(interval * random.between(0.9, 1.05));
  }
  const attack: Day[] = [];
  for (const { onset } of course.attacks) {
    const nadir = onset + random.int(0, 10);
    const recovery = onset + random.int(80, 130);
    if (random.chance(0.5) && nadir <= cutoff) attack.push(nadir);
    if (random.chance(0.6) && recovery <= cutoff) attack.push(recovery);
  }
  return { routine, attack, cutoff };
}
