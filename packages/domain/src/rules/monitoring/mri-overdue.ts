import { addDays, daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import { examIntervalFlags } from './exam-interval.ts';
import { plural, recordsOn, words } from './schedule.ts';

/**
 * MRI_OVERDUE, two causes (details.reason):
 * - 'interval': no MRI of any region for more than `monitoring.mriIntervalDays` (default 365). The
 *   NEMOS recommendations (Kümpfel et al. 2024) ask for MRI follow-up without a number; no NMOSD
 *   surveillance interval is published, so it is a clinic setting. Due by last MRI + interval, overdue from the day after; with no
 *   MRI at all, counted from the start of care.
 * - 'attack_without_mri': an attack with no MRI dated from its onset day to onset +
 *   `mriAfterAttackDays` (default 30, both days included). An MRI before the onset does not count:
 *   it cannot show the attack's lesion (an MRI on the onset day does). Known only once the window has
 *   closed (as-of after onset + window); one flag per such attack, dated at its onset.
 *
 * Lifecycle:
 * - 'interval' (the episode walk of schedule.ts): counted from the start of care and then from each
 *   MRI day, every gap in which the next MRI came after the due day (anchor + 365 days) is an episode
 *   dated at its due day and resolved on the next MRI's day ("MRI done on 2024-07-18 (spinal cord)");
 *   the current episode (as-of past the last MRI's due day) is open until an MRI is done and never
 *   expires. `details.daysOverdue` counts to as-of while open, to the resolving MRI after.
 * - 'attack_without_mri': from the day after the window (onset + 31) the flag is open until onset +
 *   `lifecycle.attackImagingDays` (default 90, a clinic setting: no NMOSD number is published) included,
 *   expired from the day after (details.expiredOn). The first MRI after the window resolves it ("MRI
 *   done on 2024-07-18, 1221 days after onset"), even one done after the flag expired: the record is
 *   what happened, as for every flag (flag.ts, settle). So an attack of 2021 left without imaging
 *   and followed by an MRI in 2024 is resolved, not open, as of 2026.
 */
export const mriOverdueRule: Rule = {
  codes: ['MRI_OVERDUE'],
  evaluate(context) {
    return [...intervalOverdue(context), ...attacksWithoutMri(context)];
  },
};

function intervalOverdue(context: RuleContext): Flag[] {
  const exams = context.timeline.mriExams;
  const regionsOn = (date: string) => recordsOn(exams, date).map((exam) => words(exam.region));
  return examIntervalFlags(context, 'MRI', {
    dates: exams.map((exam) => exam.date),
    leadingDetails: { reason: 'interval' },
    lastExam(date) {
      const lastRegions = date === null ? [] : recordsOn(exams, date).map((exam) => exam.region);
      return {
        details: { lastRegions },
        note: lastRegions.length > 0 ? ` (${lastRegions.map(words).join(', ')})` : '',
      };
    },
    resolution: (date) => `MRI done on ${date} (${regionsOn(date).join(', ')})`,
  });
}

function attacksWithoutMri(context: RuleContext): Flag[] {
  const windowDays = context.settings.monitoring.mriAfterAttackDays;
  const imagingDays = context.settings.lifecycle.attackImagingDays;
  const exams = context.timeline.mriExams;
  const flags: Flag[] = [];
  for (const attack of context.timeline.relapses) {
    // From the onset day on: an MRI before the onset does not show the attack.
    const windowStart = attack.onsetDate;
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
      `from onset to ${windowEnd}; the clinic expects an MRI within ${plural(windowDays, 'day')} after onset.${later}`;
    const flag = makeFlag('MRI_OVERDUE', 'warning', attack.onsetDate, message, 'mriMonitoring', {
      reason: 'attack_without_mri',
      onsetDate: attack.onsetDate,
      phenotype: attack.phenotype,
      severity: attack.severity,
      windowDays,
      windowStart,
      windowEnd,
      nextMriDate: nextMri,
    });
    const resolvedBy = nextMri
      ? {
          on: nextMri,
          resolution: `MRI done on ${nextMri}, ${plural(daysBetween(attack.onsetDate, nextMri), 'day')} after onset`,
        }
      : null;
    flags.push(settle(flag, context.asOf, { resolvedBy, actionableUntil: addDays(attack.onsetDate, imagingDays) }));
  }
  return flags;
}
