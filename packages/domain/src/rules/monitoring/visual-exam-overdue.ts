import { addDays, type CalendarDate, daysBetween, laterDate } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import {
  anchorClause,
  intervalDetails,
  overdueClause,
  pastAnchorClause,
  plural,
  recordsOn,
  type ScheduleGap,
  scheduleGaps,
  startOfCare,
} from './schedule.ts';

/**
 * VISUAL_EXAM_OVERDUE: no visual exam (either eye) for more than `monitoring.visualIntervalDays`
 * (default 365). While an optic neuritis attack lies within `opticNeuritisFollowUpDays` (default
 * 730) before the day considered (onset day and last day of the follow-up included), the interval
 * shortens to `visualIntervalAfterOpticNeuritisDays` (default 180). Follow-up is
 * ophthalmological: visual acuity, fields and funduscopy, and OCT to monitor the course (Oertel et al.,
 * EPMA J 2018, PMC5833887); the numbers are clinic settings.
 *
 * Same day semantics as EDSS_OVERDUE: due by last exam + interval, overdue from the day after; no
 * exam at all counts from the start of care. The shortened interval takes effect with the optic
 * neuritis attack: an exam already older than it then is due by the onset day (overdue from the day
 * after), not retroactively months before the attack. The due date is where the unbroken overdue
 * stretch began, so a new attack does not reset the date of an exam that was already late.
 *
 * Lifecycle (the episode walk of schedule.ts, applied per anchor): counted from the start of care and
 * then from each exam day, the days of each gap on which the exam was past its interval (as above,
 * with the attacks' follow-ups) form unbroken stretches; each is an episode dated at its due day.
 * - The stretch that reaches the next exam is resolved on that exam's day ("visual exam on
 *   2024-07-18 (OD, OS)"); in the current gap, the stretch that reaches as-of is open (as before)
 *   until an exam is done, and never expires.
 * - A stretch that ended before the next exam (or before as-of) can only be one of the shortened
 *   interval whose follow-up ran out while the regular interval had not yet passed: it expires the
 *   day after the follow-up's last day (details.expiredOn), since the post-optic-neuritis exam can no
 *   longer be done in time and the regular schedule takes over.
 * `details.daysOverdue` counts to as-of while open, to the resolving exam once resolved, to the last
 * day of the follow-up once expired.
 */
export const visualExamOverdueRule: Rule = {
  codes: ['VISUAL_EXAM_OVERDUE'],
  evaluate(context) {
    const monitoring = context.settings.monitoring;
    const intervals: Intervals = {
      regularDays: monitoring.visualIntervalDays,
      shortDays: monitoring.visualIntervalAfterOpticNeuritisDays,
      followUpDays: monitoring.opticNeuritisFollowUpDays,
      opticNeuritisOnsets: context.timeline.relapses
        .filter((attack) => attack.phenotypes.includes('optic_neuritis'))
        .map((attack) => attack.onsetDate),
    };
    const exams = context.timeline.visualExams;
    const flags: Flag[] = [];
    for (const gap of scheduleGaps(
      startOfCare(context),
      exams.map((exam) => exam.date),
    )) {
      const end = gap.end?.date ?? context.asOf;
      for (const stretch of overdueStretches(gap.anchor.date, end, intervals)) {
        // Normally due the day before the stretch begins. When the attack itself started it (the last
        // exam was already older than the shortened interval on the onset day), the exam is due by the
        // onset day and overdue from the day after.
        const dueDate =
          stretch.first === stretch.opticNeuritisOnset &&
          stretch.first > addDays(gap.anchor.date, intervals.shortDays + 1)
            ? stretch.first
            : addDays(stretch.first, -1);
        if (stretch.last <= dueDate) continue;
        flags.push(episodeFlag(context, gap, stretch, dueDate, stretch.last === end, intervals));
      }
    }
    return flags;
  },
};

interface Intervals {
  regularDays: number;
  shortDays: number;
  followUpDays: number;
  opticNeuritisOnsets: readonly CalendarDate[];
}

/**
 * The flag of one overdue stretch of a gap: resolved by the next exam or open (current gap) when it
 * reaches the gap's end, else expired after its last day (a follow-up that ran out).
 */
