import { type Eye, type RelapseSeverity, toDayNumber, type VisualEvent } from '@nmo/domain';
import type { Attack, Day } from './model.ts';
import { clamp, roundTo } from './numbers.ts';
import type { Random } from './random.ts';
import { dateOf } from './timeline.ts';
import type { VisitRecords } from './visits.ts';

/** Spectral-domain OCT entered clinics around 2007; GCIPL segmentation a few years later. */
const OCT_FROM = toDayNumber('2007-01-01');
const GCIPL_FROM = toDayNumber('2012-01-01');
const EYES: readonly Eye[] = ['OD', 'OS'];

interface EyeState {
  rnfl: number;
  gcipl: number;
  logmar: number;
  fieldMd: number;
}

/** What one optic neuritis does to one eye: acute loss, then axonal thinning over months. */
interface OpticNeuritisDamage {
  onset: Day;
  eye: Eye;
  rnflLoss: number;
  residualLogmar: number;
  acuteLogmar: number;
  residualMd: number;
  acuteMd: number;
}

/**
 * Visual exams per eye: logMAR acuity, OCT RNFL (~95 µm normal, 50-70 µm after AQP4+ optic
 * neuritis in the affected eye) and GCIPL, sometimes a visual field and rarely a VEP. Exams are
 * frequent after optic neuritis (OCT proposed for monitoring, Oertel et al., EPMA J 2018), sparse
 * otherwise, and stop for some patients (overdue ophthalmology).
 */
export function writeVisual(random: Random, { profile, course, visits, timeline }: VisitRecords): void {
  const personRnfl = random.truncatedNormal(97, 7, 80, 115);
  const baseline = new Map<Eye, EyeState>(
    EYES.map((eye) => [
      eye,
      {
        rnfl: personRnfl + random.normal(0, 2),
        gcipl: random.truncatedNormal(82, 4, 70, 95),
        logmar: random.pick([-0.1, 0, 0, 0, 0.1]),
        fieldMd: random.truncatedNormal(-0.5, 1, -3, 2),
      },
    ]),
  );
  const mog = profile.mog === 'positive';
  const damages = course.attacks
    .filter((attack) => attack.phenotype === 'optic_neuritis')
    .flatMap((attack) => attack.eyes.map((eye) => opticNeuritisDamage(random, attack, eye, mog)));

  const cutoff = Math.min(visits.cutoff, profile.asOf - profile.monitoring.visualLapseDays);
  const examDays = new Set<Day>();
  for (const damage of damages) {
    if (random.chance(0.6)) examDays.add(damage.onset + random.int(0, 14));
    if (random.chance(0.8)) examDays.add(damage.onset + random.int(60, 120));
    // Every 6 months for two years after optic neuritis (OCT follow-up), most of the time.
    for (const months of [5, 10, 15, 20])
      if (random.chance(0.9)) examDays.add(damage.onset + months * 30 + random.int(0, 20));
  }
  let lastExam: Day | null = null;
  visits.routine.forEach((day, index) => {
    const lastOpticNeuritis = damages.reduce<Day | null>((last, d) => (d.onset <= day ? d.onset : last), null);
    // "Regular ophthalmological evaluations" (guideline): at most visits after optic neuritis,
    // at more than half of them otherwise, and always when the last exam is 9 months old (4 months
    // within two years of an optic neuritis, when the interval is 6 months).
    const rate = index === 0 ? 0.8 : lastOpticNeuritis === null ? 0.7 : day - lastOpticNeuritis < 730 ? 0.85 : 0.7;
    const recentOpticNeuritis = lastOpticNeuritis !== null && day - lastOpticNeuritis < 730;
    const due = lastExam === null ? index > 0 : day - lastExam >= (recentOpticNeuritis ? 120 : 270);
    if (due || random.chance(rate)) {
      examDays.add(day);
      lastExam = day;
    }
  });

  for (const day of [...examDays].sort((a, b) => a - b)) {
    if (day > cutoff) continue;
    const withOct = day >= OCT_FROM && random.chance(0.75);
    const withField = random.chance(0.25);
    const withVep = random.chance(0.03);
    for (const eye of EYES) {
      const base = baseline.get(eye);
      if (base === undefined) continue;
      const state = eyeStateAt(base, damages, eye, day);
      const event: VisualEvent = {
        type: 'visual',
        date: dateOf(day),
        eye,
        logmar: roundTo(clamp(state.logmar, -0.3, 3), 1),
        ...(withField ? { visualFieldMdDb: roundTo(clamp(state.fieldMd, -35, 2), 1) } : {}),
        ...(withOct ? { rnflMicrons: Math.round(clamp(state.rnfl, 40, 140)) } : {}),
        ...(withOct && day >= GCIPL_FROM ? { gciplMicrons: Math.round(clamp(state.gcipl, 45, 100)) } : {}),
        ...(withVep ? vep(random, damages, eye, day) : {}),
      };
      timeline.add(day, event);
    }
  }
}

type Range = readonly [number, number];

/** RNFL loss (µm), residual and acute logMAR, residual field MD (dB) by severity. */
const DAMAGE: Record<RelapseSeverity, { rnfl: Range; logmar: Range; acute: Range; fieldMd: Range }> = {
  mild: { rnfl: [8, 18], logmar: [0, 0.1], acute: [0.2, 0.5], fieldMd: [-3, -1] },
  moderate: { rnfl: [15, 30], logmar: [0.1, 0.4], acute: [0.5, 1], fieldMd: [-8, -3] },
  severe: { rnfl: [25, 45], logmar: [0.3, 1.3], acute: [1, 2], fieldMd: [-20, -8] },
};

function opticNeuritisDamage(random: Random, attack: Attack, eye: Eye, mog: boolean): OpticNeuritisDamage {
  // MOG-IgG optic neuritis recovers better than AQP4-IgG optic neuritis.
  const scale = mog ? 0.6 : 1;
  const damage = DAMAGE[attack.severity];
  const draw = ([min, max]: Range) => random.between(min, max);
  return {
    onset: attack.onset,
    eye,
    rnflLoss: draw(damage.rnfl) * scale,
    residualLogmar: draw(damage.logmar) * scale,
    acuteLogmar: draw(damage.acute),
    residualMd: draw(damage.fieldMd) * scale,
    acuteMd: random.between(-20, -5),
  };
}

function eyeStateAt(base: EyeState, damages: OpticNeuritisDamage[], eye: Eye, day: Day): EyeState {
  const state = { ...base };
  for (const damage of damages) {
    if (damage.eye !== eye || damage.onset > day) continue;
    const since = day - damage.onset;
    const acute = Math.max(0, 1 - since / 60);
    // Disc swelling thickens the RNFL for the first weeks; atrophy follows over 3-6 months.
    state.rnfl += since < 30 ? 15 : -damage.rnflLoss * Math.min(1, since / 120);
    state.gcipl -= damage.rnflLoss * 0.55 * Math.min(1, since / 90);
    state.logmar += damage.residualLogmar + damage.acuteLogmar * acute;
    state.fieldMd += damage.residualMd + damage.acuteMd * acute;
  }
  return state;
}

function vep(random: Random, damages: OpticNeuritisDamage[], eye: Eye, day: Day): Partial<VisualEvent> {
  const affected = damages.some((d) => d.eye === eye && d.onset <= day);
  return {
    vepLatencyMs: Math.round(affected ? random.between(118, 150) : random.between(95, 112)),
    vepAmplitudeMicrovolts: roundTo(affected ? random.between(1.5, 6) : random.between(5, 14), 1),
  };
}
