import { postpartumEdssDue } from '../pregnancy/windows.ts';
import type { Rule } from '../types.ts';
import { examIntervalFlags } from './exam-interval.ts';
import { recordsOn } from './schedule.ts';

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
 *
 * After a pregnancy ends (its actual end recorded) the interval is shorter for `pregnancy.postpartumDays`
 * (90): the next EDSS is due `pregnancy.postpartumEdssIntervalDays` (30) after the later of the last
 * EDSS and the end, when that day falls inside the window (relapses peak in the first 3 months
 * postpartum: Klawiter et al., Neurology 2017, PMID 29093070); `details.postpartum` names the pregnancy.
 * That episode is resolved by an EDSS up to the window's last day, else expires the day after it (the
 * postpartum check can no longer be done); the clinic's interval still applies to the same gap.
 */
export const edssOverdueRule: Rule = {
  codes: ['EDSS_OVERDUE'],
  evaluate(context) {
    const assessments = context.timeline.edss;
    return examIntervalFlags(context, 'EDSS', {
      dates: assessments.map((edss) => edss.date),
      lastExam(date) {
        const last = date === null ? undefined : recordsOn(assessments, date).at(-1);
        return { details: { lastScore: last?.score ?? null }, note: last ? ` (score ${last.score})` : '' };
      },
      resolution: (date) => `EDSS recorded on ${date}`,
      shortened: (anchor) => postpartumEdssDue(context, anchor.date),
    });
  },
};
