import { DEFAULT_RULE_SETTINGS } from '@nmo/domain';
import type { Profile } from './model.ts';
import type { TherapyRecord } from './therapy.ts';
import type { TimelineBuilder } from './timeline.ts';

/**
 * Ravulizumab doses by the weight band of the latest weight on or before each dose (ULTOMIRIS label: loading,
 * then maintenance), as the clinic gives them; the wrong-band showcase keeps the drawn 60 to < 100 kg doses.
 */
export function doseRavulizumabByWeight(profile: Profile, therapies: TherapyRecord[], timeline: TimelineBuilder): void {
  if (profile.monitoring.ravulizumabWrongBand) return;
  const weights = timeline.ofType('bodyWeight').sort((a, b) => a.date.localeCompare(b.date));
  const bands = DEFAULT_RULE_SETTINGS.complement.ravulizumabWeightBands;
  const bandOn = (date: string) => {
    const kg = weights.filter((w) => w.date <= date).at(-1)?.kg;
    return kg === undefined ? undefined : bands.findLast((band) => band.minKg <= kg);
  };
  for (const { event } of therapies) {
    if (event.agent !== 'ravulizumab' || event.administrations === undefined) continue;
    event.administrations = event.administrations.map((dose, index) => {
      const band = bandOn(dose.date);
      if (band === undefined) return dose;
      return { ...dose, doseMg: index === 0 ? band.loadingMg : band.maintenanceMg };
    });
    const band = bandOn(event.administrations.at(-1)?.date ?? event.startDate);
    if (band !== undefined) event.doseMg = band.maintenanceMg;
  }
}
