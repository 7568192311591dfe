import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { Diagnosis } from '../../enums.ts';
import type { RelapseEvent } from '../../records/relapse.ts';
import { makeFlag, settle } from '../flag.ts';
import { phenotypeDetails, phenotypeText, type RulePhenotype, rulePhenotype } from '../phenotype.ts';
import { type PregnancySpan, pregnancyPause, pregnancySpans } from '../pregnancy/windows.ts';
import { phenotypeLabel } from '../relapse/labels.ts';
import type { SourceId } from '../sources.ts';
import { latest, type TherapyCourse, therapiesActiveOn } from '../timeline.ts';
import type { Flag, Rule, RuleContext, Severity } from '../types.ts';
import { agentName, capitalized, dayCount, stopReasonName } from './labels.ts';
import { isMaintenanceCourse } from './taper.ts';

/**
 * NO_MAINTENANCE_THERAPY: a patient who has had as many attacks as their working diagnosis needs before
 * maintenance immunotherapy is expected (`therapy.maintenanceAfterAttacks`) and is on no maintenance
 * therapy (MAINTENANCE_AGENTS; an attack's steroid taper is not maintenance: therapy/taper.ts). The diagnosis is the recorded one, else derived from the serostatus where
 * unambiguous, a positive antibody test counting as a positive status (rules/phenotype.ts):
 * - AQP4-IgG-positive NMOSD, after the first attack (critical): Kümpfel et al., NEMOS 2024, long-term management
 *   step 3 (initiate maintenance therapy after an attack) and step 6 (indefinite immunosuppression);
 * - seronegative NMOSD, after the first attack (critical): treated like AQP4-positive NMOSD (Kümpfel et
 *   al., NEMOS recommendations part II, J Neurol 2024);
 * - MOGAD, after a relapse, i.e. the second attack (warning): about half of MOGAD is monophasic (Banwell
 *   et al., Lancet Neurol 2023; Huda et al., BMJ Open 2021), so one attack alone raises nothing;
 * - other or uncertain (no diagnosis recorded and a serostatus that settles nothing, e.g. double
 *   seronegative), after the second attack (warning): a relapsing inflammatory course needs maintenance
 *   whatever its final name; the message asks for the diagnosis to be recorded.
 * An attack the record does not hold still counts: the patient's first-attack date is an attack when it
 * lies `attackClusterDays` (30) or more before the first recorded onset (as attack identity counts) (or none is recorded); without
 * either, a diagnosis that implies an attack (both NMOSD, MOGAD) puts one on the diagnosis date.
 * No grace period after the attack that makes maintenance due: the NEMOS recommendations give none.
 *
 * Episodes are the stretches of days, from the attack that makes maintenance due to the as-of date, on
 * which no maintenance therapy is active (start and stop days are days on therapy). Each is dated at the
 * later of the last attack's onset and the last maintenance stop up to its last day (when the gap began,
 * or the attack that happened in it).
 * Lifecycle:
 * - the stretch that reaches the as-of date is open (no expiry: maintenance can always be started);
 * - an earlier stretch, ended by a maintenance start, is resolved on that start ("rituximab started on
 *   2015-04-01"), but only when the start came more than `therapy.successorWithinDays` (default 30) after
 *   the stretch began (the stop, or the attack): a switch with a short gap is not a gap in care, so that
 *   stretch leaves no history (MAINTENANCE_DISCONTINUED uses the same window).
 * A diagnosis recorded later (or a new antibody result) changes what the rule expects: it re-reads the
 * whole history with the diagnosis known on the as-of date.
 *
 * A stretch that follows a stop for pregnancy (the last maintenance stop before it was recorded with
 * the reason 'pregnancy' or fell on a day of a recorded pregnancy: pregnancy/windows.ts) raises nothing
 * while it lasts no later than the pregnancy's last day plus `therapy.successorWithinDays` (the same
 * pause as MAINTENANCE_DISCONTINUED: restart is expected promptly after the pregnancy, Mao-Draayer et
 * al., Nat Rev Neurol 2020); one that runs past that day is flagged as usual.
 */
export const noMaintenanceTherapyRule: Rule = {
  codes: ['NO_MAINTENANCE_THERAPY'],
  evaluate(context) {
    const { settings } = context;
    const phenotype = rulePhenotype(context);
    const attacks = attacksOf(context, phenotype.diagnosis);
    const needed = settings.therapy.maintenanceAfterAttacks[phenotype.diagnosis];
    const due = attacks[needed - 1];
    if (due === undefined) return [];
    const window = settings.therapy.successorWithinDays;
    const spans = pregnancySpans(context.timeline, settings);
    return stretchesWithoutMaintenance(context, due.onsetDate)
      .filter(({ began, endedBy }) => endedBy === null || daysBetween(began, endedBy.startDate) > window)
      .filter((stretch) => !pausedForPregnancy(context, stretch, spans))
      .map((stretch) => flagFor(context, stretch, phenotype, attacks, needed));
  },
};

