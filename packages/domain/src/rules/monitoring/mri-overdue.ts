import { addDays, daysBetween } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import { latest } from '../timeline.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import { anchorClause, intervalDetails, plural, scheduleAnchor, words } from './schedule.ts';

/**
 * MRI_OVERDUE, two causes (details.reason):
 * - 'interval': no MRI of any region for more than `monitoring.mriIntervalDays` (default 365). The
 *   guideline asks for "regular MRI monitoring to detect early signs of relapse" (Monitoring Treatment
 *   Response) without a number; no NMOSD surveillance interval is published (clinical-research.md
 *   2.5), so it is a clinic setting. Due by last MRI + interval, overdue from the day after; with no
 *   MRI at all, counted from the start of care.
 * - 'attack_without_mri': an attack with no MRI dated from onset - `mriAfterAttackDays` to onset +
 *   `mriAfterAttackDays` (both days included). Known only once the window has closed (as-of after
 *   onset + window); one flag per such attack, dated at its onset.
 */
export const mriOverdueRule: Rule = {
  codes: ['MRI_OVERDUE'],
  evaluate(context) {
    const flags = attacksWithoutMri(context);
    const interval = intervalOverdue(context);
    return interval ? [interval, ...flags] : flags;
  },
};

function intervalOverdue(context: RuleContext): Flag | null {
  const intervalDays = context.settings.monitoring.mriIntervalDays;
  const exams = context.timeline.mriExams;
  const last = latest(exams);
  const anchor = scheduleAnchor(context, last?.date);
  if (anchor === null) return null;
  const dueDate = addDays(anchor.date, intervalDays);
  if (context.asOf <= dueDate) return null;
  const lastRegions = last ? exams.filter((exam) => exam.date === last.date).map((exam) => exam.region) : [];
  const details = { reason: 'interval', ...intervalDetails(anchor, dueDate, context.asOf, intervalDays), lastRegions };
  const note = last ? ` (${lastRegions.map(words).join(', ')})` : '';
  const message =
    `${anchorClause('MRI', anchor, context.asOf, note)}; the clinic's MRI interval is ${plural(intervalDays, 'day')}, ` +
    `so ${last ? 'the next' : 'one'} was due by ${dueDate} and is ${plural(details.daysOverdue, 'day')} overdue.`;
  return makeFlag('MRI_OVERDUE', 'warning', dueDate, message, 'mriMonitoring', details);
}

function attacksWithoutMri(context: RuleContext): Flag[] {
  const windowDays = context.settings.monitoring.mriAfterAttackDays;
  const exams = context.timeline.mriExams;
  const flags: Flag[] = [];
  for (const attack of context.timeline.relapses) {
    const windowStart = addDays(attack.onsetDate, -windowDays);
    const windowEnd = addDays(attack.onsetDate, windowDays);
    // An MRI may still be done on the window's last day: only after it is the gap a fact.
    if (context.asOf <= windowEnd) continue;
    if (exams.some((exam) => exam.date >= windowStart && exam.date <= windowEnd)) continue;
    const nextMri = exams.find((exam) => exam.date > windowEnd)?.date ?? null;
    const later = nextMri
      ? ` The next MRI was on ${nextMri}, ${plural(daysBetween(attack.onsetDate, nextMri), 'day')} after onset.`
      : '';
    const message =
      `Attack on ${attack.onsetDate} (${words(attack.phenotype)}, ${attack.severity}): no MRI recorded ` +
      `from ${windowStart} to ${windowEnd}; the clinic expects an MRI within ${plural(windowDays, 'day')} of onset.${later}`;
    flags.push(
      makeFlag('MRI_OVERDUE', 'warning', attack.onsetDate, message, 'mriMonitoring', {
        reason: 'attack_without_mri',
        onsetDate: attack.onsetDate,
        phenotype: attack.phenotype,
        severity: attack.severity,
        windowDays,
        windowStart,
        windowEnd,
        nextMriDate: nextMri,
      }),
    );
  }
  return flags;
}
