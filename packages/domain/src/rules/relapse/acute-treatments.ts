import type { AcuteTreatment, RelapseEvent } from '../../records/relapse.ts';
import type { RuleSettings } from '../settings.ts';
import { treatmentList } from './labels.ts';

/**
 * What counts as acute attack treatment for the relapse rules: high-dose IV methylprednisolone or
 * plasma exchange (Kümpfel et al., NEMOS recommendations
 * Part II, J Neurol 2024, doi:10.1007/s00415-023-11910-z: attack therapy is IVMP and apheresis). IVIG
 * counts only when the clinic says so (`acute.ivigCountsAsAcuteTreatment`, default false). An oral
 * steroid taper never counts: it follows IVMP to prevent early relapse, it does not treat the attack.
 * (Immunoadsorption would count as apheresis; no such treatment type is recorded.)
 */
export function countsAsAcuteTreatment(treatment: Pick<AcuteTreatment, 'type'>, settings: RuleSettings): boolean {
  switch (treatment.type) {
    case 'ivmp':
    case 'plex':
      return true;
    case 'ivig':
      return settings.acute.ivigCountsAsAcuteTreatment;
    case 'oral_steroid_taper':
      return false;
  }
}

/** The attack's acute treatments that count, in the timeline's order (start date, then type). */
export function countingTreatments(relapse: RelapseEvent, settings: RuleSettings): AcuteTreatment[] {
  return (relapse.acuteTreatments ?? []).filter((t) => countsAsAcuteTreatment(t, settings));
}

/** The attack's recorded treatments that do not count (an oral taper; IVIG unless the clinic counts it). */
export function nonCountingTreatments(relapse: RelapseEvent, settings: RuleSettings): AcuteTreatment[] {
  return (relapse.acuteTreatments ?? []).filter((t) => !countsAsAcuteTreatment(t, settings));
}

/** " Not counted as acute treatment: oral steroid taper from 2024-03-04." (empty when none). */
export function notCountedSentence(treatments: readonly AcuteTreatment[]): string {
  return treatments.length > 0 ? ` Not counted as acute treatment: ${treatmentList(treatments)}.` : '';
}
