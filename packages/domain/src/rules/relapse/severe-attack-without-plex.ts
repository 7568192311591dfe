import { makeFlag } from '../flag.ts';
import type { Flag, Rule } from '../types.ts';
import { attackDetails, attackLabel, treatmentDetails, treatmentList } from './labels.ts';

/**
 * SEVERE_ATTACK_WITHOUT_PLEX (warning): an attack recorded as severe with no plasma exchange among
 * its acute treatments (as known on the as-of date). NMOSD guideline, Second-Line Acute Treatment:
 * "add plasma exchange (PLEX) early ... if the initial presentation is severe"; Critical Pitfalls:
 * avoid "failure to escalate to PLEX early in severe cases". Raised from the onset day on (no
 * waiting period: the point is to prompt PLEX early) until a PLEX is recorded. One flag per attack,
 * dated at its onset.
 */
export const severeAttackWithoutPlexRule: Rule = {
  codes: ['SEVERE_ATTACK_WITHOUT_PLEX'],
  evaluate({ timeline }) {
    const flags: Flag[] = [];
    for (const relapse of timeline.relapses) {
      if (relapse.severity !== 'severe') continue;
      const treatments = relapse.acuteTreatments ?? [];
      if (treatments.some((t) => t.type === 'plex')) continue;
      const given =
        treatments.length > 0 ? `treatment so far: ${treatmentList(treatments)}` : 'no acute treatment recorded';
      const message =
        `${attackLabel(relapse)}: no plasma exchange recorded (${given}). ` +
        'The guideline advises adding PLEX early when the presentation is severe.';
      flags.push(
        makeFlag('SEVERE_ATTACK_WITHOUT_PLEX', 'warning', relapse.onsetDate, message, 'plexSevere', {
          ...attackDetails(relapse),
          treatments: treatments.map(treatmentDetails),
        }),
      );
    }
    return flags;
  },
};