/** An attack as this rule counts it: a recorded one, or one the patient record implies. */
interface Attack {
  onsetDate: CalendarDate;
  recorded: RelapseEvent | null;
  /** For an implied attack: the patient field it comes from. */
  impliedBy: 'first_attack_date' | 'diagnosis_date' | null;
}

const IMPLYING_AN_ATTACK: ReadonlySet<Diagnosis> = new Set(['nmosd_aqp4_positive', 'nmosd_seronegative', 'mogad']);

/** The recorded attacks up to as-of, with an implied first attack before them where the record shows one. */
function attacksOf(context: RuleContext, diagnosis: Diagnosis): Attack[] {
  const { patient, timeline, asOf, settings } = context;
  const recorded: Attack[] = timeline.relapses.map((relapse) => ({
    onsetDate: relapse.onsetDate,
    recorded: relapse,
    impliedBy: null,
  }));
  const first = recorded[0]?.onsetDate;
  const firstAttackDate = patient.firstAttackDate ?? null;
  if (firstAttackDate !== null && firstAttackDate <= asOf) {
    if (first === undefined || daysBetween(firstAttackDate, first) >= settings.attackClusterDays)
      return [{ onsetDate: firstAttackDate, recorded: null, impliedBy: 'first_attack_date' }, ...recorded];
    return recorded;
  }
  const diagnosisDate = patient.diagnosisDate ?? null;
  if (first === undefined && diagnosisDate !== null && diagnosisDate <= asOf && IMPLYING_AN_ATTACK.has(diagnosis))
    return [{ onsetDate: diagnosisDate, recorded: null, impliedBy: 'diagnosis_date' }];
  return recorded;
}

const SEVERITY: Record<Diagnosis, Severity> = {
  nmosd_aqp4_positive: 'critical',
  nmosd_seronegative: 'critical',
  mogad: 'warning',
  other_or_uncertain: 'warning',
};

const SOURCE: Record<Diagnosis, SourceId> = {
  nmosd_aqp4_positive: 'maintenance',
  nmosd_seronegative: 'maintenanceSeronegative',
  mogad: 'maintenanceMogad',
  other_or_uncertain: 'maintenanceUncertain',
};

/** Why maintenance is expected now, in the diagnosis's terms. */
function guidance(phenotype: RulePhenotype, attackCount: number, needed: number): string {
  switch (phenotype.diagnosis) {
    case 'nmosd_aqp4_positive':
      return 'AQP4-IgG-positive NMOSD is a relapsing disease: the NEMOS recommendations call for maintenance immunosuppression (rituximab preferred, or an approved biologic) after the first attack, indefinitely.';
    case 'nmosd_seronegative':
      return 'Seronegative NMOSD is treated like AQP4-positive NMOSD: maintenance immunosuppression (rituximab or mycophenolate) after the first attack.';
    case 'mogad':
      return `MOGAD is monophasic in about half of patients, so maintenance is usually started after a relapse; this patient has had ${attackCount} attacks (the clinic expects maintenance from attack ${needed}).`;
    case 'other_or_uncertain':
      return phenotype.basis === 'recorded'
        ? `The diagnosis is recorded as other or uncertain; a relapsing course of ${attackCount} attacks calls for maintenance immunosuppression unless another diagnosis explains it.`
        : `A relapsing course of ${attackCount} attacks calls for maintenance immunosuppression whatever its final name (seronegative NMOSD, MOGAD or other); record the diagnosis.`;
  }
}

interface Stretch {
  /** The first and last day with no maintenance therapy active. */
  from: CalendarDate;
  to: CalendarDate;
  /** When the gap began: the first attack's onset, or the stop of the therapy before it. */
  began: CalendarDate;
  /** The maintenance course that started the day after `to`, or null when the stretch reaches as-of. */
  endedBy: TherapyCourse | null;
}

/** Maintenance courses, an attack's steroid taper excluded (therapy/taper.ts). */
const maintenanceIn =
  ({ timeline, asOf, settings }: RuleContext) =>
  (course: TherapyCourse) =>
    isMaintenanceCourse(course, timeline, asOf, settings);

