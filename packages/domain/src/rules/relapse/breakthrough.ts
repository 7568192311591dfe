import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { Diagnosis, TherapyAgent } from '../../enums.ts';
import { B_CELL_AGENTS, COMPLEMENT_INHIBITORS, MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import { rulePhenotype } from '../phenotype.ts';
import type { RuleSettings } from '../settings.ts';
import { isMaintenanceCourse } from '../therapy/taper.ts';
import { firstMaintenanceChange } from '../therapy-change.ts';
import { type ClinicalAttack, type ClinicalTimeline, coursesProtectingOn, type TherapyCourse } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import { type DosingLapse, dosingLapse } from './dosing-lapse.ts';
import { agentLabel, attackDetails, attackLabel, joinAnd } from './labels.ts';

/** A maintenance course that protected on an attack's onset, measured against its window. */
interface CourseOnOnset {
  agent: TherapyAgent;
  startDate: CalendarDate;
  /** The first dose given (first recorded administration, else the start): the window counts from it. */
  firstDoseDate: CalendarDate;
  stopDate: CalendarDate | null;
  /** Days from the first dose to onset (negative when the first dose came after onset). */
  daysOnTherapy: number;
  onsetOfEffectDays: number;
  /** Stopped before onset, still protecting through its B-cell carry-over (timeline.ts). */
  inCarryOver: boolean;
  /** For an anti-CD20/CD19 course whose dosing had lapsed on onset (dosing-lapse.ts). */
  lapse?: Omit<DosingLapse, 'text'>;
}

/** How an attack on maintenance therapy is classified, with the courses behind it. */
interface Judged {
  attack: ClinicalAttack;
  kind: 'breakthrough' | 'lapsed' | 'early';
  /** Beyond their window with dosing in order: what failed (breakthrough). */
  effective: { course: TherapyCourse; measured: CourseOnOnset }[];
  /** Beyond their window with lapsed dosing (anti-CD20/CD19 only). */
  lapsed: { course: TherapyCourse; measured: CourseOnOnset; lapse: DosingLapse }[];
  /** Still inside their onset-of-effect window. */
  within: CourseOnOnset[];
  /** Oral prednisone set aside because it bridged another agent. */
  bridging: boolean;
}

/**
 * An attack (a clinical attack: records less than `attackClusterDays` apart are one, dated at the
 * first onset; timeline.ts) on maintenance therapy (MAINTENANCE_AGENTS) is judged on the courses that
 * protect on its onset (`coursesProtectingOn`): those being taken that day (start and stop days
 * included), and anti-CD20/CD19 courses stopped earlier whose carry-over (`bCellTherapy.carryOverDays`,
 * 183 days after the last dose) reaches the onset, since B-cell depletion outlasts the stop.
 * Oral prednisone next to another maintenance agent is a bridge (to an agent still taking effect, or
 * an add-on) and is set aside; oral prednisone alone is judged like any agent.
 * Each course's onset-of-effect window (`onsetOfEffectDays`) counts from its first dose given (the
 * first recorded administration, else its start), not from the recorded start.
 * - a course beyond its window whose dosing is in order: BREAKTHROUGH_RELAPSE (critical), with advice
 *   that fits the agent: on a biologic, switch mechanism (anti-CD20/CD19, complement inhibitor, IL-6
 *   receptor inhibitor); on azathioprine, mycophenolate, methotrexate, oral prednisone or maintenance
 *   IVIG, move to rituximab or an approved biologic. Kümpfel et al., NEMOS 2024, long-term
 *   Algorithm step 4. Outside AQP4-positive NMOSD (working diagnosis, phenotype.ts) the advice adds
 *   that the approved biologics are labelled for AQP4-positive NMOSD only, and names rituximab alone
 *   as the first-line agent to move to.
 * - otherwise a course beyond its window whose dosing had lapsed (an anti-CD20/CD19 agent whose last
 *   dose is longer ago than its redosing interval with no recent count showing depletion, or whose
 *   latest count showed B cells returning; another agent with a dose schedule whose next dose was
 *   later than its due day plus the grace, settings `dosing`; dosing-lapse.ts): RELAPSE_ON_LAPSED_DOSING
 *   (critical): redose now (and tighten B-cell monitoring for a B-cell therapy); the attack alone does
 *   not show the agent failed.
 * - otherwise (every course still inside its window, days <= window): EARLY_RELAPSE_ON_THERAPY (info).
 * No protecting maintenance course: nothing here (NO_MAINTENANCE_THERAPY is another rule's).
 * One flag per attack, dated at its onset.
 *
 * Lifecycle:
 * - BREAKTHROUGH_RELAPSE is resolved by the first change of maintenance treatment on or after the
 *   onset (therapy-change.ts, judged against the failing courses): another maintenance agent started,
 *   a dose of rituximab, ocrelizumab or inebilizumab, or one of those courses stopped. Otherwise open
 *   with no expiry (only the clinician can say the therapy was reviewed and kept).
 * - RELAPSE_ON_LAPSED_DOSING is resolved by the first dose of a lapsed agent on or after the onset (an
 *   administration, or a new course of it: "rituximab redosed on 2023-02-10"), another maintenance
 *   agent started (oral prednisone is a bridge, not a switch: "switched to satralizumab on ..." when
 *   the lapsed course stopped by then, else "satralizumab started on ..."), or
 *   the lapsed course stopped on or after the onset. Otherwise open with no expiry: a redose can
 *   always be given.
 * - An earlier breakthrough or lapsed-dosing flag that nothing resolved expires the day the next
 *   attack judged breakthrough or lapsed begins (that one carries the question).
 * - EARLY_RELAPSE_ON_THERAPY is never resolved: open up to onset + settings.lifecycle.acutePhaseDays
 *   (default 30, included), expired from the next day.
 */
export const breakthroughRule: Rule = {
  codes: ['BREAKTHROUGH_RELAPSE', 'RELAPSE_ON_LAPSED_DOSING', 'EARLY_RELAPSE_ON_THERAPY'],
  evaluate(context) {
    const { timeline, asOf, settings } = context;
    // The approved biologics are labelled for AQP4-positive NMOSD only: the advice says so otherwise.
    const { diagnosis } = rulePhenotype(context);
    const judged = timeline.relapses
      .map((attack) => judge(timeline, attack, settings))
      .filter((j): j is Judged => j !== null);
    return judged.map((j) => {
      const onset = j.attack.onsetDate;
      if (j.kind === 'early') {
        const actionableUntil = addDays(onset, settings.lifecycle.acutePhaseDays);
        return settle(earlyFlag(j), asOf, { actionableUntil });
      }
      const next = judged.find((other) => other.kind !== 'early' && other.attack.onsetDate > onset);
      const actionableUntil = next ? addDays(next.attack.onsetDate, -1) : null;
      if (j.kind === 'breakthrough') {
        const change = firstMaintenanceChange(
          timeline,
          j.effective.map((c) => c.course),
          onset,
        );
        return settle(breakthroughFlag(j, diagnosis), asOf, { resolvedBy: change, actionableUntil });
      }
      return settle(lapsedFlag(j), asOf, { resolvedBy: lapseResolution(timeline, j, onset), actionableUntil });
    });
  },
};

const isMaintenance = (course: TherapyCourse) => MAINTENANCE_AGENTS.has(course.agent);

function judge(timeline: ClinicalTimeline, attack: ClinicalAttack, settings: RuleSettings): Judged | null {
  const onset = attack.onsetDate;
  const protecting = protectingCourses(timeline, onset, settings);
  if (protecting.length === 0) return null;
  const others = protecting.filter((course) => course.agent !== 'oral_prednisone');
  const bridging = others.length > 0 && others.length < protecting.length;
  const judgedCourses = others.length > 0 ? others : protecting;
  const effective: Judged['effective'] = [];
  const lapsed: Judged['lapsed'] = [];
  const within: CourseOnOnset[] = [];
  for (const course of judgedCourses) {
    const measured = measure(course, onset, settings);
    if (measured.daysOnTherapy <= measured.onsetOfEffectDays) {
      within.push(measured);
      continue;
    }
    const lapse = dosingLapse(timeline, course, onset, settings);
    if (lapse === null) {
      effective.push({ course, measured });
      continue;
    }
    const { text: _text, ...facts } = lapse;
    lapsed.push({ course, measured: { ...measured, lapse: facts }, lapse });
  }
  const kind = effective.length > 0 ? 'breakthrough' : lapsed.length > 0 ? 'lapsed' : 'early';
  return { attack, kind, effective, lapsed, within, bridging };
}

/**
 * The courses an attack is judged on. A course stopped before onset protects only through its B-cell
 * carry-over, and only while nothing else is being taken: once a successor runs, the attack belongs
 * to the switch and is judged on the successor (its window).
 */
function protectingCourses(timeline: ClinicalTimeline, onset: CalendarDate, settings: RuleSettings): TherapyCourse[] {
  // An attack's steroid taper (started after an earlier attack, short) is not maintenance: therapy/taper.ts.
  const protecting = coursesProtectingOn(timeline, onset, (course) =>
    isMaintenanceCourse(course, timeline, onset, settings),
  );
  const stoppedBefore = (course: TherapyCourse) => course.stopDate !== null && course.stopDate < onset;
  const taking = protecting.filter((course) => !stoppedBefore(course));
  return taking.length > 0 ? taking : protecting;
}

function measure(course: TherapyCourse, onset: CalendarDate, settings: RuleSettings): CourseOnOnset {
  return {
    agent: course.agent,
    startDate: course.startDate,
    firstDoseDate: course.firstDoseDate,
    stopDate: course.stopDate,
    daysOnTherapy: daysBetween(course.firstDoseDate, onset),
    onsetOfEffectDays: settings.onsetOfEffectDays[course.agent],
    inCarryOver: course.stopDate !== null && course.stopDate < onset,
  };
}

/**
 * "rituximab (started 2023-01-10, 417 days before onset; window 30 days; stopped 2024-05-01)"; the
 * first dose is named when it differs from the start ("started 2022-06-01, first dose 2023-01-10, 180
 * days before onset": the days count from the first dose), and a stop before onset as the carry-over.
 */
function describeCourse(c: CourseOnOnset): string {
  const started =
    c.firstDoseDate === c.startDate
      ? `started ${c.startDate}`
      : `started ${c.startDate}, first dose ${c.firstDoseDate}`;
  const since = c.daysOnTherapy < 0 ? 'after onset' : `${plural(c.daysOnTherapy, 'day')} before onset`;
  const stopped =
    c.stopDate === null
      ? ''
      : c.inCarryOver
        ? `; stopped ${c.stopDate}, B-cell depletion carrying over`
        : `; stopped ${c.stopDate}`;
  return `${agentLabel(c.agent)} (${started}, ${since}; window ${plural(c.onsetOfEffectDays, 'day')}${stopped})`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const IL6_INHIBITORS: ReadonlySet<TherapyAgent> = new Set(['satralizumab', 'tocilizumab']);
const MECHANISMS = [
  { name: 'anti-CD20/CD19', agents: B_CELL_AGENTS, examples: 'inebilizumab or rituximab' },
  { name: 'complement inhibitor', agents: COMPLEMENT_INHIBITORS, examples: 'eculizumab or ravulizumab' },
  { name: 'IL-6 receptor inhibitor', agents: IL6_INHIBITORS, examples: 'satralizumab' },
];

/**
 * The next step after a breakthrough, fitted to the agents that failed: on a biologic (anti-CD20/CD19,
 * complement or IL-6 receptor inhibitor), switch to another mechanism; on a conventional agent only
 * (azathioprine, mycophenolate, methotrexate, oral prednisone, maintenance IVIG), move to rituximab or
 * an approved biologic (Kümpfel et al., NEMOS 2024).
 */
export function breakthroughAdvice(
  agents: readonly TherapyAgent[],
  aqp4Positive = true,
  diagnosis: Diagnosis | null = null,
): { onBiologic: boolean; advice: string } {
  const current = MECHANISMS.filter((m) => agents.some((agent) => m.agents.has(agent)));
  if (diagnosis === 'mogad') return { onBiologic: current.length > 0, advice: mogadAdvice(agents) };
  const offLabel = aqp4Positive
    ? ''
    : ' (eculizumab, ravulizumab, inebilizumab and satralizumab are labelled for AQP4-positive NMOSD only)';
  if (current.length === 0)
    return {
      onBiologic: false,
      advice: aqp4Positive
        ? 'move to a first-line or approved agent: rituximab, or an approved biologic (eculizumab, ravulizumab, inebilizumab or satralizumab)'
        : `move to a first-line agent: rituximab${offLabel}`,
    };
  const other = MECHANISMS.filter((m) => !current.includes(m));
  const to = other.map((m) => `${m.name} (${m.examples})`);
  return {
    onBiologic: true,
    advice: `switch to another mechanism of action: from ${joinAnd(current.map((m) => m.name))} to ${to.length > 0 ? joinAnd(to) : 'another approved biologic'}${offLabel}`,
  };
}

/**
 * MOGAD is not AQP4-positive NMOSD: in the largest comparative series maintenance IVIG had the lowest
 * relapse rate and anti-CD20 therapy the highest (Chen JJ et al., Neurology 2020), so a breakthrough
 * moves to IVIG (or adds tocilizumab when already on it), not to the NMOSD biologics.
 */
function mogadAdvice(agents: readonly TherapyAgent[]): string {
  return agents.includes('ivig_maintenance')
    ? 'in MOGAD, consider adding or switching to tocilizumab or mycophenolate with the IVIG (anti-CD20 therapy is the least effective option in MOGAD)'
    : 'in MOGAD, consider monthly maintenance IVIG, which had the lowest relapse rate in comparative series (anti-CD20 therapy the highest)';
}

function breakthroughFlag(j: Judged, diagnosis: Diagnosis): Flag {
  const beyond = j.effective.map((c) => c.measured);
  const agents = [...new Set(beyond.map((c) => c.agent))];
  const mogad = diagnosis === 'mogad';
  const { onBiologic, advice } = breakthroughAdvice(agents, diagnosis === 'nmosd_aqp4_positive', diagnosis);
  const alsoLapsed =
    j.lapsed.length > 0
      ? ` Dosing had also lapsed: ${joinAnd(j.lapsed.map((l) => `${agentLabel(l.course.agent)} (${l.lapse.text})`))}.`
      : '';
  const alsoWithin =
    j.within.length > 0 ? ` Still within the onset-of-effect window: ${joinAnd(j.within.map(describeCourse))}.` : '';
  const bridge = j.bridging ? ' Oral prednisone (a bridge or add-on) is not judged on its own.' : '';
  const message =
    `${attackLabel(j.attack)} occurred on maintenance therapy beyond its onset-of-effect window: ` +
    `${joinAnd(beyond.map(describeCourse))}. This is a breakthrough relapse: check adherence and dosing, and ` +
    `${advice}.${alsoLapsed}${alsoWithin}${bridge}`;
  return makeFlag(
    'BREAKTHROUGH_RELAPSE',
    'critical',
    j.attack.onsetDate,
    message,
    mogad ? 'breakthroughMogad' : 'breakthrough',
    {
      ...attackDetails(j.attack),
      agents,
      therapies: beyond,
      therapiesWithinWindow: j.within,
      therapiesLapsed: j.lapsed.map((l) => l.measured),
      onBiologic,
      advice,
    },
  );
}

function lapsedFlag(j: Judged): Flag {
  const agents = [...new Set(j.lapsed.map((l) => l.course.agent))];
  const names = joinAnd(agents.map(agentLabel));
  const described = joinAnd(j.lapsed.map((l) => `${describeCourse(l.measured)}: ${l.lapse.text}`));
  const alsoWithin =
    j.within.length > 0 ? ` Still within the onset-of-effect window: ${joinAnd(j.within.map(describeCourse))}.` : '';
  const bridge = j.bridging ? ' Oral prednisone (a bridge or add-on) is not judged on its own.' : '';
  // A course stopped before onset has no dose to give: its depletion wore off after a deliberate stop.
  const stopped = j.lapsed.every((l) => l.measured.inCarryOver);
  const bCells = j.lapsed.some((l) => B_CELL_AGENTS.has(l.course.agent));
  const monitoring = bCells
    ? ' and tighten B-cell monitoring (CD19 and memory B cells)'
    : ' and keep to the dose schedule';
  const advice = stopped
    ? `${names} had been stopped and B-cell depletion had worn off, so the patient was without effective maintenance: restart it or start another maintenance therapy now.`
    : `This is a relapse on lapsed dosing, not a failure of ${names}: redose now${monitoring}; do not switch drug for this attack alone.`;
  const message = `${attackLabel(j.attack)} occurred when the dosing of ${names} had lapsed: ${described}. ${advice}${alsoWithin}${bridge}`;
  const reasons = [...new Set(j.lapsed.map((l) => l.lapse.reason))];
  // The B-cell evidence when an anti-CD20/CD19 agent lapsed, else the dose schedules of the labels.
  const source = bCells ? 'lapsedDosing' : 'doseSchedules';
  return makeFlag('RELAPSE_ON_LAPSED_DOSING', 'critical', j.attack.onsetDate, message, source, {
    ...attackDetails(j.attack),
    agents,
    reasons,
    therapies: j.lapsed.map((l) => l.measured),
    therapiesWithinWindow: j.within,
  });
}

function earlyFlag(j: Judged): Flag {
  const bridge = j.bridging ? ' Oral prednisone (a bridge or add-on) is not judged on its own.' : '';
  const message =
    `${attackLabel(j.attack)} occurred within the onset-of-effect window of ${joinAnd(j.within.map(describeCourse))}. ` +
    `The therapy may not have taken effect yet, so this attack alone does not show treatment failure.${bridge}`;
  return makeFlag('EARLY_RELAPSE_ON_THERAPY', 'info', j.attack.onsetDate, message, 'earlyRelapse', {
    ...attackDetails(j.attack),
    agents: [...new Set(j.within.map((c) => c.agent))],
    therapies: j.within,
  });
}

/**
 * What resolves RELAPSE_ON_LAPSED_DOSING, the earliest on or after the onset: a dose of a lapsed agent
 * (an administration of any course of it, or the first dose of a new course), another maintenance
 * agent started (oral prednisone is not a switch), or a lapsed course stopped. On one day a redose
 * is named before a switch, and a switch before a stop.
 */
function lapseResolution(
  timeline: ClinicalTimeline,
  j: Judged,
  onset: CalendarDate,
): { on: CalendarDate; resolution: string } | null {
  const lapsedAgents = new Set(j.lapsed.map((l) => l.course.agent));
  const candidates: { on: CalendarDate; rank: number; resolution: string }[] = [];
  for (const course of timeline.therapies) {
    if (!isMaintenance(course)) continue;
    if (lapsedAgents.has(course.agent)) {
      const doses = course.administrations.length > 0 ? course.administrations.map((a) => a.date) : [course.startDate];
      const redose = doses.find((date) => date >= onset);
      if (redose)
        candidates.push({ on: redose, rank: 0, resolution: `${agentLabel(course.agent)} redosed on ${redose}` });
    } else if (course.agent !== 'oral_prednisone' && course.startDate >= onset) {
      // "switched to" once every lapsed course has stopped by then; an agent added alongside is "started".
      const stopped = j.lapsed.every(({ course: c }) => c.stopDate !== null && c.stopDate <= course.startDate);
      const name = agentLabel(course.agent);
      candidates.push({
        on: course.startDate,
        rank: 1,
        resolution: stopped ? `switched to ${name} on ${course.startDate}` : `${name} started on ${course.startDate}`,
      });
    }
  }
  for (const { course } of j.lapsed) {
    if (course.stopDate !== null && course.stopDate >= onset)
      candidates.push({
        on: course.stopDate,
        rank: 2,
        resolution: `${agentLabel(course.agent)} stopped on ${course.stopDate}`,
      });
  }
  const first = candidates.sort((a, b) => a.on.localeCompare(b.on) || a.rank - b.rank)[0];
  return first ? { on: first.on, resolution: first.resolution } : null;
}
