import { addDays, daysBetween } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import { latest } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { plural, words } from './schedule.ts';

/**
 * AQP4_RETEST_DUE: "Retesting should be considered ... in patients with seronegative results who
 * relapse" (Labcorp 505295, clinical-research.md 2.5). Fires for the latest attack of a seronegative
 * patient when no AQP4 antibody test (any assay, any result) is dated on or after its onset and more
 * than `monitoring.aqp4RetestWithinDays` (default 90) days have passed since onset: due by onset +
 * that many days, overdue from the day after. The flag is dated at the attack's onset.
 *
 * Seronegative: no positive AQP4 test on record, and either the patient's AQP4 status is 'negative'
 * or (status not recorded or 'unknown') at least one negative AQP4 test. A recorded positive status
 * or any positive test makes the patient seropositive, whatever later tests show (titres fall on
 * treatment; seropositive NMOSD stays seropositive).
 */
export const aqp4RetestDueRule: Rule = {
  codes: ['AQP4_RETEST_DUE'],
  evaluate(context) {
    const retestWithinDays = context.settings.monitoring.aqp4RetestWithinDays;
    const tests = context.timeline.antibodyTests.filter((test) => test.antibody === 'AQP4');
    const status = context.patient.aqp4Status;
    if (status === 'positive' || tests.some((test) => test.result === 'positive')) return [];
    const hasNegativeTest = tests.some((test) => test.result === 'negative');
    if (status !== 'negative' && !hasNegativeTest) return [];

    const attack = latest(context.timeline.relapses);
    if (!attack) return [];
    if (tests.some((test) => test.date >= attack.onsetDate)) return [];
    const dueDate = addDays(attack.onsetDate, retestWithinDays);
    if (context.asOf <= dueDate) return [];

    const lastTest = latest(tests);
    const daysSinceOnset = daysBetween(attack.onsetDate, context.asOf);
    const basis = status === 'negative' ? 'recorded AQP4 status negative' : 'AQP4 tested negative';
    const lastTestNote = lastTest ? `last AQP4 test ${lastTest.result} on ${lastTest.date}` : 'no AQP4 test on record';
    const message =
      `Attack on ${attack.onsetDate} (${words(attack.phenotype)}, ${attack.severity}) in a seronegative patient ` +
      `(${basis}; ${lastTestNote}): no AQP4 antibody retest since onset, ${plural(daysSinceOnset, 'day')} ago; ` +
      `the clinic expects a retest within ${plural(retestWithinDays, 'day')} of a relapse (due by ${dueDate}).`;
    return [
      makeFlag('AQP4_RETEST_DUE', 'warning', attack.onsetDate, message, 'aqp4Retest', {
        onsetDate: attack.onsetDate,
        phenotype: attack.phenotype,
        severity: attack.severity,
        seronegativeBasis: status === 'negative' ? 'recorded_status' : 'negative_test',
        lastAqp4TestDate: lastTest?.date ?? null,
        lastAqp4TestResult: lastTest?.result ?? null,
        retestWithinDays,
        dueDate,
        daysSinceOnset,
        daysOverdue: daysBetween(dueDate, context.asOf),
      }),
    ];
  },
};
