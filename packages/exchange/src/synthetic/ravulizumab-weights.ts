import type { BodyWeightEvent } from '@nmo/domain';
import type { Profile } from './model.ts';
import type { Random } from './random.ts';
import type { TherapyRecord } from './therapy.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

/**
 * A body weight before each ravulizumab course (the ULTOMIRIS label doses by weight band; the demo doses for
 * 60 to < 100 kg), and yearly while it runs. The wrong-band showcase weighs 100 kg or more.
 */
export function writeRavulizumabWeights(
  random: Random,
  profile: Profile,
  therapies: TherapyRecord[],
  timeline: TimelineBuilder,
): void {
  for (const { episode } of therapies) {
    if (episode.agent !== 'ravulizumab') continue;
    const end = Math.min(episode.stop ?? profile.asOf, profile.asOf);
    const base = profile.monitoring.ravulizumabWrongBand ? random.int(102, 115) : random.int(64, 94);
    for (let day = episode.start - random.int(0, 30); day <= end; day += random.int(330, 400)) {
      const event: BodyWeightEvent = { type: 'bodyWeight', date: dateOf(day), kg: base + random.int(-2, 2) };
      timeline.add(day, event);
    }
  }
}
