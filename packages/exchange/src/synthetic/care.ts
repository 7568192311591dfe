import {
  type BodyWeightEvent,
  type LabEvent,
  type PregnancyEvent,
  type ProphylaxisEvent,
  type ReferralEvent,
  type TherapySchedule,
  toDayNumber,
} from '@nmo/domain';
import { agentProfile } from './agents.ts';
import { DAYS_PER_YEAR, type Day, type Profile } from './model.ts';
import type { Random } from './random.ts';
import { doseRavulizumabByWeight } from './ravulizumab-dosing.ts';
import type { TherapyRecord } from './therapy.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

/** Days between doses of an interval schedule (the label's maintenance interval). */
const INTERVAL_DAYS: Partial<Record<TherapySchedule, number>> = {
  weekly: 7,
  every_2_weeks: 14,
  every_4_weeks: 28,
  every_8_weeks: 56,
  every_6_months: 182,
};

/**
 * The records of care around the therapies, drawn after everything else so that adding them changed
 * nothing else of the cohort: body weights, the next booked dose, pregnancies, prophylaxis courses
 * and referrals.
 */
export function writeCare(
  random: Random,
  profile: Profile,
  therapies: TherapyRecord[],
  timeline: TimelineBuilder,
): void {
  writeBodyWeights(random, profile, therapies, timeline);
  doseRavulizumabByWeight(profile, therapies, timeline);
  writePlannedDoses(random, profile, therapies);
  writePregnancy(random, profile, timeline);
  writeProphylaxis(random, profile, therapies, timeline);
  writeGenotypesAndSkinTests(random, timeline);
}

/**
 * Some laboratories genotype NUDT15 with TPMT (CPIC 2019), and some clinics screen tuberculosis with a
 * tuberculin skin test beside the IGRA: both on the day of the first result, normal or negative.
 */
function writeGenotypesAndSkinTests(random: Random, timeline: TimelineBuilder) {
  const labs = timeline.ofType('lab');
  const tpmt = labs.find((lab) => lab.test === 'tpmt');
  if (tpmt && random.chance(0.4)) {
    const nudt15: LabEvent = { type: 'lab', date: tpmt.date, test: 'nudt15', result: 'normal' };
    timeline.add(toDayNumber(tpmt.date), nudt15);
  }
  const igra = labs.find((lab) => lab.test === 'tb_igra' && lab.result === 'negative');
  if (igra && random.chance(0.3)) {
    const skin: LabEvent = {
      type: 'lab',
      date: igra.date,
      test: 'tb_skin_test',
      value: random.int(0, 4),
      unit: 'mm',
      result: 'negative',
    };
    timeline.add(toDayNumber(igra.date), skin);
  }
}

/** A weight at most therapy starts (weight-based dosing) and yearly at some clinics; adults 50-110 kg. */
function writeBodyWeights(random: Random, profile: Profile, therapies: TherapyRecord[], timeline: TimelineBuilder) {
  const drawn = profile.sex === 'male' ? random.between(62, 105) : random.between(48, 92);
  // The wrong-band showcase weighs 104 kg or more while ravulizumab is dosed for 60 to < 100 kg; the
  // azathioprine showcase weighs what it was given, with a weight before each start.
  const showcaseKg = profile.monitoring.tpmtDeficientAtKg;
  const base = profile.monitoring.ravulizumabWrongBand ? Math.max(drawn, 108) : (showcaseKg ?? drawn);
  const weightOn = (day: Day): BodyWeightEvent => ({
    type: 'bodyWeight',
    date: dateOf(day),
    kg: Math.round((base + random.between(-4, 4)) * 10) / 10,
  });
  for (const { episode } of therapies) {
    // Always before ravulizumab (dosed by weight band) and in the azathioprine showcase.
    if (
      agentProfile(episode.agent).class === 'ms_drug' ||
      (!random.chance(0.7) && episode.agent !== 'ravulizumab' && showcaseKg === null)
    )
      continue;
    const day = episode.start - random.int(0, 14);
    timeline.add(day, weightOn(day));
  }
  if (random.chance(0.5)) {
    for (let day = profile.asOf - random.int(30, 365); day > profile.asOf - 5 * DAYS_PER_YEAR; day -= 365) {
      if (day > profile.diagnosis) timeline.add(day, weightOn(day));
    }
  }
}

/**
 * The next dose booked for most ongoing infusion or injection therapies: the last dose plus the
 * schedule's interval, from a few days ago (not yet recorded as given) into the future.
 */
