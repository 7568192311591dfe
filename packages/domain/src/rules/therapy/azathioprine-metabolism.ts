import { type CalendarDate, laterDate } from '../../calendar-date.ts';
import type { LabTest } from '../../enums.ts';
import type { LabEvent } from '../../records/lab.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { TherapyCourse } from '../timeline.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import { type CourseClose, courseClose, earliest } from './resolution.ts';

/** The thiopurine-metabolism tests and how messages name them (CPIC: TPMT and NUDT15). */
const METABOLISM_TESTS: Partial<Record<LabTest, string>> = { tpmt: 'TPMT', nudt15: 'NUDT15' };

const metabolismResults = (labs: readonly LabEvent[], result: LabEvent['result']) =>
  labs.filter((lab) => lab.test in METABOLISM_TESTS && lab.result === result);

const resultWords = (lab: LabEvent) => `${METABOLISM_TESTS[lab.test]} ${lab.result} on ${lab.date}`;

/**
 * Azathioprine against the patient's thiopurine metabolism and weight (CPIC, Relling MV et al., Clin
 * Pharmacol Ther 2019;105:1095-1105, doi:10.1002/cpt.1304). The TPMT (or NUDT15) test missing before the
 * start is LAB_MONITORING_OVERDUE (details.test 'tpmt', labSchedules.baseline); this rule reads the results.
 *
 * AZATHIOPRINE_CONTRAINDICATED (critical): an azathioprine course with a 'deficient' TPMT or NUDT15
 * result dated on or before as-of and not after the course ended (a genotype does not change: a result
 * before the course counts). CPIC: poor metabolizers of a non-malignant condition should get a
 * non-thiopurine immunosuppressant (life-threatening myelosuppression). Dated at the later of the course
 * start and the result. Lifecycle: open while the course runs; resolved by its stop or replacement
 * ("azathioprine stopped on 2024-05-01"). No expiry.
 *
 * AZATHIOPRINE_DOSE_HIGH (warning): the daily dose (the course's dose, twice for 'twice_daily'; a
 * course without a schedule is taken as daily; other schedules and a course without a dose are not
 * judged) per kg of the latest body weight on or before a check day is above the limit:
 * `labSchedules.azathioprine.maxMgPerKgPerDay` (3), or that times `intermediateMaxShare` (0.8: 2.4)
 * once an 'intermediate' TPMT or NUDT15 result is on record (CPIC: start at 30-80% of the normal dose).
 * Check days: the course start and each weight or intermediate result dated in the course. A run of high
 * checks is one episode dated at its first check (`details` hold that check's numbers). Lifecycle:
 * resolved by the next check that is not high ("weight 78 kg on 2024-06-01: 1.9 mg/kg/day") or by the
 * course's stop or replacement; open otherwise. No expiry. Without a weight nothing is judged.
 */
export const azathioprineMetabolismRule: Rule = {
  codes: ['AZATHIOPRINE_CONTRAINDICATED', 'AZATHIOPRINE_DOSE_HIGH'],
  evaluate(context) {
    const courses = context.timeline.therapies.filter((course) => course.agent === 'azathioprine');
    return courses.flatMap((course, index) => {
      const close = courseClose(course, courses[index + 1]);
      const contraindicated = deficiency(context, course, close);
      return [...(contraindicated ? [contraindicated] : []), ...doseEpisodes(context, course, close)];
    });
  },
};

function deficiency(context: RuleContext, course: TherapyCourse, close: CourseClose | null): Flag | null {
  const result = metabolismResults(context.timeline.labs, 'deficient').find(
    (lab) => close === null || lab.date <= close.lastDay,
  );
  if (result === undefined) return null;
  const date = laterDate(result.date, course.startDate);
  const flag = makeFlag(
    'AZATHIOPRINE_CONTRAINDICATED',
    'critical',
    date,
    `Azathioprine since ${course.startDate} with ${resultWords(result)}: thiopurines cause life-threatening myelosuppression in TPMT or NUDT15 deficiency; use a non-thiopurine immunosuppressant.`,
    'thiopurine',
    { agent: 'azathioprine', courseStartDate: course.startDate, test: result.test, resultDate: result.date },
  );
  return settle(flag, context.asOf, { resolvedBy: close && { on: close.on, resolution: close.resolution } });
}

