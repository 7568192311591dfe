import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag } from '../flag.ts';
import { latest, type TherapyCourse, therapiesActiveOn } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName, capitalized, dayCount, stopReasonName } from './labels.ts';

/**
 * NO_MAINTENANCE_THERAPY: an AQP4-IgG-positive patient (serostatus 'positive' on the patient record, or
 * any positive AQP4 antibody test up to the as-of date) who has had at least one attack and is on no
 * maintenance therapy (MAINTENANCE_AGENTS) on the as-of date. NMOSD guideline, Treatment Algorithm step 3
 * (initiate maintenance therapy after an attack) and step 6 ("a relapsing disease requiring indefinite
 * immunosuppression"). No grace period after an attack: the guideline has none, so the flag is there from
 * the onset day until maintenance starts. AHSCT and MS drugs are not maintenance therapies.
 * Dated at the later of the last attack's onset and the last maintenance stop (when the gap began).
 */
export const noMaintenanceTherapyRule: Rule = {
  codes: ['NO_MAINTENANCE_THERAPY'],
  evaluate({ patient, timeline, asOf }) {
    const positiveTest = timeline.antibodyTests.find((test) => test.antibody === 'AQP4' && test.result === 'positive');
    if (patient.aqp4Status !== 'positive' && positiveTest === undefined) return [];
    const lastAttack = latest(timeline.relapses);
    if (lastAttack === undefined) return [];
    const isMaintenance = (course: TherapyCourse) => MAINTENANCE_AGENTS.has(course.agent);
    if (therapiesActiveOn(timeline, asOf, isMaintenance).length > 0) return [];

    // None is active, so every maintenance course on record has a stop date up to as-of.
    let lastStopped: (TherapyCourse & { stopDate: CalendarDate }) | undefined;
    for (const course of timeline.therapies) {
      if (!isMaintenance(course) || course.stopDate === null) continue;
      if (lastStopped === undefined || course.stopDate >= lastStopped.stopDate)
        lastStopped = { ...course, stopDate: course.stopDate };
    }
    const date =
      lastStopped !== undefined && lastStopped.stopDate > lastAttack.onsetDate
        ? lastStopped.stopDate
        : lastAttack.onsetDate;
    const others = [
      ...new Set(therapiesActiveOn(timeline, asOf, (course) => !isMaintenance(course)).map((c) => c.agent)),
    ];

    const attackCount = timeline.relapses.length;
    const attacks = `${attackCount} ${attackCount === 1 ? 'attack' : 'attacks'} (${attackCount === 1 ? 'on' : 'the last on'} ${lastAttack.onsetDate})`;
    const history =
      lastStopped === undefined
        ? 'no maintenance therapy has been recorded'
        : `the last maintenance therapy, ${agentName(lastStopped.agent)}, was stopped on ${lastStopped.stopDate} (${stopReasonName(lastStopped.stopReason)})`;
    const otherText =
      others.length === 0
        ? ''
        : ` ${capitalized(others.map(agentName).join(' and '))} ${others.length === 1 ? 'is not an NMOSD maintenance therapy' : 'are not NMOSD maintenance therapies'}.`;
    return [
      makeFlag(
        'NO_MAINTENANCE_THERAPY',
        'critical',
        date,
        `AQP4-IgG-positive patient with ${attacks} has no maintenance therapy on ${asOf}, ${dayCount(daysBetween(date, asOf))} after ${date === lastAttack.onsetDate ? 'the last attack' : 'maintenance was stopped'}; ${history}.${otherText} The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.`,
        'maintenance',
        {
          aqp4Status: patient.aqp4Status ?? null,
          aqp4PositiveTestDate: positiveTest?.date ?? null,
          attackCount,
          lastAttackOnset: lastAttack.onsetDate,
          lastMaintenance:
            lastStopped === undefined
              ? null
              : { agent: lastStopped.agent, stopDate: lastStopped.stopDate, stopReason: lastStopped.stopReason },
          daysSince: daysBetween(date, asOf),
          nonMaintenanceTherapiesActive: others,
        },
      ),
    ];
  },
};
