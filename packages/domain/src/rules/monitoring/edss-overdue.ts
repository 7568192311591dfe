import { addDays } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import { latest } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { anchorClause, intervalDetails, plural, scheduleAnchor } from './schedule.ts';

/**
 * EDSS_OVERDUE: no EDSS for more than `monitoring.edssIntervalDays` (default 365).
 * The guideline asks for EDSS "at each visit" (Monitoring Treatment Response); registries record it
 * every 6-12 months (Danish MS Registry, clinical-research.md 2.5), so the interval is a clinic setting.
 * Due by last EDSS + interval; overdue from the day after. With no EDSS at all the schedule is
 * counted from the start of care (earliest of first attack and diagnosis); without one, no flag.
 */
export const edssOverdueRule: Rule = {
  codes: ['EDSS_OVERDUE'],
  evaluate(context) {
    const intervalDays = context.settings.monitoring.edssIntervalDays;
    const last = latest(context.timeline.edss);
    const anchor = scheduleAnchor(context, last?.date);
    if (anchor === null) return [];
    const dueDate = addDays(anchor.date, intervalDays);
    if (context.asOf <= dueDate) return [];
    const details = { ...intervalDetails(anchor, dueDate, context.asOf, intervalDays), lastScore: last?.score ?? null };
    const opening = anchorClause('EDSS', anchor, context.asOf, last ? ` (score ${last.score})` : '');
    const message =
      `${opening}; the clinic's EDSS interval is ${plural(intervalDays, 'day')}, so ` +
      `${last ? 'the next' : 'one'} was due by ${dueDate} and is ${plural(details.daysOverdue, 'day')} overdue.`;
    return [makeFlag('EDSS_OVERDUE', 'warning', dueDate, message, 'edssMonitoring', details)];
  },
};
