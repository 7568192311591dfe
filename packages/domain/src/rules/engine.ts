import type { CalendarDate } from '../calendar-date.ts';
import type { PatientTimeline } from '../records/patient.ts';
import { DISABILITY_RULES } from './disability/index.ts';
import { compareFlags } from './flag.ts';
import { MONITORING_RULES } from './monitoring/index.ts';
import { PREGNANCY_RULES } from './pregnancy/index.ts';
import { RELAPSE_RULES } from './relapse/index.ts';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.ts';
import { THERAPY_RULES } from './therapy/index.ts';
import { buildClinicalTimeline } from './timeline.ts';
import type { Flag, Rule, RuleContext } from './types.ts';

export const ALL_RULES: readonly Rule[] = [
  ...RELAPSE_RULES,
  ...THERAPY_RULES,
  ...MONITORING_RULES,
  ...DISABILITY_RULES,
  ...PREGNANCY_RULES,
];

export function ruleContext(
  patient: PatientTimeline,
  asOf: CalendarDate,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): RuleContext {
  const { events, ...fields } = patient;
  return { patient: fields, timeline: buildClinicalTimeline(events, asOf, settings), asOf, settings };
}

/** Every flag the rules raise for one patient on `asOf`, most severe first. Pure. */
export function evaluateFlags(
  patient: PatientTimeline,
  asOf: CalendarDate,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): Flag[] {
  return flagsIn(ruleContext(patient, asOf, settings));
}

/** The flags of a context already built (callers that also compute metrics build it once). */
export function flagsIn(context: RuleContext): Flag[] {
  return ALL_RULES.flatMap((rule) => rule.evaluate(context)).sort(compareFlags);
}
