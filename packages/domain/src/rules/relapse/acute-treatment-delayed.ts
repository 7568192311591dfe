import { daysBetween } from '../../calendar-date.ts';
import type { AcuteTreatmentType } from '../../enums.ts';
import type { AcuteTreatment, RelapseEvent } from '../../records/relapse.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { SOURCES } from '../sources.ts';
import type { Rule } from '../types.ts';
import { countingTreatments, nonCountingTreatments, notCountedSentence } from './acute-treatments.ts';
import { attackDetails, attackLabel, treatmentDetails, treatmentLabel } from './labels.ts';
import { acutePhaseEnd, perAttackRule } from './per-attack.ts';

/**
 * ACUTE_TREATMENT_DELAYED (warning): the attack's first acute treatment that counts (IVMP or PLEX;
 * IVIG only when settings.acute.ivigCountsAsAcuteTreatment; never an oral steroid taper, see
 * acute-treatments.ts) started more than settings.acute.delayedAfterDays after onset (default 14: a
 * start on day 14 is on time, day 15 is delayed). Kümpfel et al., NEMOS 2024, attack therapy: IVMP
 * "immediately"; "treatment delay beyond 2 weeks is associated with significantly poorer outcomes".
 * So an oral taper on day 2 does not hide IVMP given on day 20: the attack's acute treatment was
 * late (the taper is named in the message as not counted). When PLEX started late as well, the
 * message adds the PLEX-timing evidence (Bonnan et al. 2018, SOURCES.plexDelay), since outcome falls
 * with every day PLEX waits; PLEX_DELAYED then stays silent for the attack (plex-delayed.ts). Only
 * recorded treatments count; an attack with none that counts is UNTREATED_RELAPSE's. One flag per
 * attack, dated at its onset.
 *
 * Lifecycle: never resolved (the delay happened; no later record undoes it). Open while the as-of
 * date is at most onset + settings.lifecycle.acutePhaseDays (default 30, included): the response to
 * the late treatment can still be reviewed and escalated to PLEX (Bonnan et al. 2018, per the
 * setting's comment). Expired from the next day (day 31); a first treatment after day 30 raises it
 * already expired.
 */
export const acuteTreatmentDelayedRule: Rule = perAttackRule(
  'ACUTE_TREATMENT_DELAYED',
  (relapse, { asOf, settings }) => {
    const limit = settings.acute.delayedAfterDays;
    const first = firstLateTreatment(relapse, settings);
    if (!first) return null;
    const onsetToFirstTreatmentDays = daysBetween(relapse.onsetDate, first.startDate);
    const notCounted = nonCountingTreatments(relapse, settings).filter((t) => t.startDate <= first.startDate);
    const onsetToIvmpDays = daysToFirst(relapse, 'ivmp');
    const onsetToPlexDays = daysToFirst(relapse, 'plex');
    // Any PLEX of a delayed attack started late too (it cannot precede the first treatment).
    const plexLate = onsetToPlexDays !== null;
    const plexSentence = plexLate
      ? ` PLEX started ${onsetToPlexDays} days after onset; complete improvement falls from 50% with PLEX at day 0 to 1-5% after day 20 (Bonnan et al. 2018).`
      : '';
    const message =
      `${attackLabel(relapse)}: first acute treatment (${treatmentLabel(first.type)}) started ${onsetToFirstTreatmentDays} days ` +
      `after onset, on ${first.startDate}; the clinic standard is treatment within ${limit} days.${plexSentence}` +
      notCountedSentence(notCounted);
    const flag = makeFlag('ACUTE_TREATMENT_DELAYED', 'warning', relapse.onsetDate, message, 'acuteTreatment', {
      ...attackDetails(relapse),
      firstTreatmentDate: first.startDate,
      firstTreatmentType: first.type,
      onsetToFirstTreatmentDays,
      onsetToIvmpDays,
      onsetToPlexDays,
      delayedAfterDays: limit,
      notCountedTreatments: notCounted.map(treatmentDetails),
      ...(plexLate ? { plexTimingSource: SOURCES.plexDelay } : {}),
    });
    return settle(flag, asOf, { actionableUntil: acutePhaseEnd(relapse.onsetDate, settings) });
  },
);

/**
 * The attack's first acute treatment that counts when it started after settings.acute.delayedAfterDays,
 * else null (none that counts, or on time). The timeline sorts treatments by start date, then type.
 */
export function firstLateTreatment(relapse: RelapseEvent, settings: RuleSettings): AcuteTreatment | null {
  const first = countingTreatments(relapse, settings)[0];
  if (!first) return null;
  return daysBetween(relapse.onsetDate, first.startDate) > settings.acute.delayedAfterDays ? first : null;
}

/** Days from onset to the first treatment of this type, or null when none is recorded. */
function daysToFirst(relapse: RelapseEvent, type: AcuteTreatmentType): number | null {
  const treatment = relapse.acuteTreatments?.find((t) => t.type === type);
  return treatment ? daysBetween(relapse.onsetDate, treatment.startDate) : null;
}