/** The stretches from `from` to `asOf` on which no maintenance course is active, in order. */
function stretchesWithoutMaintenance(context: RuleContext, from: CalendarDate): Stretch[] {
  const { timeline, asOf } = context;
  const courses = timeline.therapies.filter(maintenanceIn(context)); // by start date, then agent
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

/** The maintenance course stopped last before the stretch began (none is active in it). */
function lastStoppedBefore(
  context: RuleContext,
  stretch: Stretch,
): (TherapyCourse & { stopDate: CalendarDate }) | undefined {
  const isMaintenance = maintenanceIn(context);
  let lastStopped: (TherapyCourse & { stopDate: CalendarDate }) | undefined;
  for (const course of context.timeline.therapies) {
    if (!isMaintenance(course) || course.stopDate === null || course.stopDate >= stretch.from) continue;
    if (lastStopped === undefined || course.stopDate >= lastStopped.stopDate)
      lastStopped = { ...course, stopDate: course.stopDate };
  }
  return lastStopped;
}

/** Whether the stretch follows a stop for pregnancy and ends (or as-of is) by the pregnancy's end plus the successor window. */
function pausedForPregnancy(context: RuleContext, stretch: Stretch, spans: readonly PregnancySpan[]): boolean {
  const lastStopped = lastStoppedBefore(context, stretch);
  if (lastStopped === undefined) return false;
  const pause = pregnancyPause(lastStopped, spans, context.settings);
  if (pause === null) return false;
  const last = stretch.endedBy?.startDate ?? context.asOf;
  return last <= addDays(pause.until, context.settings.therapy.successorWithinDays);
}

function flagFor(
  context: RuleContext,
  stretch: Stretch,
  phenotype: RulePhenotype,
  attacks: Attack[],
  needed: number,
): Flag {
  const { patient, timeline, asOf } = context;
  const isMaintenance = maintenanceIn(context);
  const last = stretch.to; // the last day without maintenance therapy (as-of for the current stretch)
  const attacksSoFar = attacks.filter((attack) => attack.onsetDate <= last);
  const lastAttack = latest(attacksSoFar);
  if (lastAttack === undefined) throw new Error('a stretch starts at an attack');

  const lastStopped = lastStoppedBefore(context, stretch);
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
  const implied = attacksSoFar.find((attack) => attack.impliedBy !== null);
  const lastRecorded = lastAttack.recorded;
  const lastNote = lastRecorded === null ? '' : `, ${lastRecorded.severity} ${phenotypeLabel(lastRecorded.phenotype)}`;
  const impliedNote =
    implied === undefined
      ? ''
      : implied.impliedBy === 'first_attack_date'
        ? `; the first on the recorded first-attack date ${implied.onsetDate}`
        : `; taken to be on the diagnosis date ${implied.onsetDate}, no attack recorded`;
  const attacksText = `${attackCount} ${attackCount === 1 ? 'attack' : 'attacks'} (${attackCount === 1 ? 'on' : 'the last on'} ${lastAttack.onsetDate}${lastNote}${impliedNote})`;
  const after = date === lastAttack.onsetDate ? 'the last attack' : 'maintenance was stopped';
  const had = current ? 'has been' : 'had been';
  const history =
    lastStopped === undefined
      ? `no maintenance therapy ${had} recorded`
      : `the last maintenance therapy, ${agentName(lastStopped.agent)}, was stopped on ${lastStopped.stopDate} (${stopReasonName(lastStopped.stopReason)})`;
  const otherText =
    others.length === 0
      ? ''
      : ` ${capitalized(others.map(agentName).join(' and '))} ${others.length === 1 ? 'is not an NMOSD maintenance therapy' : 'are not NMOSD maintenance therapies'}${others.includes('oral_prednisone') ? ' (oral prednisone started after an attack is its steroid taper, a bridge, until it has run longer than 6 months)' : ''}.`;
  const situation =
    successor === null
      ? `has no maintenance therapy on ${asOf}, ${dayCount(daysSince)} after ${after}`
      : `had no maintenance therapy until ${agentName(successor.agent)} was started on ${successor.startDate}, ${dayCount(daysSince)} after ${after}`;
  const flag = makeFlag(
    'NO_MAINTENANCE_THERAPY',
    SEVERITY[phenotype.diagnosis],
    date,
    `${capitalized(phenotypeText(phenotype))} with ${attacksText} ${situation}; ${history}.${otherText} ${guidance(phenotype, attackCount, needed)}`,
    SOURCE[phenotype.diagnosis],
    {
      ...phenotypeDetails(phenotype),
      aqp4Status: patient.aqp4Status ?? null,
      aqp4PositiveTestDate: phenotype.aqp4PositiveTestDate,
      mogStatus: patient.mogStatus ?? null,
      maintenanceAfterAttacks: needed,
      attackCount,
      lastAttackOnset: lastAttack.onsetDate,
      impliedFirstAttack: implied === undefined ? null : { date: implied.onsetDate, from: implied.impliedBy },
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
