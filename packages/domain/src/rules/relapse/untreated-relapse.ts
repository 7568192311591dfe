import { addDays, daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Flag, Rule } from '../types.ts';
import { countingTreatments, nonCountingTreatments, notCountedSentence } from './acute-treatments.ts';
import { attackDetails, attackLabel, treatmentDetails, treatmentLabel, treatmentStarted } from './labels.ts';

/**
 * UNTREATED_RELAPSE (warning): an attack with no acute treatment that counts (IVMP or PLEX; IVIG
 * only when settings.acute.ivigCountsAsAcuteTreatment; never an oral steroid taper, see
 * acute-treatments.ts) recorded on or before day settings.acute.untreatedAfterDays after onset
 * (default 4), i.e. none at all or a first one dated after onset + 4. It exists once the as-of date
 * is at least day 4 (as of day 3 nothing, as of day 4 the flag: treat today). Sources: IVMP
 * "immediately" (NMOSD guideline, Acute Attack Management); onset to IVMP ≤ 4 days was the best
 * cut-off for visual recovery in AQP4-IgG and MOG-IgG optic neuritis, > 7 days an OR of 10 for
 * failing to regain 20/30 (Stiebel-Kalish et al. 2019, PMID 31355308); see the setting's comment.
 * Treatments recorded after the as-of date are not known yet, so an as-of date in the past shows
 * the attack as it stood then. One flag per attack, dated at its onset. Treatments that do not count
 * are listed in the message and details (`notCountedTreatments`).
 *
 * Lifecycle: resolved on the start date of the first acute treatment that counts ("IVMP started on
 * 2024-03-20, day 18"), so an attack treated late keeps a resolved flag in its history (and, after
 * day 14, ACUTE_TREATMENT_DELAYED); an oral taper alone never resolves it. Otherwise open up to onset
 * + settings.lifecycle.acutePhaseDays (default 30, both days included: acute care can still be given,
 * Bonnan et al. 2018 per the setting's comment) and expired from the next day (day 31). A treatment
 * recorded after that still resolves it.
 */
export const untreatedRelapseRule: Rule = {
  codes: ['UNTREATED_RELAPSE'],
  evaluate({ timeline, asOf, settings }) {
    const limit = settings.acute.untreatedAfterDays;
    const flags: Flag[] = [];
    for (const relapse of timeline.relapses) {
      const daysSinceOnset = daysBetween(relapse.onsetDate, asOf);
      if (daysSinceOnset < limit) continue;
      // The timeline sorts acute treatments by start date (then type), so the first is the earliest.
      const first = countingTreatments(relapse, settings)[0];
      if (first && daysBetween(relapse.onsetDate, first.startDate) <= limit) continue;
      const notCounted = nonCountingTreatments(relapse, settings);
      const message =
        (first
          ? `${attackLabel(relapse)}: no acute treatment (IVMP or PLEX) recorded within ${limit} days of onset; the first ` +
            `(${treatmentLabel(first.type)}) started ${daysBetween(relapse.onsetDate, first.startDate)} days after onset, on ${first.startDate}.`
          : `${attackLabel(relapse)}: no acute treatment (IVMP or PLEX) recorded ${daysSinceOnset} days after onset (as of ${asOf}); ` +
            `treatment should start immediately, by day ${limit} at the latest. Record the treatment if it was given.`) +
        notCountedSentence(notCounted);
      const flag = makeFlag('UNTREATED_RELAPSE', 'warning', relapse.onsetDate, message, 'untreatedAttack', {
        ...attackDetails(relapse),
        asOf,
        daysSinceOnset,
        untreatedAfterDays: limit,
        notCountedTreatments: notCounted.map(treatmentDetails),
      });
      flags.push(
        settle(flag, asOf, {
          resolvedBy: first ? { on: first.startDate, resolution: treatmentStarted(relapse, first) } : null,
          actionableUntil: addDays(relapse.onsetDate, settings.lifecycle.acutePhaseDays),
        }),
      );
    }
    return flags;
  },
};
