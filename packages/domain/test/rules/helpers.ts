import type { TimelineEvent } from '../../src/records/event.ts';
import type { PatientTimeline } from '../../src/records/patient.ts';
import type { RelapseEvent } from '../../src/records/relapse.ts';
import { ruleContext } from '../../src/rules/engine.ts';
import { DEFAULT_RULE_SETTINGS, type RuleSettings, resolveRuleSettings } from '../../src/rules/settings.ts';
import type { Flag, FlagCode, FlagStatus, Rule, Severity } from '../../src/rules/types.ts';

/** A patient with sensible defaults (AQP4-positive woman born 1980) and the given events. */
export function patientWith(
  events: TimelineEvent[],
  fields: Partial<Omit<PatientTimeline, 'events'>> = {},
): PatientTimeline {
  return {
    mrn: 'T001',
    givenName: 'Test',
    familyName: 'Patient',
    birthDate: '1980-01-01',
    sex: 'female',
    aqp4Status: 'positive',
    mogStatus: 'negative',
    ...fields,
    events,
  };
}

/** An attack (transverse myelitis, moderate unless said otherwise). */
export const attack = (
  onsetDate: string,
  fields: Partial<Pick<RelapseEvent, 'phenotype' | 'severity'>> = {},
): RelapseEvent => ({ type: 'relapse', onsetDate, phenotype: 'transverse_myelitis', severity: 'moderate', ...fields });

/** Runs one rule on a patient as of a date, with the defaults or some overrides. */
export function run(
  rule: Rule,
  patient: PatientTimeline,
  asOf: string,
  settings: RuleSettings | Record<string, unknown> = DEFAULT_RULE_SETTINGS,
): Flag[] {
  const resolved = settings === DEFAULT_RULE_SETTINGS ? DEFAULT_RULE_SETTINGS : resolveRuleSettings(settings);
  const flags = rule.evaluate(ruleContext(patient, asOf, resolved));
  for (const flag of flags) {
    if (!rule.codes.includes(flag.code)) throw new Error(`rule raised ${flag.code}, not among its codes`);
  }
  return flags;
}

export const codes = (flags: Flag[]): FlagCode[] => flags.map((f) => f.code);

/** The fields a flag is first checked by: its code, severity, date and status. */
export const flagHead = (code: FlagCode, severity: Severity, date: string, status: FlagStatus) => ({
  code,
  severity,
  date,
  status,
});
