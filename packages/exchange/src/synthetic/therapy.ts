import type { Administration, TherapyEvent } from '@nmo/domain';
import { agentProfile } from './agents.ts';
import type { Course, Day, Profile, TherapyEpisode } from './model.ts';
import type { Random } from './random.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

/** One course of an anti-CD20/CD19 agent until the next: what the B-cell labs are drawn from. */
export interface BCellCycle {
  /** Last infusion of the course. */
  dosed: Day;
  /** First day CD19+ cells are back above 0.1% of lymphocytes. */
  repopulation: Day;
  /** Days CD19 is measured in this cycle. */
  checks: Day[];
}

export interface TherapyRecord {
  episode: TherapyEpisode;
  /** The event written (later writers add planned doses to it). */
  event: TherapyEvent;
  /** Every dose given, for labs and vaccination timing. */
  doses: Day[];
  cycles: BCellCycle[];
}

interface Dose {
  day: Day;
  doseMg: number;
}

/** Writes each therapy episode with its recorded administrations; returns the dosing for labs. */
export function writeTherapies(
  random: Random,
  profile: Profile,
  course: Course,
  timeline: TimelineBuilder,
): TherapyRecord[] {
  return course.episodes.map((episode) => {
    const end = Math.min(episode.stop ?? profile.asOf, profile.asOf);
    const { doses, cycles, missed } = dosing(random, profile, episode, end);
    const administrations: Administration[] = [
      ...doses
        .filter((dose) => dose.day >= episode.start && dose.day <= end)
        .map((dose) => ({ date: dateOf(dose.day), doseMg: dose.doseMg })),
      // The first missed dose had been booked and was never given (showcase).
      ...(missed === undefined ? [] : [{ date: dateOf(missed.day), doseMg: missed.doseMg, planned: true }]),
    ];
    const agent = agentProfile(episode.agent);
    // Half the azathioprine dose for a known intermediate TPMT activity.
    const { tpmtTested, tpmtIntermediate } = profile.monitoring;
    const doseMg =
      episode.agent === 'azathioprine' && tpmtTested && tpmtIntermediate ? (agent.doseMg ?? 150) / 2 : agent.doseMg;
    const schedule =
      episode.agent === 'rituximab' && profile.monitoring.rituximabStrategy === 'cd19_guided'
        ? 'as_needed'
        : agent.schedule;
    // Ongoing therapies have no stopDate at all (the export omits it rather than writing null).
    const stop = episode.stop !== null && episode.stop <= profile.asOf ? episode.stop : null;
    const event: TherapyEvent = {
      type: 'therapy',
      agent: episode.agent,
      startDate: dateOf(episode.start),
      ...(stop === null ? {} : { stopDate: dateOf(stop) }),
      ...(doseMg === undefined ? {} : { doseMg }),
      schedule,
      ...(stop !== null && episode.stopReason !== undefined ? { stopReason: episode.stopReason } : {}),
      ...(administrations.length > 0 ? { administrations } : {}),
    };
    timeline.add(episode.start, event);
    return { episode, event, doses: doses.map((dose) => dose.day).filter((day) => day <= end), cycles };
  });
}

function dosing(
  random: Random,
  profile: Profile,
  episode: TherapyEpisode,
  end: Day,
): { doses: Dose[]; cycles: BCellCycle[]; missed?: Dose } {
  const start = episode.start;
  // The doses of the last days before the as-of date were missed (showcase): the course goes on.
  const { dosesMissedDays } = profile.monitoring;
  const missedFrom = dosesMissedDays > 0 && episode.stop === null ? profile.asOf - dosesMissedDays : end + 1;
  const scheduled = scheduledDoses(random, episode, end);
  switch (episode.agent) {
    case 'rituximab':
      return rituximabDosing(random, profile, start, end);
    case 'inebilizumab':
      return inebilizumabDosing(random, start, end);
    default: {
      const missed = scheduled.find((dose) => dose.day >= missedFrom);
      return {
        doses: scheduled.filter((dose) => dose.day < missedFrom),
        cycles: [],
        ...(missed === undefined ? {} : { missed }),
      };
    }
  }
}

/**
 * Every dose of an agent given on a fixed schedule, all recorded (MAINTENANCE_DOSE_OVERDUE reads them):
 * on the label's days, each maintenance dose within the label's window of its day (a day either way
 * for eculizumab's 2 days, 3 for the others' 7), so that no gap between doses exceeds interval + grace.
 */
