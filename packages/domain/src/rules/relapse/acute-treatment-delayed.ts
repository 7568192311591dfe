import { addDays, daysBetween } from '../../calendar-date.ts';
import type { AcuteTreatmentType } from '../../enums.ts';
import type { RelapseEvent } from '../../records/relapse.ts';
import { makeFlag, settle } from '../flag.ts';
import { SOURCES } from '../sources.ts';
import type { Flag, Rule } from '../types.ts';
import { attackDetails, attackLabel, treatmentLabel } from './labels.ts';

/**
 * ACUTE_TREATMENT_DELAYED (warning): the attack's first acute treatment of any type started more than
 * settings.acute.delayedAfterDays after onset (default 14: a start on day 14 is on time, day 15 is
 * delayed). NMOSD guideline, Acute Attack Management: IVMP "immediately"; "treatment delay beyond
 * 2 weeks is associated with significantly poorer outcomes". When PLEX started late as well, the
 * message adds the PLEX-timing evidence (Bonnan et al. 2018, SOURCES.plexDelay), since outcome falls
 * with every day PLEX waits. Only recorded treatments count; an attack with none is UNTREATED_RELAPSE's.
 * One flag per attack, dated at its onset.
 *
 * Lifecycle: never resolved (the delay happened; no later record undoes it). Open while the as-of
 * date is at most onset + settings.lifecycle.acutePhaseDays (default 30, included): the response to
 * the late treatment can still be reviewed and escalated to PLEX (Bonnan et al. 2018, per the
 * setting's comment). Expired from the next day (day 31); a first treatment after day 30 raises it
 * already expired.
 */
export const acuteTreatmentDelayedRule: Rule = {
  codes: ['ACUTE_TREATMENT_DELAYED'],
  evaluate({ timeline, asOf, settings }) {
    const limit = settings.acute.delayedAfterDays;
    const flags: Flag[] = [];
    for (const relapse of timeline.relapses) {
      // The timeline sorts acute treatments by start date (then type), so the first is the earliest.
      const first = relapse.acuteTreatments?.[0];
      if (!first) continue;
      const onsetToFirstTreatmentDays = daysBetween(relapse.onsetDate, first.startDate);
      if (onsetToFirstTreatmentDays <= limit) continue;
      const onsetToIvmpDays = daysToFirst(relapse, 'ivmp');
      const onsetToPlexDays = daysToFirst(relapse, 'plex');
      // Any PLEX of a delayed attack started late too (it cannot precede the first treatment).
      const plexLate = onsetToPlexDays !== null;
      const plexSentence = plexLate
        ? ` PLEX started ${onsetToPlexDays} days after onset; complete improvement falls from 50% with PLEX at day 0 to 1-5% after day 20 (Bonnan et al. 2018).`
        : '';
      const message =
        `${attackLabel(relapse)}: first acute treatment (${treatmentLabel(first.type)}) started ${onsetToFirstTreatmentDays} days ` +
        `after onset, on ${first.startDate}; the guideline expects treatment within ${limit} days.${plexSentence}`;
      const flag = makeFlag('ACUTE_TREATMENT_DELAYED', 'warning', relapse.onsetDate, message, 'acuteTreatment', {
        ...attackDetails(relapse),
        firstTreatmentDate: first.startDate,
        firstTreatmentType: first.type,
        onsetToFirstTreatmentDays,
        onsetToIvmpDays,
        onsetToPlexDays,
        delayedAfterDays: limit,
        ...(plexLate ? { plexTimingSource: SOURCES.plexDelay } : {}),
      });
      flags.push(
        settle(flag, asOf, { actionableUntil: addDays(relapse.onsetDate, settings.lifecycle.acutePhaseDays) }),
      );
    }
    return flags;
  },
};

/** Days from onset to the first treatment of this type, or null when none is recorded. */
function daysToFirst(relapse: RelapseEvent, type: AcuteTreatmentType): number | null {
  const treatment = relapse.acuteTreatments?.find((t) => t.type === type);
  return treatment ? daysBetween(relapse.onsetDate, treatment.startDate) : null;
}
