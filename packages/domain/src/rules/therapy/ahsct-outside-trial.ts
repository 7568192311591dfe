import { addDays } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';

/**
 * AHSCT_OUTSIDE_TRIAL (risk badge): an autologous haematopoietic stem cell transplantation is on record
 * (a therapy with agent 'ahsct', started on or before the as-of date). Greco et al., Mult Scler 2015 (EBMT registry):
 * relapse-free survival 31% at 3 and 10% at 5 years, so AHSCT belongs in clinical trials, or
 * only as rescue when all approved biologics have failed. The record does not say whether it was within a
 * trial, so the message asks for that. One flag per patient, dated at the first AHSCT.
 *
 * Lifecycle: a finding to review: open from the first AHSCT's start to start +
 * `lifecycle.findingReviewDays` (default 90, a clinic setting) included, expired from the next day. Nothing
 * resolves it (a clinician closes it sooner by acknowledging it, with the trial or the rescue indication).
 */
export const ahsctOutsideTrialRule: Rule = {
  codes: ['AHSCT_OUTSIDE_TRIAL'],
  evaluate({ timeline, asOf, settings }) {
    const transplants = timeline.therapies.filter((course) => course.agent === 'ahsct');
    const first = transplants[0];
    if (first === undefined) return [];
    const more = transplants.length > 1 ? ` (${transplants.length} AHSCT courses on record)` : '';
    const flag = makeFlag(
      'AHSCT_OUTSIDE_TRIAL',
      'info',
      first.startDate,
      `AHSCT on ${first.startDate}${more}: AHSCT is not recommended for NMOSD outside clinical trials (EBMT registry: relapse-free survival 10% at 5 years); record the trial or the rescue indication.`,
      'ahsct',
      { startDate: first.startDate, count: transplants.length },
    );
    return [settle(flag, asOf, { actionableUntil: addDays(first.startDate, settings.lifecycle.findingReviewDays) })];
  },
};