function scheduledDoses(random: Random, episode: TherapyEpisode, end: Day): Dose[] {
  const start = episode.start;
  switch (episode.agent) {
    // Eculizumab: 900 mg weekly ×4, 1200 mg at week 5, then 1200 mg every 2 weeks (label).
    case 'eculizumab':
      return [
        ...[0, 7, 14, 21].map((d) => ({ day: start + d, doseMg: 900 })),
        ...periodic(random, start + 28, end, 14, 1200, 1),
      ];
    // Ravulizumab: weight-based loading dose, maintenance from day 15 every 8 weeks.
    case 'ravulizumab':
      return [{ day: start, doseMg: 2700 }, ...periodic(random, start + 14, end, 56, 3300, 3)];
    // Satralizumab: 120 mg SC at weeks 0, 2 and 4, then every 4 weeks.
    case 'satralizumab':
      return [
        { day: start, doseMg: 120 },
        { day: start + 14, doseMg: 120 },
        ...periodic(random, start + 28, end, 28, 120, 3),
      ];
    case 'tocilizumab':
    case 'natalizumab':
    case 'ivig_maintenance':
      return periodic(random, start, end, 28, agentProfile(episode.agent).doseMg ?? 1, 3);
    default:
      return [];
  }
}

/** Doses every `interval` days (± `window`, the first on `first`) from `first` to `end`. */
function periodic(random: Random, first: Day, end: Day, interval: number, doseMg: number, window: number): Dose[] {
  const doses: Dose[] = [];
  for (let n = 0, day = first; day <= end; n++, day = first + n * interval + random.int(-window, window)) {
    doses.push({ day, doseMg });
  }
  return doses;
}

/**
 * Rituximab: 1000 mg twice, two weeks apart, then re-dosing either fixed about every 6 months or
 * guided by CD19 (re-dose when CD19 > 0.1% of lymphocytes, checked every 2-3 months from month 4;
 * Hindawi 2012 protocol). Memory-B-guided intervals average 9.6 months (PMC6283795), so CD19 comes
 * back after ~8 months in a typical cycle, earlier in some patients; some re-dosing is late.
 */
function rituximabDosing(
  random: Random,
  profile: Profile,
  start: Day,
  end: Day,
): { doses: Dose[]; cycles: BCellCycle[] } {
  const plan = profile.monitoring;
  const doubleCourse = random.chance(0.2);
  const doses: Dose[] = [
    { day: start, doseMg: 1000 },
    { day: start + random.int(13, 15), doseMg: 1000 },
  ];
  const cycles: BCellCycle[] = [];
  for (let dosed = doses[1]?.day ?? start; dosed <= end; ) {
    const repopulation = dosed + Math.round(Math.min(520, Math.max(110, random.logNormal(240, 0.3))));
    const checks: Day[] = [];
    let next: Day;
    if (plan.rituximabStrategy === 'fixed') {
      // Every 6 months, booked a little early (the protocol's window is 183 days).
      next = dosed + random.int(165, 180);
      if (random.chance(0.2)) checks.push(dosed + random.int(90, 130));
      if (random.chance(0.7)) checks.push(next - random.int(0, 14));
    } else {
      next = dosed + 365;
      for (let check = dosed + random.int(110, 130); check < dosed + 365; check += random.int(75, 120)) {
        checks.push(check);
        if (check >= repopulation) {
          next = check + random.int(3, 21);
          break;
        }
      }
    }
    if (random.chance(plan.lateRedosing)) next += random.int(45, 120);
    if (plan.missedRedose && cycles.length === 0) {
      // The first redose is missed: long after B cells returned, and no count taken meanwhile.
      next = dosed + random.int(400, 450);
      checks.length = 0;
    }
    cycles.push({ dosed, repopulation, checks });
    if (next > end) break;
    doses.push({ day: next, doseMg: 1000 });
    dosed = next;
    if (doubleCourse) {
      dosed = next + 14;
      if (dosed <= end) doses.push({ day: dosed, doseMg: 1000 });
    }
  }
  return { doses, cycles };
}

/** Inebilizumab: 300 mg on days 1 and 15, then every 6 months; anti-CD19 depletion lasts longer. */
function inebilizumabDosing(random: Random, start: Day, end: Day): { doses: Dose[]; cycles: BCellCycle[] } {
  const doses: Dose[] = [
    { day: start, doseMg: 300 },
    { day: start + 14, doseMg: 300 },
  ];
  const cycles: BCellCycle[] = [];
  for (let dosed = start + 14; dosed <= end; ) {
    // Every 6 months, the first 6 months from the first infusion (label): within the 14 days allowed.
    const next = (cycles.length === 0 ? start : dosed) + random.int(175, 195);
    const repopulation = dosed + Math.round(Math.max(150, random.logNormal(320, 0.25)));
    cycles.push({ dosed, repopulation, checks: random.chance(0.6) ? [next - random.int(0, 14)] : [] });
    if (next > end) break;
    doses.push({ day: next, doseMg: 300 });
    dosed = next;
  }
  return { doses, cycles };
}