function episodeFlag(
  context: RuleContext,
  gap: ScheduleGap,
  stretch: OverdueStretch,
  dueDate: CalendarDate,
  reachesEnd: boolean,
  { regularDays, shortDays, followUpDays, opticNeuritisOnsets }: Intervals,
): Flag {
  const { anchor, end } = gap;
  const exams = context.timeline.visualExams;
  const eyesOn = (date: CalendarDate) => recordsOn(exams, date).map((exam) => exam.eye);
  const state = !reachesEnd ? 'expired' : end ? 'resolved' : 'open';
  // The last day the episode is counted to: as-of while open, the resolving exam, or the follow-up's last day.
  const until = state === 'open' ? context.asOf : state === 'resolved' && end ? end.date : stretch.last;

  const inFollowUp = opticNeuritisOnsets
    .filter((onset) => onset <= until && daysBetween(onset, until) <= followUpDays)
    .at(-1);
  const shortened = stretch.opticNeuritisOnset !== null;
  const intervalDays = shortened ? shortDays : regularDays;
  const opticNeuritisOnsetDate = stretch.opticNeuritisOnset ?? inFollowUp ?? null;
  let intervalReason: string;
  if (stretch.opticNeuritisOnset !== null) {
    intervalReason = `optic neuritis attack on ${stretch.opticNeuritisOnset}: interval ${shortDays} days for ${followUpDays} days after optic neuritis`;
  } else if (inFollowUp === undefined) {
    intervalReason = `no optic neuritis attack in the last ${followUpDays} days: regular interval`;
  } else if (shortDays < regularDays) {
    intervalReason = `regular interval: the exam was already due by ${dueDate}, before the optic neuritis attack on ${inFollowUp}`;
  } else {
    intervalReason = `the interval after optic neuritis (${shortDays} days) is not shorter than the regular interval`;
  }
  const lastEyes = anchor.kind === 'last_record' ? eyesOn(anchor.date) : [];
  const details = {
    ...intervalDetails(anchor, dueDate, until, intervalDays),
    intervalBasis: shortened ? 'after_optic_neuritis' : 'regular',
    intervalReason,
    regularIntervalDays: regularDays,
    intervalAfterOpticNeuritisDays: shortDays,
    opticNeuritisFollowUpDays: followUpDays,
    opticNeuritisOnsetDate,
    lastEyes,
  };

  const note = lastEyes.length > 0 ? ` (${lastEyes.join(', ')})` : '';
  const opening =
    state === 'open'
      ? anchorClause('visual exam', anchor, context.asOf, note)
      : pastAnchorClause('visual exam', anchor, note);
  const interval = shortened
    ? `after the optic neuritis attack on ${stretch.opticNeuritisOnset} the clinic's interval is ` +
      `${plural(shortDays, 'day')} instead of ${regularDays} (for ${followUpDays} days)`
    : `the clinic's interval is ${plural(regularDays, 'day')}`;
  const due =
    shortened && dueDate === stretch.opticNeuritisOnset
      ? `an exam was due by the attack on ${dueDate}`
      : `${details.lastDate ? 'the next' : 'one'} was due by ${dueDate}`;
  const resolution = state === 'resolved' && end ? `visual exam on ${end.date} (${eyesOn(end.date).join(', ')})` : null;
  const closing =
    state === 'expired'
      ? `and was ${plural(details.daysOverdue, 'day')} overdue when the follow-up after optic neuritis ended on ${stretch.last}.`
      : overdueClause(details.daysOverdue, resolution);
  const message = `${opening}; ${interval}, so ${due} ${closing}`;
  const flag = makeFlag('VISUAL_EXAM_OVERDUE', 'warning', dueDate, message, 'visualMonitoring', details);
  return settle(flag, context.asOf, {
    resolvedBy: resolution && end ? { on: end.date, resolution } : null,
    actionableUntil: state === 'expired' ? stretch.last : null,
  });
}

/** A stretch of days (both ends included) on which the exam is overdue, and the attack behind it. */
interface OverdueStretch {
  first: CalendarDate;
  last: CalendarDate;
  opticNeuritisOnset: CalendarDate | null;
}

/**
 * The unbroken stretches of days from the anchor to `end` (both included) on which the exam is past
 * its interval, in date order. Past it: after anchor + regular interval; and, within an optic
 * neuritis attack's follow-up (onset to onset + follow-up), after anchor + shortened interval.
 * Stretches that overlap or touch (one ends the day before the next begins) are one; it is led by
 * the part that began first (ties go to the regular interval, then to the earlier attack), which
 * decides its due day and interval.
 */
function overdueStretches(
  anchor: CalendarDate,
  end: CalendarDate,
  { regularDays, shortDays, followUpDays, opticNeuritisOnsets }: Intervals,
): OverdueStretch[] {
  const parts: OverdueStretch[] = [{ first: addDays(anchor, regularDays + 1), last: end, opticNeuritisOnset: null }];
  for (const onset of opticNeuritisOnsets) {
    const first = laterDate(onset, addDays(anchor, shortDays + 1));
    const followUpEnd = addDays(onset, followUpDays);
    parts.push({ first, last: followUpEnd < end ? followUpEnd : end, opticNeuritisOnset: onset });
  }
  // A stable sort keeps the regular interval, then the attacks in onset order, ahead on ties.
  const sorted = parts.filter((part) => part.first <= part.last).sort((a, b) => a.first.localeCompare(b.first));
  const stretches: OverdueStretch[] = [];
  for (const part of sorted) {
    const current = stretches.at(-1);
    if (current && part.first <= addDays(current.last, 1)) {
      if (part.last > current.last) current.last = part.last;
    } else {
      stretches.push({ ...part });
    }
  }
  return stretches;
}
