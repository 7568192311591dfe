import { addDays, daysBetween, earlierDate, laterDate } from '../../calendar-date.ts';
import type { TherapyAgent } from '../../enums.ts';
import { makeFlag, settle } from '../flag.ts';
import type { SourceId } from '../sources.ts';
import { agentName, agentTitle, dayCount } from '../therapy/labels.ts';
import type { TherapyCourse } from '../timeline.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import { type PregnancySpan, pregnancySpans } from './windows.ts';

const SOURCE: Partial<Record<TherapyAgent, SourceId>> = {
  mycophenolate: 'teratogenicMycophenolate',
  methotrexate: 'teratogenicMethotrexate',
  teriflunomide: 'teratogenicTeriflunomide',
  fingolimod: 'teratogenicS1p',
  siponimod: 'teratogenicS1p',
  ozanimod: 'teratogenicS1p',
  ponesimod: 'teratogenicS1p',
};

const END_WORDS: Record<PregnancySpan['basis'], string> = {
  recorded: 'ended',
  expected: 'expected to end',
  assumed: 'taken to end (start + usual duration)',
};

/**
 * TERATOGENIC_THERAPY_IN_PREGNANCY: a drug of `pregnancy.teratogenicAgents` (mycophenolate,
 * methotrexate, teriflunomide, the S1P modulators; each label cited in settings.ts) taken on any day of
 * a pregnancy, from its start to its last day (the actual end, else the expected end, else start +
 * `pregnancy.durationDays`; windows.ts), both included, up to as-of. Critical, dated at the first day
 * of exposure (the later of the pregnancy's start and the course's start). One flag per course and
 * pregnancy.
 *
 * A course stopped before the pregnancy began, but fewer than `pregnancy.washoutDays[agent]` days before
 * (the label's contraception period after stopping: mycophenolate 42, methotrexate 183, …; the start
 * on the last washout day counts), is a washout exposure: a warning dated at the pregnancy's start
 * (the drug may still be present at conception).
 *
 * Lifecycle: in-pregnancy exposure is resolved by the stop of the drug on a day of the pregnancy
 * ("mycophenolate stopped on …"); a washout exposure by a referral to obstetrics on or after the
 * pregnancy's start ("referred to obstetrics on …"). Either expires the day after the pregnancy's last
 * day (nothing can be changed for this pregnancy any more).
 */
export const teratogenicTherapyRule: Rule = {
  codes: ['TERATOGENIC_THERAPY_IN_PREGNANCY'],
  evaluate(context) {
    const { timeline, settings } = context;
    const agents = settings.pregnancy.teratogenicAgents;
    const courses = timeline.therapies.filter((course) => agents.includes(course.agent));
    return pregnancySpans(timeline, settings).flatMap((span) =>
      courses.flatMap((course) => {
        const flag = inPregnancy(context, course, span) ?? inWashout(context, course, span);
        return flag === null ? [] : [flag];
      }),
    );
  },
};

function baseDetails(course: TherapyCourse, span: PregnancySpan) {
  return {
    agent: course.agent,
    courseStart: course.startDate,
    courseStop: course.stopDate,
    pregnancyStart: span.start,
    pregnancyEnd: span.end,
    pregnancyEndBasis: span.basis,
  };
}

function inPregnancy(context: RuleContext, course: TherapyCourse, span: PregnancySpan): Flag | null {
  const { asOf } = context;
  const first = laterDate(course.startDate, span.start);
  const lastKnown = earlierDate(span.end, asOf);
  if (first > lastKnown || (course.stopDate !== null && course.stopDate < span.start)) return null;
  const stoppedInPregnancy = course.stopDate !== null && course.stopDate <= span.end ? course.stopDate : null;
  const exposedTo = stoppedInPregnancy ?? lastKnown;
  const name = agentName(course.agent);
  const flag = makeFlag(
    'TERATOGENIC_THERAPY_IN_PREGNANCY',
    'critical',
    first,
    `${agentTitle(course.agent)} was taken during a pregnancy (started ${span.start}, ${END_WORDS[span.basis]} ${span.end}) from ${first}${stoppedInPregnancy ? ` until ${stoppedInPregnancy}` : ''}: ${dayCount(daysBetween(first, exposedTo) + 1)} of exposure. ${agentTitle(course.agent)} harms the unborn child and is contraindicated in pregnancy; stop it, switch to a therapy compatible with pregnancy and refer to obstetrics.`,
    SOURCE[course.agent] ?? 'teratogenicOther',
    {
      ...baseDetails(course, span),
      exposure: 'pregnancy',
      exposedFrom: first,
      exposedDays: daysBetween(first, exposedTo) + 1,
    },
  );
  return settle(flag, asOf, {
    resolvedBy: stoppedInPregnancy
      ? { on: stoppedInPregnancy, resolution: `${name} stopped on ${stoppedInPregnancy}` }
      : null,
    actionableUntil: span.end,
  });
}

function inWashout(context: RuleContext, course: TherapyCourse, span: PregnancySpan): Flag | null {
  const { timeline, asOf, settings } = context;
  const washout = settings.pregnancy.washoutDays[course.agent];
  const stop = course.stopDate;
  if (washout === undefined || stop === null || stop >= span.start) return null;
  const washoutEnd = addDays(stop, washout);
  if (span.start > washoutEnd) return null;
  const referral = timeline.referrals.find(
    (r) => r.specialty === 'obstetrics' && r.date >= span.start && r.date <= span.end,
  );
  const flag = makeFlag(
    'TERATOGENIC_THERAPY_IN_PREGNANCY',
    'warning',
    span.start,
    `A pregnancy started on ${span.start}, ${dayCount(daysBetween(stop, span.start))} after ${agentName(course.agent)} was stopped (${stop}): inside the ${dayCount(washout)} its label asks to wait after stopping (until ${washoutEnd}). The drug may still have been present at conception; refer to obstetrics and report the exposure.`,
    SOURCE[course.agent] ?? 'teratogenicOther',
    { ...baseDetails(course, span), exposure: 'washout', washoutDays: washout, washoutEnd },
  );
  return settle(flag, asOf, {
    resolvedBy: referral ? { on: referral.date, resolution: `referred to obstetrics on ${referral.date}` } : null,
    actionableUntil: span.end,
  });
}
