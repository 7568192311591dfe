import type { CalendarDate } from '../calendar-date.ts';
import type { PatientTimeline } from '../records/patient.ts';
import type { RuleSettings } from './settings.ts';
import type { ClinicalTimeline } from './timeline.ts';

/** Every flag code the rules raise (DESIGN.md contract 5): stable, upper snake case. */
export const FLAG_CODES = [
  'BREAKTHROUGH_RELAPSE',
  'EARLY_RELAPSE_ON_THERAPY',
  'RELAPSE_ON_LAPSED_DOSING',
  'ACUTE_TREATMENT_DELAYED',
  'UNTREATED_RELAPSE',
  'SEVERE_ATTACK_WITHOUT_PLEX',
  'IVMP_COURSE_SHORT',
  'PLEX_COURSE_SHORT',
  'PLEX_DELAYED',
  'MS_DISEASE_MODIFYING_DRUG',
  'NO_MAINTENANCE_THERAPY',
  'MAINTENANCE_DISCONTINUED',
  'MENINGOCOCCAL_VACCINATION_MISSING',
  'ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
  'RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
  'MENINGOCOCCAL_BOOSTER_DUE',
  'RAVULIZUMAB_WEIGHT_BAND_MISMATCH',
  'RITUXIMAB_REDOSING_DUE',
  'HBV_SCREENING_MISSING',
  'LOW_IGG',
  'EDSS_OVERDUE',
  'MRI_OVERDUE',
  'VISUAL_EXAM_OVERDUE',
  'AQP4_RETEST_DUE',
  'LAB_MONITORING_OVERDUE',
  'CONFIRMED_EDSS_WORSENING',
  'LONGITUDINALLY_EXTENSIVE_LESION',
  'ANTIPHOSPHOLIPID_ANTIBODIES',
  'AHSCT_OUTSIDE_TRIAL',
  'THERAPY_OUTSIDE_INDICATION',
  'MAINTENANCE_DOSE_OVERDUE',
  'BRIDGING_STEROID_STOPPED_EARLY',
  'TERATOGENIC_THERAPY_IN_PREGNANCY',
  'POSTPARTUM_HIGH_RISK_WINDOW',
  'HBV_POSITIVE_WITHOUT_PROPHYLAXIS',
  'TB_SCREENING_MISSING',
  'TB_POSITIVE_WITHOUT_TREATMENT',
  'AZATHIOPRINE_CONTRAINDICATED',
  'AZATHIOPRINE_DOSE_HIGH',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Where a flag stands as of the as-of date (DESIGN.md contract 5): `open` needs action now;
 * `resolved` was addressed by a later record (`resolvedOn`, `resolution`); `expired` can no longer be
 * acted on and nothing resolved it (kept as a record of the quality of care).
 */
export const FLAG_STATUSES = ['open', 'resolved', 'expired'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** One thing that needs attention, with why (message) and on what evidence (source). */
export interface Flag {
  code: FlagCode;
  severity: Severity;
  /** The date the flag refers to (the attack, the dose, the day monitoring became due). */
  date: CalendarDate;
  /** Plain language for a neurologist: what happened and what is expected. */
  message: string;
  /** The publication, label or guideline (authors or body, year, DOI/PMID) the rule rests on. */
  source: string;
  /** Numbers behind the flag (days, thresholds, values), for display and export. */
  details: Record<string, unknown>;
  status: FlagStatus;
  /** When resolved: the day of the record that addressed it. */
  resolvedOn?: CalendarDate;
  /** When resolved: what addressed it, in plain words ("MRI done on 2024-07-18"). */
  resolution?: string;
}

/** What every rule sees: the patient, the timeline as known on `asOf`, and the clinic's settings. */
export interface RuleContext {
  patient: Omit<PatientTimeline, 'events'>;
  /** Events dated after asOf are not visible (the record as it stood that day). */
  timeline: ClinicalTimeline;
  asOf: CalendarDate;
  settings: RuleSettings;
}

/** A rule: a pure function of the context. One rule per file; it may raise one or more codes. */
export interface Rule {
  /** The codes this rule can raise (checked by tests; used to list rules). */
  codes: readonly FlagCode[];
  evaluate(context: RuleContext): Flag[];
}
