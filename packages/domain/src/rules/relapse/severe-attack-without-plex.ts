import { daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';
import { attackDetails, attackLabel, treatmentDetails, treatmentList, treatmentStarted } from './labels.ts';
import { acutePhaseEnd, perAttackRule } from './per-attack.ts';

/**
 * SEVERE_ATTACK_WITHOUT_PLEX (warning): an attack recorded as severe that was not given plasma
 * exchange on its onset day. Kümpfel et al., NEMOS recommendations Part II, J Neurol 2024: plasma
 * exchange early, first-line in severe attacks; Kleiter et al., Ann Neurol 2016: PLEX as first
 * treatment did better in severe myelitis. Raised from the onset day on (no waiting period: the point is to
 * prompt PLEX early). One flag per attack, dated at its onset.
 *
 * Lifecycle: PLEX started on the onset day itself (or recorded before it): no flag at all. Otherwise
 * resolved on the first PLEX start ("PLEX started on 2024-03-07, day 5"); without PLEX, open up to
 * onset + settings.lifecycle.acutePhaseDays (default 30, included; complete improvement with PLEX
 * falls to 1-5% after day 20, Bonnan et al. 2018, per the setting's comment) and expired from the
 * next day. A PLEX recorded after that still resolves it. This flag is the prompt while PLEX is
 * missing; that a PLEX came late (after settings.acute.plexDelayedAfterDays) is PLEX_DELAYED's
 * finding (plex-delayed.ts), not this flag's.
 */
export const severeAttackWithoutPlexRule: Rule = perAttackRule(
  'SEVERE_ATTACK_WITHOUT_PLEX',
  (relapse, { asOf, settings }) => {
    if (relapse.severity !== 'severe') return null;
    const treatments = relapse.acuteTreatments ?? [];
    // Sorted by start date, so this is the first PLEX.
    const plex = treatments.find((t) => t.type === 'plex');
    if (plex && plex.startDate <= relapse.onsetDate) return null;
    let message: string;
    if (plex) {
      message =
        `${attackLabel(relapse)}: plasma exchange started ${daysBetween(relapse.onsetDate, plex.startDate)} days after onset, ` +
        `on ${plex.startDate}. The NEMOS recommendations (Kümpfel et al. 2024) advise adding PLEX early when the presentation is severe.`;
    } else {
      const given =
        treatments.length > 0 ? `treatment so far: ${treatmentList(treatments)}` : 'no acute treatment recorded';
      message =
        `${attackLabel(relapse)}: no plasma exchange recorded (${given}). ` +
        'The NEMOS recommendations (Kümpfel et al. 2024) advise adding PLEX early when the presentation is severe.';
    }
    const flag = makeFlag('SEVERE_ATTACK_WITHOUT_PLEX', 'warning', relapse.onsetDate, message, 'plexSevere', {
      ...attackDetails(relapse),
      treatments: treatments.map(treatmentDetails),
    });
    return settle(flag, asOf, {
      resolvedBy: plex ? { on: plex.startDate, resolution: treatmentStarted(relapse, plex) } : null,
      // A merged attack that became severe later is owed PLEX from that record (worsenedOn).
      actionableUntil: acutePhaseEnd(relapse.worsenedOn, settings),
    });
  },
);
