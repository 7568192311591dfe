import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { AntibodyEvent } from '../../records/antibody.ts';
import { makeFlag, settle } from '../flag.ts';
import { phenotypeDetails, phenotypeText, rulePhenotype } from '../phenotype.ts';
import { latest } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import { plural, words } from './schedule.ts';

/**
 * AQP4_RETEST_DUE: an attack in a patient whose AQP4-IgG status is not known to be positive, with no AQP4
 * antibody test (any assay, any result) dated from its onset to onset + `monitoring.aqp4RetestWithinDays`
 * (default 90): due by onset + that many days, known from the day after. The flag is dated at the
 * attack's onset. Two questions share the code (`details.reason`), so that a worklist keeps one line per
 * attack and one action ("test or retest AQP4-IgG with a cell-based assay"):
 * - 'seronegative_retest': the patient was seronegative at the attack. "Retesting should be considered
 *   ... in patients with seronegative results who relapse" (Labcorp 505295); recombinant cell-based assays
 *   turn many earlier negatives positive (Jiao et al., Neurology 2013); IPND: best available assay,
 *   cell-based recommended (Wingerchuk et al., Neurology 2015).
 * - 'never_tested': no AQP4 test before the onset and no recorded status (unknown or missing): the
 *   patient has an attack and was never tested, so the diagnosis (AQP4-positive NMOSD, seronegative
 *   NMOSD, MOGAD) cannot be made (IPND 2015; source `aqp4Testing`).
 * Not for a patient whose working diagnosis is MOGAD (recorded, or MOG-IgG positive with AQP4-IgG
 * negative: rules/phenotype.ts): the AQP4 question was answered by the negative test the MOGAD criteria
 * require (Banwell et al., Lancet Neurol 2023), and relapses are part of MOGAD. Not for a recorded
 * AQP4-IgG-positive NMOSD diagnosis either.
 *
 * Seronegative at an attack: no positive AQP4 test dated before its onset, and either the patient's
 * AQP4 status is 'negative' or an AQP4 test before onset was negative. A positive test before onset
 * makes the patient seropositive from then on, whatever later tests show (titres fall on treatment;
 * seropositive NMOSD stays seropositive). A recorded positive status without any positive test on
 * record (no date to place it) makes the patient seropositive throughout: no flag. A borderline result
 * alone before the onset (status unknown) raises nothing: the patient was tested, and the result is for
 * the clinician to read.
 *
 * Lifecycle:
 * - Resolved by the first AQP4 test on or after onset ("AQP4-IgG tested on 2024-06-20, negative"),
 *   whatever its result: a positive result answers the question too.
 * - Open from the day after the due day while this is the latest attack.
 * - An earlier attack's flag that nothing resolved expires the day the next attack begins
 *   (details.expiredOn = next onset): that attack then carries the question. A test after the next
 *   onset still resolves it (the record is what happened: flag.ts, settle).
 * - An attack followed by the next one on or before its due day raises no flag: the question passed
 *   to the next attack while the test was still on time.
 * `details.daysSinceOnset` and `details.daysOverdue` count to as-of while open, to the resolving test
 * once resolved, to the day before the next onset once expired.
 */
