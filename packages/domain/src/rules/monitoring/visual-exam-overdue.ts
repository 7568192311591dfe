import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import { latest } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { anchorClause, intervalDetails, laterOf, plural, scheduleAnchor } from './schedule.ts';

/**
 * VISUAL_EXAM_OVERDUE: no visual exam (either eye) for more than `monitoring.visualIntervalDays`
 * (default 365). While an optic neuritis attack lies within `opticNeuritisFollowUpDays` (default
 * 730) before the as-of day (onset day and last day of the follow-up included), the interval
 * shortens to `visualIntervalAfterOpticNeuritisDays` (default 180). The guideline asks for "regular
 * ophthalmological evaluations including visual acuity, visual fields, and funduscopy" (Monitoring
 * Treatment Response); OCT monitors the course (PMC5833887); the numbers are clinic settings.
 *
 * Same day semantics as EDSS_OVERDUE: due by last exam + interval, overdue from the day after; no
 * exam at all counts from the start of care. The shortened interval takes effect with the optic
 * neuritis attack: an exam already older than it then is due by the onset day (overdue from the day
 * after), not retroactively months before the attack. The due date is where the current unbroken
 * overdue stretch began, so a new attack does not reset the date of an exam that was already late.
 */
export const visualExamOverdueRule: Rule = {
  codes: ['VISUAL_EXAM_OVERDUE'],
  evaluate(context) {
    const monitoring = context.settings.monitoring;
    const regularDays = monitoring.visualIntervalDays;
    const shortDays = monitoring.visualIntervalAfterOpticNeuritisDays;
    const followUpDays = monitoring.opticNeuritisFollowUpDays;
    const exams = context.timeline.visualExams;
    const last = latest(exams);
    const anchor = scheduleAnchor(context, last?.date);
    if (anchor === null) return [];

    const opticNeuritisOnsets = context.timeline.relapses
      .filter((attack) => attack.phenotype === 'optic_neuritis')
      .map((attack) => attack.onsetDate);
    const start = overdueSince(anchor.date, context.asOf, regularDays, shortDays, followUpDays, opticNeuritisOnsets);
    if (start === null) return [];
    // Normally due the day before the stretch begins. When the attack itself started it (the last
    // exam was already older than the shortened interval on the onset day), the exam is due by the
    // onset day and overdue from the day after.
    const dueDate =
      start.day === start.opticNeuritisOnset && start.day > addDays(anchor.date, shortDays + 1)
        ? start.day
        : addDays(start.day, -1);
    if (context.asOf <= dueDate) return [];

    const inFollowUp = opticNeuritisOnsets.filter((onset) => daysBetween(onset, context.asOf) <= followUpDays).at(-1);
    const shortened = start.opticNeuritisOnset !== null;
    const intervalDays = shortened ? shortDays : regularDays;
    const opticNeuritisOnsetDate = start.opticNeuritisOnset ?? inFollowUp ?? null;
    let intervalReason: string;
    if (start.opticNeuritisOnset !== null) {
      intervalReason = `optic neuritis attack on ${start.opticNeuritisOnset}: interval ${shortDays} days for ${followUpDays} days after optic neuritis`;
    } else if (inFollowUp === undefined) {
      intervalReason = `no optic neuritis attack in the last ${followUpDays} days: regular interval`;
    } else if (shortDays < regularDays) {
      intervalReason = `regular interval: the exam was already due by ${dueDate}, before the optic neuritis attack on ${inFollowUp}`;
    } else {
      intervalReason = `the interval after optic neuritis (${shortDays} days) is not shorter than the regular interval`;
    }
    const lastEyes = last ? exams.filter((exam) => exam.date === last.date).map((exam) => exam.eye) : [];
    const details = {
      ...intervalDetails(anchor, dueDate, context.asOf, intervalDays),
      intervalBasis: shortened ? 'after_optic_neuritis' : 'regular',
      intervalReason,
      regularIntervalDays: regularDays,
      intervalAfterOpticNeuritisDays: shortDays,
      opticNeuritisFollowUpDays: followUpDays,
      opticNeuritisOnsetDate,
      lastEyes,
    };

    const opening = anchorClause('visual exam', anchor, context.asOf, last ? ` (${lastEyes.join(', ')})` : '');
    const interval = shortened
      ? `after the optic neuritis attack on ${start.opticNeuritisOnset} the clinic's interval is ` +
        `${plural(shortDays, 'day')} instead of ${regularDays} (for ${followUpDays} days)`
      : `the clinic's interval is ${plural(regularDays, 'day')}`;
    const due =
      shortened && dueDate === start.opticNeuritisOnset
        ? `an exam was due by the attack on ${dueDate}`
        : `${last ? 'the next' : 'one'} was due by ${dueDate}`;
    const message = `${opening}; ${interval}, so ${due} and is ${plural(details.daysOverdue, 'day')} overdue.`;
    return [makeFlag('VISUAL_EXAM_OVERDUE', 'warning', dueDate, message, 'visualMonitoring', details)];
  },
};

/** A stretch of days (both ends included) on which the exam is overdue, and the attack behind it. */
interface OverdueStretch {
  first: CalendarDate;
  last: CalendarDate;
  opticNeuritisOnset: CalendarDate | null;
}

/**
 * The first day of the unbroken stretch of days, up to as-of, on which the exam is past its interval,
 * or null when it is not past it on as-of. Past it: after anchor + regular interval; and, within an
 * optic neuritis attack's follow-up (onset to onset + follow-up), after anchor + shortened interval.
 * Ties go to the regular interval.
 */
function overdueSince(
  anchor: CalendarDate,
  asOf: CalendarDate,
  regularDays: number,
  shortDays: number,
  followUpDays: number,
  opticNeuritisOnsets: readonly CalendarDate[],
): { day: CalendarDate; opticNeuritisOnset: CalendarDate | null } | null {
  const stretches: OverdueStretch[] = [
    { first: addDays(anchor, regularDays + 1), last: asOf, opticNeuritisOnset: null },
  ];
  for (const onset of opticNeuritisOnsets) {
    const first = laterOf(onset, addDays(anchor, shortDays + 1));
    const end = addDays(onset, followUpDays);
    stretches.push({ first, last: end < asOf ? end : asOf, opticNeuritisOnset: onset });
  }
  let since: OverdueStretch | null = null;
  let extended = true;
  while (extended) {
    extended = false;
    for (const stretch of stretches) {
      if (stretch.first > stretch.last) continue;
      // Reaches as-of, or ends at most one day before the current stretch begins.
      const joins = since === null ? stretch.last === asOf : stretch.last >= addDays(since.first, -1);
      if (joins && (since === null || stretch.first < since.first)) {
        since = stretch;
        extended = true;
      }
    }
  }
  return since && { day: since.first, opticNeuritisOnset: since.opticNeuritisOnset };
}
