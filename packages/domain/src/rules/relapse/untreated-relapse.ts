import { addDays, daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Flag, Rule } from '../types.ts';
import { attackDetails, attackLabel, treatmentLabel, treatmentStarted } from './labels.ts';

/**
 * UNTREATED_RELAPSE (warning): an attack with no acute treatment recorded on or before day
 * settings.acute.untreatedAfterDays after onset (default 14), i.e. none at all or a first treatment
 * dated after onset + 14. It exists once the as-of date is at least day 14 (as of day 13 nothing, as
 * of day 14 the flag). NMOSD guideline, Acute Attack Management: IVMP immediately; delay beyond
 * 2 weeks worsens outcome. Treatments recorded after the as-of date are not known yet, so an as-of
 * date in the past shows the attack as it stood then. One flag per attack, dated at its onset.
 *
 * Lifecycle: resolved on the start date of the first acute treatment of any type ("IVMP started on
 * 2024-03-20, day 19"), so an attack treated late keeps a resolved flag in its history (and
 * ACUTE_TREATMENT_DELAYED); otherwise open up to onset + settings.lifecycle.acutePhaseDays (default
 * 30, both days included: acute care can still be given, Bonnan et al. 2018 per the setting's comment)
 * and expired from the next day (day 31). A treatment recorded after that still resolves it.
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
      const first = relapse.acuteTreatments?.[0];
      if (first && daysBetween(relapse.onsetDate, first.startDate) <= limit) continue;
      const message = first
        ? `${attackLabel(relapse)}: no acute treatment recorded within ${limit} days of onset; the first ` +
          `(${treatmentLabel(first.type)}) started ${daysBetween(relapse.onsetDate, first.startDate)} days after onset, on ${first.startDate}.`
        : `${attackLabel(relapse)}: no acute treatment recorded ${daysSinceOnset} days after onset (as of ${asOf}); ` +
          `the guideline expects IVMP (or PLEX) within ${limit} days. Record the treatment if it was given.`;
      const flag = makeFlag('UNTREATED_RELAPSE', 'warning', relapse.onsetDate, message, 'acuteTreatment', {
        ...attackDetails(relapse),
        asOf,
        daysSinceOnset,
        untreatedAfterDays: limit,
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
