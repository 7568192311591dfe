import { daysBetween } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import type { Flag, Rule } from '../types.ts';
import { attackDetails, attackLabel } from './labels.ts';

/**
 * UNTREATED_RELAPSE (warning): no acute treatment recorded for an attack once the as-of date is at
 * least settings.acute.untreatedAfterDays after onset (default 14: as of day 13 nothing, as of day 14
 * the flag). NMOSD guideline, Acute Attack Management: IVMP immediately; delay beyond 2 weeks
 * worsens outcome. Treatments recorded after the as-of date are not known yet, so an as-of date in
 * the past shows the attack as it stood then. One flag per attack, dated at its onset.
 */
export const untreatedRelapseRule: Rule = {
  codes: ['UNTREATED_RELAPSE'],
  evaluate({ timeline, asOf, settings }) {
    const limit = settings.acute.untreatedAfterDays;
    const flags: Flag[] = [];
    for (const relapse of timeline.relapses) {
      if ((relapse.acuteTreatments ?? []).length > 0) continue;
      const daysSinceOnset = daysBetween(relapse.onsetDate, asOf);
      if (daysSinceOnset < limit) continue;
      const message =
        `${attackLabel(relapse)}: no acute treatment recorded ${daysSinceOnset} days after onset (as of ${asOf}); ` +
        `the guideline expects IVMP (or PLEX) within ${limit} days. Record the treatment if it was given.`;
      flags.push(
        makeFlag('UNTREATED_RELAPSE', 'warning', relapse.onsetDate, message, 'acuteTreatment', {
          ...attackDetails(relapse),
          asOf,
          daysSinceOnset,
          untreatedAfterDays: limit,
        }),
      );
    }
    return flags;
  },
};
