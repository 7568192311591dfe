import { addDays } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import type { Rule } from '../types.ts';
import {
  anchorClause,
  episodeUntil,
  intervalDetails,
  overdueClause,
  overdueEpisodes,
  pastAnchorClause,
  plural,
  recordsOn,
  scheduleGaps,
  settleEpisode,
  startOfCare,
} from './schedule.ts';

/**
 * EDSS_OVERDUE: no EDSS for more than `monitoring.edssIntervalDays` (default 365).
 * The EDSS is recorded at each visit (Kurtzke 1983 scale); registries record it
 * every 6-12 months (Danish Multiple Sclerosis Registry practice), so the interval is a clinic setting.
 * Due by last EDSS + interval; overdue from the day after. With no EDSS at all the schedule is
 * counted from the start of care (earliest of first attack and diagnosis); without one, no flag.
 *
 * Lifecycle (the episode walk of schedule.ts): counted from the start of care and then from each
 * EDSS, every gap in which the next EDSS came after the due day (anchor + 365 days) is an episode
 * dated at its due day and resolved on the day of that EDSS ("EDSS recorded on 2023-04-02"); an EDSS
 * on the due day was on time, one the day after resolves a one-day episode. The current episode
 * (as-of past the last EDSS's due day) is open until an EDSS is recorded; it never expires (an EDSS
 * can always be done). `details.daysOverdue` counts to as-of while open, to the resolving EDSS after.
 */
export const edssOverdueRule: Rule = {
  codes: ['EDSS_OVERDUE'],
  evaluate(context) {
    const intervalDays = context.settings.monitoring.edssIntervalDays;
    const assessments = context.timeline.edss;
    const gaps = scheduleGaps(
      startOfCare(context),
      assessments.map((edss) => edss.date),
    );
    return overdueEpisodes(gaps, context.asOf, (anchor) => addDays(anchor.date, intervalDays)).map(
      ({ anchor, end, dueDate }) => {
        const last = anchor.kind === 'last_record' ? recordsOn(assessments, anchor.date).at(-1) : undefined;
        const details = {
          ...intervalDetails(anchor, dueDate, episodeUntil({ anchor, end }, context.asOf), intervalDays),
          lastScore: last?.score ?? null,
        };
        const note = last ? ` (score ${last.score})` : '';
        const resolution = end && `EDSS recorded on ${end.date}`;
        const opening = end ? pastAnchorClause('EDSS', anchor, note) : anchorClause('EDSS', anchor, context.asOf, note);
        const message =
          `${opening}; the clinic's EDSS interval is ${plural(intervalDays, 'day')}, so ` +
          `${last ? 'the next' : 'one'} was due by ${dueDate} ${overdueClause(details.daysOverdue, resolution)}`;
        const flag = makeFlag('EDSS_OVERDUE', 'warning', dueDate, message, 'edssMonitoring', details);
        return settleEpisode(flag, context.asOf, end, resolution);
      },
    );
  },
};