function writePlannedDoses(random: Random, profile: Profile, therapies: TherapyRecord[]) {
  for (const { episode, event } of therapies) {
    if (episode.stop !== null && episode.stop <= profile.asOf) continue;
    const interval = event.schedule ? INTERVAL_DAYS[event.schedule] : undefined;
    const given = event.administrations ?? [];
    const last = given.at(-1)?.date;
    if (interval === undefined || last === undefined || !random.chance(0.6)) continue;
    const next = toDayNumber(last) + interval;
    if (next < profile.asOf - 7) continue;
    event.administrations = [
      ...given,
      { date: dateOf(next), ...(event.doseMg ? { doseMg: event.doseMg } : {}), planned: true },
    ];
  }
}

/**
 * A pregnancy during follow-up for some women aged 20-42 (NMOSD mostly affects women of
 * childbearing age): 266-287 days from the last menstrual period to a birth, earlier for a
 * miscarriage; ongoing when it would end after the as-of date; breastfeeding after some births; an
 * obstetric referral for most.
 */
function writePregnancy(random: Random, profile: Profile, timeline: TimelineBuilder) {
  // The showcase's pregnancy lies well inside its first agent's course (started within months of onset).
  const forced = profile.care.pregnancyOnTherapy;
  if (profile.sex !== 'female' || !(forced || random.chance(0.12))) return;
  const from = forced
    ? profile.asOf - 600
    : Math.max(profile.diagnosis, profile.birth + Math.round(20 * DAYS_PER_YEAR));
  const to = forced ? profile.asOf - 420 : Math.min(profile.asOf - 60, profile.birth + Math.round(42 * DAYS_PER_YEAR));
  if (to <= from) return;
  const start = random.int(from, to);
  const expected = start + 280;
  const outcome = random.chance(0.85) ? 'live_birth' : random.chance(0.8) ? 'miscarriage' : 'termination';
  const end = outcome === 'live_birth' ? start + random.int(266, 287) : start + random.int(50, 120);
  const ended = end <= profile.asOf;
  const breastfeedingUntil = ended && outcome === 'live_birth' && random.chance(0.6) ? end + random.int(60, 300) : null;
  const pregnancy: PregnancyEvent = {
    type: 'pregnancy',
    startDate: dateOf(start),
    expectedEndDate: dateOf(expected),
    ...(ended ? { endDate: dateOf(end), outcome } : {}),
    ...(breastfeedingUntil !== null && breastfeedingUntil <= profile.asOf
      ? { breastfeedingUntil: dateOf(breastfeedingUntil) }
      : {}),
  };
  timeline.add(start, pregnancy);
  if (random.chance(0.7)) {
    const day = start + random.int(42, 90);
    const referral: ReferralEvent = { type: 'referral', date: dateOf(day), specialty: 'obstetrics' };
    timeline.add(day, referral);
  }
}

/**
 * Antibiotic cover for a complement inhibitor started before meningococcal vaccination protected
 * (penicillin V until 2 weeks after the vaccines), and for a positive hepatitis B screen a hepatology
 * referral and, for most, entecavir through B-cell therapy.
 */
function writeProphylaxis(random: Random, profile: Profile, therapies: TherapyRecord[], timeline: TimelineBuilder) {
  const complement = therapies.find((t) => agentProfile(t.episode.agent).class === 'complement');
  if (complement && profile.monitoring.meningococcal === 'late' && random.chance(0.7)) {
    const start = complement.episode.start;
    const course: ProphylaxisEvent = {
      type: 'prophylaxis',
      agent: 'penicillin_v',
      indication: 'meningococcal',
      startDate: dateOf(start),
      // Until 2 weeks after the series (MenB takes 6 months), which completes 170-200 days after the start.
      stopDate: dateOf(Math.min(profile.asOf, start + random.int(215, 240))),
    };
    timeline.add(start, course);
  }
  const positive = timeline
    .ofType('lab')
    .find((lab) => (lab.test === 'hbsag' || lab.test === 'anti_hbc') && lab.result === 'positive');
  // The showcase of an untreated positive screen gets neither (the draw is kept for the other patients).
  if (positive === undefined || !random.chance(0.85) || profile.monitoring.untreatedPositiveScreening) return;
  const tested = toDayNumber(positive.date);
  const referredOn = Math.min(profile.asOf, tested + random.int(3, 30));
  const referral: ReferralEvent = { type: 'referral', date: dateOf(referredOn), specialty: 'hepatology' };
  timeline.add(referredOn, referral);
  if (random.chance(0.6)) {
    const course: ProphylaxisEvent = {
      type: 'prophylaxis',
      agent: 'entecavir',
      indication: 'hepatitis_b',
      startDate: dateOf(referredOn),
    };
    timeline.add(referredOn, course);
  }
}
