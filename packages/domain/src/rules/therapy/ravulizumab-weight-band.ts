import type { CalendarDate } from '../../calendar-date.ts';
import type { Administration } from '../../records/therapy.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { latest, type TherapyCourse } from '../timeline.ts';
import type { Rule, Severity } from '../types.ts';
import { duringPlex, plexCourses } from './supplemental-dose.ts';

type Band = RuleSettings['complement']['ravulizumabWeightBands'][number];
type DoseKind = 'loading' | 'maintenance';

/** One recorded ravulizumab dose judged against the weight band of the latest weight on or before it. */
interface CheckedDose {
  date: CalendarDate;
  doseMg: number;
  kind: DoseKind;
  weightKg: number | null;
  weightDate: CalendarDate | null;
  /** "60 to < 100 kg", "100 kg or more", or null without a weight or below the first band. */
  band: string | null;
  expectedMg: number | null;
  /** null when the dose matches its band. */
  problem: 'no_weight' | 'below_bands' | 'dose_mismatch' | null;
}

/**
 * RAVULIZUMAB_WEIGHT_BAND_MISMATCH: a recorded ravulizumab dose that is not the one the ULTOMIRIS label gives
 * for the patient's weight band (`complement.ravulizumabWeightBands`: 40 to < 60 kg 2,400 mg loading / 3,000 mg
 * maintenance, 60 to < 100 kg 2,700 / 3,300 mg, 100 kg or more 3,000 / 3,600 mg), judged on the latest body weight
 * recorded on or before the dose (the label doses by the weight at the time of treatment).
 * - The first recorded administration of a course is its loading dose, every later one a maintenance dose.
 * - Doses without a recorded amount are not judged. Doses (other than a course's first) given during a
 *   plasma-exchange course (`lifecycle.plexCourseDays` from its start) are not judged either: they may be the
 *   supplemental doses whose amount follows the previous dose (RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE).
 * - No weight on or before a dose: the dose could not be chosen by band, so it is flagged too (severity info,
 *   `problem: 'no_weight'`); a weight below the first band (40 kg) has no adult dose (warning); a dose other than
 *   the band's (mismatch, warning; exact mg: the label's doses are fixed amounts).
 * One flag per run of consecutive doses that were not right, dated at the first of them (the details list each);
 * severity warning when any of them was a wrong amount, else info.
 *
 * Lifecycle: open while the course runs; resolved by the next judged dose that matches its band ("ravulizumab
 * 3300 mg on 2024-05-01 matches the 60 to < 100 kg band (72 kg on 2024-04-20)"); expired from the day after the
 * course stops (no later dose can put it right).
 */
export const ravulizumabWeightBandRule: Rule = {
  codes: ['RAVULIZUMAB_WEIGHT_BAND_MISMATCH'],
  evaluate({ timeline, asOf, settings }) {
    const plex = plexCourses(timeline, settings.lifecycle.plexCourseDays);
    const bands = settings.complement.ravulizumabWeightBands;
    return timeline.therapies
      .filter((course) => course.agent === 'ravulizumab')
      .flatMap((course) => {
        const checked = course.administrations.flatMap((dose, index) => {
          if (dose.doseMg === undefined || (index > 0 && duringPlex(plex, dose.date))) return [];
          const weight = latest(timeline.bodyWeights.filter((w) => w.date <= dose.date));
          return [judge(dose, dose.doseMg, index === 0 ? 'loading' : 'maintenance', weight, bands)];
        });
        return runsOfWrongDoses(checked).map(({ wrong, next }) => flagFor(course, wrong, next, asOf));
      });
  },
};

function judge(
  dose: Administration,
  doseMg: number,
  kind: DoseKind,
  weight: { date: CalendarDate; kg: number } | undefined,
  bands: readonly Band[],
): CheckedDose {
  const base = { date: dose.date, doseMg, kind, weightKg: weight?.kg ?? null, weightDate: weight?.date ?? null };
  if (weight === undefined) return { ...base, band: null, expectedMg: null, problem: 'no_weight' };
  const index = bands.findLastIndex((band) => band.minKg <= weight.kg);
  const band = bands[index];
  if (band === undefined) return { ...base, band: null, expectedMg: null, problem: 'below_bands' };
  const upper = bands[index + 1]?.minKg;
  const expectedMg = kind === 'loading' ? band.loadingMg : band.maintenanceMg;
  return {
    ...base,
    band: upper === undefined ? `${band.minKg} kg or more` : `${band.minKg} to < ${upper} kg`,
    expectedMg,
    problem: doseMg === expectedMg ? null : 'dose_mismatch',
  };
}

/** The runs of consecutive judged doses that were not right, each with the right dose that ended it, if any. */
function runsOfWrongDoses(checked: readonly CheckedDose[]): { wrong: CheckedDose[]; next: CheckedDose | null }[] {
  const runs: { wrong: CheckedDose[]; next: CheckedDose | null }[] = [];
  let current: { wrong: CheckedDose[]; next: CheckedDose | null } | null = null;
  for (const dose of checked) {
    if (dose.problem === null) {
      if (current !== null) current.next = dose;
      current = null;
    } else if (current === null) {
      current = { wrong: [dose], next: null };
      runs.push(current);
    } else current.wrong.push(dose);
  }
  return runs;
}

function flagFor(course: TherapyCourse, wrong: CheckedDose[], next: CheckedDose | null, asOf: CalendarDate) {
  const [first] = wrong as [CheckedDose, ...CheckedDose[]];
  const severity: Severity = wrong.some((dose) => dose.problem !== 'no_weight') ? 'warning' : 'info';
  const flag = makeFlag(
    'RAVULIZUMAB_WEIGHT_BAND_MISMATCH',
    severity,
    first.date,
    `${wrong.map(describe).join('; ')}. The ULTOMIRIS label doses ravulizumab by the weight band at the time of treatment (40 to < 60 kg 2,400 mg loading / 3,000 mg maintenance, 60 to < 100 kg 2,700 / 3,300 mg, 100 kg or more 3,000 / 3,600 mg).`,
    'ravulizumabWeight',
    {
      ravulizumabStartDate: course.startDate,
      doses: wrong.map(({ date, doseMg, kind, weightKg, weightDate, band, expectedMg, problem }) => ({
        date,
        doseMg,
        kind,
        weightKg,
        weightDate,
        band,
        expectedMg,
        problem,
      })),
    },
  );
  return settle(flag, asOf, {
    resolvedBy:
      next === null
        ? null
        : {
            on: next.date,
            resolution: `ravulizumab ${next.doseMg} mg on ${next.date} matches the ${next.band} band (${next.weightKg} kg on ${next.weightDate})`,
          },
    actionableUntil: course.stopDate,
  });
}

/** "Ravulizumab 3000 mg (maintenance) on 2024-03-01 with 72 kg on 2024-02-01 (60 to < 100 kg band: 3300 mg)". */
function describe(dose: CheckedDose): string {
  const given = `Ravulizumab ${dose.doseMg} mg (${dose.kind}) on ${dose.date}`;
  switch (dose.problem) {
    case 'no_weight':
      return `${given} with no body weight recorded on or before it`;
    case 'below_bands':
      return `${given} with ${dose.weightKg} kg on ${dose.weightDate}, below the adult weight bands`;
    default:
      return `${given} with ${dose.weightKg} kg on ${dose.weightDate} (${dose.band} band: ${dose.expectedMg} mg)`;
  }
}