/** The daily dose in mg, or null when the course's record does not say it. */
function dailyDoseMg(course: TherapyCourse): number | null {
  if (course.doseMg === null) return null;
  if (course.schedule === null || course.schedule === 'daily') return course.doseMg;
  return course.schedule === 'twice_daily' ? course.doseMg * 2 : null;
}

interface Check {
  date: CalendarDate;
  kg: number;
  weightDate: CalendarDate;
  mgPerKg: number;
  limit: number;
  intermediate: LabEvent | null;
}

function checkOn(context: RuleContext, date: CalendarDate, dose: number, settings: RuleSettings): Check | null {
  const weight = context.timeline.bodyWeights.filter((w) => w.date <= date).at(-1);
  if (weight === undefined) return null;
  const intermediate = metabolismResults(context.timeline.labs, 'intermediate').find((lab) => lab.date <= date) ?? null;
  const { maxMgPerKgPerDay, intermediateMaxShare } = settings.labSchedules.azathioprine;
  const limit = Math.round((intermediate ? maxMgPerKgPerDay * intermediateMaxShare : maxMgPerKgPerDay) * 100) / 100;
  const mgPerKg = Math.round((dose / weight.kg) * 100) / 100;
  return { date, kg: weight.kg, weightDate: weight.date, mgPerKg, limit, intermediate };
}

function doseEpisodes(context: RuleContext, course: TherapyCourse, close: CourseClose | null): Flag[] {
  const dose = dailyDoseMg(course);
  if (dose === null) return [];
  const inCourse = (date: CalendarDate) => date > course.startDate && (close === null || date <= close.lastDay);
  const days = [
    course.startDate,
    ...context.timeline.bodyWeights.map((w) => w.date).filter(inCourse),
    ...metabolismResults(context.timeline.labs, 'intermediate')
      .map((lab) => lab.date)
      .filter(inCourse),
  ];
  const checks = [...new Set(days)].sort().flatMap((date) => checkOn(context, date, dose, context.settings) ?? []);
  const flags: Flag[] = [];
  checks.forEach((check, index) => {
    const previous = checks[index - 1];
    if (check.mgPerKg <= check.limit || (previous && previous.mgPerKg > previous.limit)) return;
    const next = checks.slice(index + 1).find((later) => later.mgPerKg <= later.limit);
    const because = check.intermediate
      ? `, the limit with ${resultWords(check.intermediate)} (reduced to ${Math.round(context.settings.labSchedules.azathioprine.intermediateMaxShare * 100)}% of ${context.settings.labSchedules.azathioprine.maxMgPerKgPerDay} mg/kg/day)`
      : '';
    const flag = makeFlag(
      'AZATHIOPRINE_DOSE_HIGH',
      'warning',
      check.date,
      `Azathioprine ${dose} mg/day (course started ${course.startDate}) is ${check.mgPerKg} mg/kg/day at ${check.kg} kg (weight of ${check.weightDate}), above ${check.limit} mg/kg/day${because}.`,
      'thiopurine',
      {
        agent: 'azathioprine',
        courseStartDate: course.startDate,
        dailyDoseMg: dose,
        weightKg: check.kg,
        weightDate: check.weightDate,
        mgPerKgPerDay: check.mgPerKg,
        limitMgPerKgPerDay: check.limit,
        intermediateResult: check.intermediate ? check.intermediate.test : null,
      },
    );
    const fixed = next && {
      on: next.date,
      resolution: `weight ${next.kg} kg on ${next.weightDate}: ${next.mgPerKg} mg/kg/day`,
    };
    const closed = close && { on: close.on, resolution: close.resolution };
    flags.push(settle(flag, context.asOf, { resolvedBy: earliest(fixed ?? null, closed) }));
  });
  return flags;
}