export const aqp4RetestDueRule: Rule = {
  codes: ['AQP4_RETEST_DUE'],
  evaluate(context) {
    const retestWithinDays = context.settings.monitoring.aqp4RetestWithinDays;
    const tests = context.timeline.antibodyTests.filter((test) => test.antibody === 'AQP4');
    const status = context.patient.aqp4Status;
    if (status === 'positive' && !tests.some((test) => test.result === 'positive')) return [];
    const phenotype = rulePhenotype(context);
    if (phenotype.basis === 'recorded' && phenotype.diagnosis === 'nmosd_aqp4_positive') return [];
    if (phenotype.diagnosis === 'mogad') return [];

    const attacks = context.timeline.relapses;
    const flags: Flag[] = [];
    attacks.forEach((attack, index) => {
      const onset = attack.onsetDate;
      const before = tests.filter((test) => test.date < onset);
      if (before.some((test) => test.result === 'positive')) return;
      const hasNegativeTest = before.some((test) => test.result === 'negative');
      const neverTested = before.length === 0 && status !== 'negative';
      if (status !== 'negative' && !hasNegativeTest && !neverTested) return;

      const dueDate = addDays(onset, retestWithinDays);
      if (context.asOf <= dueDate) return;
      const since = tests.filter((test) => test.date >= onset);
      if (since.some((test) => test.date <= dueDate)) return;
      const nextOnset = attacks.slice(index + 1).find((next) => next.onsetDate > onset)?.onsetDate ?? null;
      if (nextOnset !== null && nextOnset <= dueDate) return;

      const retest: AntibodyEvent | undefined = since[0];
      const actionableUntil = nextOnset === null ? null : addDays(nextOnset, -1);
      const until: CalendarDate = retest ? retest.date : (actionableUntil ?? context.asOf);
      const lastTest = latest(before);
      const daysSinceOnset = daysBetween(onset, until);
      const basis = status === 'negative' ? 'recorded AQP4 status negative' : 'AQP4 tested negative';
      const lastTestNote = lastTest
        ? `last AQP4 test ${lastTest.result} on ${lastTest.date}`
        : 'no AQP4 test on record';
      const attackText = `Attack on ${onset} (${words(attack.phenotype)}, ${attack.severity})`;
      const opening = neverTested
        ? `${attackText} in a patient never tested for AQP4-IgG (working diagnosis ${phenotypeText(phenotype)}): `
        : `${attackText} in a seronegative patient (${basis}; ${lastTestNote}): `;
      const resolution = retest ? `AQP4-IgG tested on ${retest.date}, ${retest.result}` : null;
      let message: string;
      if (neverTested) {
        const next =
          nextOnset === null ? '' : ` nor before the next attack on ${nextOnset}, which carries the question`;
        message = resolution
          ? `${opening}no AQP4 antibody test within ${plural(retestWithinDays, 'day')} of onset (due by ${dueDate}); tested ${plural(daysSinceOnset, 'day')} after onset: ${resolution}.`
          : `${opening}no AQP4 antibody test within ${plural(retestWithinDays, 'day')} of onset (due by ${dueDate})${next}. Test AQP4-IgG with a cell-based assay: the diagnosis (AQP4-positive or seronegative NMOSD, MOGAD) and the choice of maintenance therapy depend on it.`;
      } else if (resolution) {
        message =
          `${opening}no AQP4 antibody retest within ${plural(retestWithinDays, 'day')} of onset (due by ${dueDate}); ` +
          `retested ${plural(daysSinceOnset, 'day')} after onset: ${resolution}.`;
      } else if (nextOnset !== null) {
        // The next attack is on or before as-of, so this one is past its last actionable day.
        message =
          `${opening}no AQP4 antibody retest within ${plural(retestWithinDays, 'day')} of onset (due by ${dueDate}) ` +
          `nor before the next attack on ${nextOnset}, which carries the retest question.`;
      } else {
        message =
          `${opening}no AQP4 antibody retest since onset, ${plural(daysSinceOnset, 'day')} ago; ` +
          `the clinic expects a retest within ${plural(retestWithinDays, 'day')} of a relapse (due by ${dueDate}).`;
      }
      const flag = makeFlag('AQP4_RETEST_DUE', 'warning', onset, message, neverTested ? 'aqp4Testing' : 'aqp4Retest', {
        reason: neverTested ? 'never_tested' : 'seronegative_retest',
        ...phenotypeDetails(phenotype),
        onsetDate: onset,
        phenotype: attack.phenotype,
        severity: attack.severity,
        seronegativeBasis: neverTested ? null : status === 'negative' ? 'recorded_status' : 'negative_test',
        lastAqp4TestDate: lastTest?.date ?? null,
        lastAqp4TestResult: lastTest?.result ?? null,
        retestWithinDays,
        dueDate,
        daysSinceOnset,
        daysOverdue: daysBetween(dueDate, until),
      });
      flags.push(
        settle(flag, context.asOf, {
          resolvedBy: retest && resolution ? { on: retest.date, resolution } : null,
          actionableUntil,
        }),
      );
    });
    return flags;
  },
};
