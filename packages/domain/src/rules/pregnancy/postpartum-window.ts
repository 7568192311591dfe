import { daysBetween, earlierDate } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import { agentName, dayCount } from '../therapy/labels.ts';
import { isMaintenanceCourse } from '../therapy/taper.ts';
import { coursesProtectingOn } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { postpartumWindow, pregnancySpans } from './windows.ts';

const OUTCOME_WORDS: Record<string, string> = {
  live_birth: 'a live birth',
  stillbirth: 'a stillbirth',
  miscarriage: 'a miscarriage',
  termination: 'a termination',
  ectopic: 'an ectopic pregnancy',
  unknown: 'an unrecorded outcome',
};

/**
 * POSTPARTUM_HIGH_RISK_WINDOW: a pregnancy ended (its actual end recorded, any outcome: relapses
 * follow abortion as well as delivery, Kim W et al., Neurology 2012) and the `pregnancy.postpartumDays`
 * (90) after it are the months of highest relapse risk (annualized relapse rate 1.33 in the first
 * 3 months postpartum, Klawiter et al., Neurology 2017, PMID 29093070). Raised as of the end day,
 * dated at it: a warning when no maintenance therapy (an attack's taper excluded) protects on the
 * as-of day (or on the window's last day once it has passed), saying to restart it; info when one does,
 * saying to keep it. Both say to tighten monitoring (the EDSS interval is shortened in the window:
 * EDSS_OVERDUE, `pregnancy.postpartumEdssIntervalDays`).
 *
 * Lifecycle: open from the end day through the window's last day (end + 90); expired from the next
 * day. Nothing resolves it: it is a period of vigilance, not a task that one record completes.
 */
export const postpartumWindowRule: Rule = {
  codes: ['POSTPARTUM_HIGH_RISK_WINDOW'],
  evaluate({ timeline, asOf, settings }) {
    return pregnancySpans(timeline, settings).flatMap((span) => {
      const window = postpartumWindow(span, settings);
      if (window === null || span.end > asOf) return [];
      const judgedOn = earlierDate(asOf, window.to);
      const maintenance = coursesProtectingOn(timeline, judgedOn, (course) =>
        isMaintenanceCourse(course, timeline, asOf, settings),
      );
      const agents = [...new Set(maintenance.map((course) => agentName(course.agent)))];
      const outcome = OUTCOME_WORDS[span.pregnancy.outcome ?? 'unknown'] ?? 'an unrecorded outcome';
      const therapy =
        agents.length === 0
          ? `No maintenance therapy protects on ${judgedOn}: restart one now (rituximab, azathioprine, prednisone or IVIG are compatible with breastfeeding).`
          : `Maintenance therapy (${agents.join(', ')}) protects on ${judgedOn}: keep it without interruption.`;
      const flag = makeFlag(
        'POSTPARTUM_HIGH_RISK_WINDOW',
        agents.length === 0 ? 'warning' : 'info',
        span.end,
        `The pregnancy that started on ${span.start} ended on ${span.end} (${outcome}); the ${dayCount(settings.pregnancy.postpartumDays)} after it, until ${window.to}, carry the highest risk of relapse. ${therapy} See the patient every ${dayCount(settings.pregnancy.postpartumEdssIntervalDays)} in this window and treat new symptoms at once.`,
        'postpartum',
        {
          pregnancyStart: span.start,
          pregnancyEnd: span.end,
          outcome: span.pregnancy.outcome ?? null,
          breastfeedingUntil: span.pregnancy.breastfeedingUntil ?? null,
          windowEnd: window.to,
          daysSinceEnd: daysBetween(span.end, judgedOn),
          maintenanceAgents: [...new Set(maintenance.map((course) => course.agent))],
        },
      );
      return [settle(flag, asOf, { actionableUntil: window.to })];
    });
  },
};
