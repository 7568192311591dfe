import { addDays, type CalendarDate } from '../../calendar-date.ts';
import type { RuleSettings } from '../settings.ts';
import type { ClinicalAttack } from '../timeline.ts';
import type { Flag, FlagCode, Rule, RuleContext } from '../types.ts';

/** A rule that judges each clinical attack on its own and raises at most one flag for it. */
export function perAttackRule(
  code: FlagCode,
  flagFor: (attack: ClinicalAttack, context: RuleContext) => Flag | null,
): Rule {
  return {
    codes: [code],
    evaluate: (context) => context.timeline.relapses.flatMap((attack) => flagFor(attack, context) ?? []),
  };
}

/** The last day of the acute phase that starts on `from`: acute care can still be given up to it. */
export const acutePhaseEnd = (from: CalendarDate, settings: RuleSettings): CalendarDate =>
  addDays(from, settings.lifecycle.acutePhaseDays);
