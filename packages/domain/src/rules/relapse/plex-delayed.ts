import { daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';
import { firstLateTreatment } from './acute-treatment-delayed.ts';
import { countingTreatments } from './acute-treatments.ts';
import { attackDetails, attackLabel, treatmentLabel } from './labels.ts';
import { acutePhaseEnd, perAttackRule } from './per-attack.ts';

/**
 * PLEX_DELAYED (warning): a severe attack whose first plasma exchange started more than
 * settings.acute.plexDelayedAfterDays after onset (default 7: PLEX on day 7 is on time, day 8 late).
 * Source: complete improvement fell continuously from 50% with PLEX at day 0 to 1-5% after day 20,
 * and delay was an independent predictor of outcome (Bonnan et al., J Neurol Neurosurg Psychiatry
 * 2018;89:346-351, PMID 29030418); NEMOS 2024 adds PLEX early when the presentation is severe.
 * Raised once the PLEX is recorded (as of its start day), one flag per attack, dated at its onset.
 *
 * How it relates to the other acute-care flags, so that no two say the same thing:
 * - SEVERE_ATTACK_WITHOUT_PLEX is the prompt while a severe attack has no PLEX; it is resolved the
 *   day PLEX starts. PLEX_DELAYED is the finding that the PLEX, once given, came late.
 * - ACUTE_TREATMENT_DELAYED (first acute treatment after day 14) already reports the onset-to-PLEX
 *   days and this evidence for its attack; PLEX_DELAYED is not raised for an attack that has it. So
 *   PLEX_DELAYED is the case of a severe attack treated on time (IVMP by day 14) whose escalation to
 *   PLEX came after day 7.
 * Moderate and mild attacks are not judged: PLEX there is escalation after an inadequate response,
 * with no timing standard.
 *
 * Lifecycle: never resolved (the delay happened). Open up to onset + settings.lifecycle.acutePhaseDays
 * (default 30, included: the response can still be reviewed and the course completed), expired from
 * the next day; a PLEX first recorded after day 30 raises it already expired.
 */
export const plexDelayedRule: Rule = perAttackRule('PLEX_DELAYED', (relapse, { asOf, settings }) => {
  const limit = settings.acute.plexDelayedAfterDays;
  if (relapse.severity !== 'severe') return null;
  // Sorted by start date, so this is the first PLEX.
  const plex = relapse.acuteTreatments?.find((t) => t.type === 'plex');
  if (!plex) return null;
  const onsetToPlexDays = daysBetween(relapse.onsetDate, plex.startDate);
  if (onsetToPlexDays <= limit) return null;
  if (firstLateTreatment(relapse, settings)) return null;
  const first = countingTreatments(relapse, settings)[0] ?? plex;
  const onsetToFirstTreatmentDays = daysBetween(relapse.onsetDate, first.startDate);
  const before =
    first === plex
      ? ''
      : ` (first acute treatment: ${treatmentLabel(first.type)} on ${first.startDate}, day ${onsetToFirstTreatmentDays})`;
  const message =
    `${attackLabel(relapse)}: plasma exchange started ${onsetToPlexDays} days after onset, on ${plex.startDate}${before}; ` +
    `in a severe attack PLEX is expected within ${limit} days. Complete improvement falls from 50% with PLEX ` +
    'at day 0 to 1-5% after day 20 (Bonnan et al. 2018).';
  const flag = makeFlag('PLEX_DELAYED', 'warning', relapse.onsetDate, message, 'plexDelay', {
    ...attackDetails(relapse),
    plexStartDate: plex.startDate,
    onsetToPlexDays,
    firstTreatmentDate: first.startDate,
    firstTreatmentType: first.type,
    onsetToFirstTreatmentDays,
    plexDelayedAfterDays: limit,
  });
  return settle(flag, asOf, { actionableUntil: acutePhaseEnd(relapse.onsetDate, settings) });
});
