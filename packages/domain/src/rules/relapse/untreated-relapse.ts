import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { ClinicalAttack } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import { countingTreatments, nonCountingTreatments, notCountedSentence } from './acute-treatments.ts';
import { attackDetails, attackLabel, treatmentDetails, treatmentLabel, treatmentStarted } from './labels.ts';
import { acutePhaseEnd, perAttackRule } from './per-attack.ts';

/**
 * UNTREATED_RELAPSE (warning): an attack with no acute treatment that counts (IVMP or PLEX; IVIG
 * only when settings.acute.ivigCountsAsAcuteTreatment; never an oral steroid taper, see
 * acute-treatments.ts) recorded on or before day settings.acute.untreatedAfterDays after onset
 * (default 4), i.e. none at all or a first one dated after onset + 4. It exists once the as-of date
 * is at least day 4 (as of day 3 nothing, as of day 4 the flag: treat today). Sources: IVMP
 * "immediately" (Kümpfel et al., NEMOS 2024); onset to IVMP ≤ 4 days was the best
 * cut-off for visual recovery in AQP4-IgG and MOG-IgG optic neuritis, > 7 days an OR of 10 for
 * failing to regain 20/30 (Stiebel-Kalish et al. 2019, PMID 31355308); see the setting's comment.
 * Treatments recorded after the as-of date are not known yet, so an as-of date in the past shows
 * the attack as it stood then. One flag per attack, dated at its onset. Treatments that do not count
 * are listed in the message and details (`notCountedTreatments`).
 *
 * Lifecycle: resolved on the start date of the first acute treatment that counts ("IVMP started on
 * 2024-03-20, day 18"), so an attack treated late keeps a resolved flag in its history (and, after
 * day 14, ACUTE_TREATMENT_DELAYED); an oral taper alone never resolves it. Otherwise open up to onset
 * + settings.lifecycle.acutePhaseDays (default 30, both days included: acute care can still be given,
 * Bonnan et al. 2018 per the setting's comment) and expired from the next day (day 31). A treatment
 * recorded after that still resolves it.
 */
export const untreatedRelapseRule: Rule = perAttackRule('UNTREATED_RELAPSE', (relapse, { asOf, settings }) => {
  const limit = settings.acute.untreatedAfterDays;
  const worsening = untreatedWorsening(relapse, asOf, limit, settings);
  if (worsening) {
    return worsening;
  }
  const daysSinceOnset = daysBetween(relapse.onsetDate, asOf);
  if (daysSinceOnset < limit) return null;
  // The timeline sorts acute treatments by start date (then type), so the first is the earliest.
  const first = countingTreatments(relapse, settings)[0];
  if (first && daysBetween(relapse.onsetDate, first.startDate) <= limit) return null;
  const notCounted = nonCountingTreatments(relapse, settings);
  const message =
    (first
      ? `${attackLabel(relapse)}: no acute treatment (IVMP or PLEX) recorded within ${limit} days of onset; the first ` +
        `(${treatmentLabel(first.type)}) started ${daysBetween(relapse.onsetDate, first.startDate)} days after onset, on ${first.startDate}.`
      : `${attackLabel(relapse)}: no acute treatment (IVMP or PLEX) recorded ${daysSinceOnset} days after onset (as of ${asOf}); ` +
        `treatment should start immediately, by day ${limit} at the latest. Record the treatment if it was given.`) +
    notCountedSentence(notCounted);
  const flag = makeFlag('UNTREATED_RELAPSE', 'warning', relapse.onsetDate, message, 'untreatedAttack', {
    ...attackDetails(relapse),
    asOf,
    daysSinceOnset,
    untreatedAfterDays: limit,
    notCountedTreatments: notCounted.map(treatmentDetails),
  });
  return settle(flag, asOf, {
    resolvedBy: first ? { on: first.startDate, resolution: treatmentStarted(relapse, first) } : null,
    actionableUntil: acutePhaseEnd(relapse.onsetDate, settings),
  });
});

/**
 * A merged attack that worsened after its first record (a record adding a phenotype or raising the
 * severity, `worsenedOn`) is owed acute treatment from that record too: with no IVMP or PLEX started
 * on or after it by `worsenedOn` + `acute.untreatedAfterDays`, the attack's flag reports the untreated
 * worsening, resolved by the first such treatment, open up to `worsenedOn` + `lifecycle.acutePhaseDays`.
 * Null when the attack did not worsen after its first onset, or the worsening was treated in time.
 */
function untreatedWorsening(
  relapse: ClinicalAttack,
  asOf: CalendarDate,
  limit: number,
  settings: RuleSettings,
): Flag | null {
  const from = relapse.worsenedOn;
  if (from === relapse.onsetDate || daysBetween(from, asOf) < limit) return null;
  const first = countingTreatments(relapse, settings).find((t) => t.startDate >= from);
  if (first && daysBetween(from, first.startDate) <= limit) return null;
  const daysSinceWorsening = daysBetween(from, asOf);
  const message = first
    ? `${attackLabel(relapse)}: worsened on ${from} (a new record), and no acute treatment (IVMP or PLEX) followed within ${limit} days; the first started on ${first.startDate}, day ${daysBetween(from, first.startDate)} after the worsening.`
    : `${attackLabel(relapse)}: worsened on ${from} (a new record), and no acute treatment (IVMP or PLEX) has been recorded since (${daysSinceWorsening} days, as of ${asOf}); treat the worsening now. Record the treatment if it was given.`;
  const flag = makeFlag('UNTREATED_RELAPSE', 'warning', relapse.onsetDate, message, 'untreatedAttack', {
    ...attackDetails(relapse),
    asOf,
    worsenedOn: from,
    daysSinceWorsening,
    untreatedAfterDays: limit,
  });
  return settle(flag, asOf, {
    resolvedBy: first
      ? {
          on: first.startDate,
          resolution: `${treatmentLabel(first.type)} started on ${first.startDate}, day ${daysBetween(from, first.startDate)} after the worsening`,
        }
      : null,
    actionableUntil: acutePhaseEnd(from, settings),
  });
}
