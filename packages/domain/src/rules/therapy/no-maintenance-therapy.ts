import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import { type ClinicalTimeline, latest, type TherapyCourse, therapiesActiveOn } from '../timeline.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import { agentName, capitalized, dayCount, stopReasonName } from './labels.ts';

/**
 * NO_MAINTENANCE_THERAPY: an AQP4-IgG-positive patient (serostatus 'positive' on the patient record, or
 * any positive AQP4 antibody test up to the as-of date) who has had at least one attack and is on no
 * maintenance therapy (MAINTENANCE_AGENTS). NMOSD guideline, Treatment Algorithm step 3 (initiate
 * maintenance therapy after an attack) and step 6 ("a relapsing disease requiring indefinite
 * immunosuppression"). No grace period after an attack: the guideline has none, so the flag is there from
 * the onset day until maintenance starts. AHSCT and MS drugs are not maintenance therapies.
 *
 * Episodes are the stretches of days, from the first attack's onset to the as-of date, on which no
 * maintenance therapy is active (start and stop days are days on therapy). Each is dated at the later of
 * the last attack's onset and the last maintenance stop up to its last day (when the gap began, or the
 * attack that happened in it).
 * Lifecycle:
 * - the stretch that reaches the as-of date is open (no expiry: AQP4-positive NMOSD needs indefinite
 *   maintenance, so it stays open until a therapy starts);
 * - an earlier stretch, ended by a maintenance start, is resolved on that start ("rituximab started on
 *   2015-04-01"), but only when the start came more than `therapy.successorWithinDays` (default 30) after
 *   the stretch began (the stop, or the first attack's onset): a switch with a short gap is not a gap in
 *   care, so that stretch leaves no history (MAINTENANCE_DISCONTINUED uses the same window).
 */
export const noMaintenanceTherapyRule: Rule = {
  codes: ['NO_MAINTENANCE_THERAPY'],
  evaluate(context) {
    const { patient, timeline, asOf, settings } = context;
    const positiveTest = timeline.antibodyTests.find((test) => test.antibody === 'AQP4' && test.result === 'positive');
    if (patient.aqp4Status !== 'positive' && positiveTest === undefined) return [];
    const firstAttack = timeline.relapses[0];
    if (firstAttack === undefined) return [];
    const window = settings.therapy.successorWithinDays;
    return stretchesWithoutMaintenance(timeline, firstAttack.onsetDate, asOf)
      .filter(({ began, endedBy }) => endedBy === null || daysBetween(began, endedBy.startDate) > window)
      .map((stretch) => flagFor(context, stretch, positiveTest?.date ?? null));
  },
};

interface Stretch {
  /** The first and last day with no maintenance therapy active. */
  from: CalendarDate;
  to: CalendarDate;
  /** When the gap began: the first attack's onset, or the stop of the therapy before it. */
  began: CalendarDate;
  /** The maintenance course that started the day after `to`, or null when the stretch reaches as-of. */
  endedBy: TherapyCourse | null;
}

const isMaintenance = (course: TherapyCourse) => MAINTENANCE_AGENTS.has(course.agent);

/** The stretches from `from` to `asOf` on which no maintenance course is active, in order. */
function stretchesWithoutMaintenance(timeline: ClinicalTimeline, from: CalendarDate, asOf: CalendarDate): Stretch[] {
  const courses = timeline.therapies.filter(isMaintenance); // by start date, then agent
  const stretches: Stretch[] = [];
  let cursor = from; // the first day not known to be covered
  for (const course of courses) {
    // An anti-CD20/CD19 course protects past its stop until its carry-over ends (timeline.ts).
    const end = course.protectedUntil ?? asOf;
    if (end < cursor) continue;
    if (course.startDate > cursor) {
      const to = addDays(course.startDate, -1);
      stretches.push({ from: cursor, to, began: cursor === from ? from : addDays(cursor, -1), endedBy: course });
    }
    if (end >= cursor) cursor = addDays(end, 1);
  }
  if (cursor <= asOf)
    stretches.push({ from: cursor, to: asOf, began: cursor === from ? from : addDays(cursor, -1), endedBy: null });
  return stretches;
}

function flagFor(context: RuleContext, stretch: Stretch, aqp4PositiveTestDate: CalendarDate | null): Flag {
  const { patient, timeline, asOf } = context;
  const last = stretch.to; // the last day without maintenance therapy (as-of for the current stretch)
  const attacksSoFar = timeline.relapses.filter((attack) => attack.onsetDate <= last);
  const lastAttack = latest(attacksSoFar);
  if (lastAttack === undefined) throw new Error('a stretch starts at the first attack');

  // Every maintenance course stopped before the stretch began (none is active in it).
  let lastStopped: (TherapyCourse & { stopDate: CalendarDate }) | undefined;
  for (const course of timeline.therapies) {
    if (!isMaintenance(course) || course.stopDate === null || course.stopDate >= stretch.from) continue;
    if (lastStopped === undefined || course.stopDate >= lastStopped.stopDate)
      lastStopped = { ...course, stopDate: course.stopDate };
  }
  const date =
    lastStopped !== undefined && lastStopped.stopDate > lastAttack.onsetDate
      ? lastStopped.stopDate
      : lastAttack.onsetDate;
  const others = [
    ...new Set(therapiesActiveOn(timeline, last, (course) => !isMaintenance(course)).map((c) => c.agent)),
  ];
  const successor = stretch.endedBy;
  const current = successor === null;
  const daysSince = daysBetween(date, successor?.startDate ?? asOf);

  const attackCount = attacksSoFar.length;
  const attacks = `${attackCount} ${attackCount === 1 ? 'attack' : 'attacks'} (${attackCount === 1 ? 'on' : 'the last on'} ${lastAttack.onsetDate})`;
  const after = date === lastAttack.onsetDate ? 'the last attack' : 'maintenance was stopped';
  const had = current ? 'has been' : 'had been';
  const history =
    lastStopped === undefined
      ? `no maintenance therapy ${had} recorded`
      : `the last maintenance therapy, ${agentName(lastStopped.agent)}, was stopped on ${lastStopped.stopDate} (${stopReasonName(lastStopped.stopReason)})`;
  const otherText =
    others.length === 0
      ? ''
      : ` ${capitalized(others.map(agentName).join(' and '))} ${others.length === 1 ? 'is not an NMOSD maintenance therapy' : 'are not NMOSD maintenance therapies'}.`;
  const situation =
    successor === null
      ? `has no maintenance therapy on ${asOf}, ${dayCount(daysSince)} after ${after}`
      : `had no maintenance therapy until ${agentName(successor.agent)} was started on ${successor.startDate}, ${dayCount(daysSince)} after ${after}`;
  const flag = makeFlag(
    'NO_MAINTENANCE_THERAPY',
    'critical',
    date,
    `AQP4-IgG-positive patient with ${attacks} ${situation}; ${history}.${otherText} The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.`,
    'maintenance',
    {
      aqp4Status: patient.aqp4Status ?? null,
      aqp4PositiveTestDate,
      attackCount,
      lastAttackOnset: lastAttack.onsetDate,
      lastMaintenance:
        lastStopped === undefined
          ? null
          : { agent: lastStopped.agent, stopDate: lastStopped.stopDate, stopReason: lastStopped.stopReason },
      daysSince,
      nonMaintenanceTherapiesActive: others,
    },
  );
  return settle(flag, asOf, {
    resolvedBy:
      successor === null
        ? null
        : { on: successor.startDate, resolution: `${agentName(successor.agent)} started on ${successor.startDate}` },
  });
}
