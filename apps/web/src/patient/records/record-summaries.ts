import { EVENT_TYPES, labUnitLabel, type PartType, partsOf, RECORD_TYPES } from '@nmo/domain';
import type { PatientPage } from '../../api-types.ts';
import { agentText, formatDate, formatNumber, labTestText, phenotypeText, treatmentText, words } from '../../format.ts';
import { RECORD_FORMS, type RecordFormSpec } from './form-specs.ts';

type Records = PatientPage['records'];
export type SectionName = keyof Records;
type AnyRecord = Record<string, unknown> & { id: string; version: number };

/** The record tabs of the patient page: the forms with a tab label, in the order a clinician reviews them. */
export const SECTIONS: { name: SectionName; label: string; dateField: string }[] = Object.entries(RECORD_FORMS).flatMap(
  ([name, spec]) => {
    const type = EVENT_TYPES.find((event) => RECORD_TYPES[event].names.api === name);
    return type && 'tab' in spec
      ? [{ name: name as SectionName, label: spec.tab, dateField: RECORD_TYPES[type].dateField }]
      : [];
  },
);

/** The parts a section's records hold (an attack's acute treatments, a therapy's doses), from the registry. */
export const SECTION_PARTS: Partial<Record<SectionName, { part: PartName; owner: string }>> = Object.fromEntries(
  EVENT_TYPES.flatMap((type) => {
    const parts = partsOf(type);
    if (!parts) return [];
    const part = RECORD_TYPES[parts.type];
    return [[RECORD_TYPES[type].names.api, { part: part.names.api, owner: part.parent.key }]];
  }),
);
export type PartName = (typeof RECORD_TYPES)[PartType]['names']['api'];

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A record's field as text for display, calendar dates in the clinic's format; undefined when absent. */
function fieldText(record: AnyRecord, key: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && CALENDAR_DATE.test(value) ? formatDate(value) : String(value);
}

const join = (parts: (string | null | false | undefined)[]) => parts.filter(Boolean).join(', ');

/** One line that says what a record holds, as a neurologist would note it. */
export function describeRecord(section: SectionName, record: AnyRecord): string {
  const f = (key: string) => fieldText(record, key);
  switch (section) {
    case 'edss': {
      const fs = record.functionalSystems as Record<string, number> | undefined;
      const systems = fs ? Object.entries(fs).map(([key, value]) => `${key} ${value}`) : [];
      return join([`EDSS ${f('score')}`, systems.length > 0 && `FS: ${systems.join(' ')}`]);
    }
    case 'relapses':
      return join([phenotypeText(f('phenotype') ?? ''), f('severity')]);
    case 'therapies':
      return join([
        agentText(f('agent') ?? ''),
        f('stopDate') ? `until ${f('stopDate')}` : 'ongoing',
        f('stopReason') && `stopped: ${words(f('stopReason') ?? '')}`,
        f('doseMg') !== undefined && `${f('doseMg')} mg`,
        f('schedule') && words(f('schedule') ?? ''),
      ]);
    case 'antibodies':
      return join([
        `${f('antibody')}-IgG ${f('result')}`,
        f('titer') !== undefined && `1:${f('titer')}`,
        words(f('assay') ?? ''),
      ]);
    case 'mri':
      return join([
        words(f('region') ?? ''),
        f('newT2Lesions') !== undefined && `${f('newT2Lesions')} new T2`,
        f('gadolinium') !== undefined && (f('gadolinium') === 'true' ? 'Gd+' : 'Gd−'),
        f('extensiveSegments') !== undefined && `${f('extensiveSegments')} segments`,
      ]);
    case 'visualExams':
      return join([
        f('eye'),
        f('logmar') !== undefined && `logMAR ${f('logmar')}`,
        f('rnflMicrons') !== undefined && `RNFL ${f('rnflMicrons')} µm`,
        f('gciplMicrons') !== undefined && `GCIPL ${f('gciplMicrons')} µm`,
        f('visualFieldMdDb') !== undefined && `MD ${f('visualFieldMdDb')} dB`,
        f('vepLatencyMs') !== undefined && `VEP ${f('vepLatencyMs')} ms`,
      ]);
    case 'labs':
      return join([
        labTestText(f('test') ?? ''),
        f('value') !== undefined &&
          `${formatNumber(Number(f('value')), 3)}${f('unit') ? ` ${labUnitLabel(f('unit') ?? '')}` : ''}`,
        f('result'),
      ]);
    case 'vaccinations':
      return join([words(f('vaccine') ?? ''), f('product') !== undefined && `(${words(f('product') ?? '')})`]);
    case 'pregnancies':
      return join([
        `pregnancy from ${f('startDate')}`,
        f('endDate') !== undefined
          ? `ended ${f('endDate')}`
          : f('expectedEndDate') !== undefined && `due ${f('expectedEndDate')}`,
        f('outcome') !== undefined && words(f('outcome') ?? ''),
        f('breastfeedingUntil') !== undefined && `breastfeeding until ${f('breastfeedingUntil')}`,
      ]);
    case 'prophylaxis':
      return join([
        `${words(f('agent') ?? '')} for ${words(f('indication') ?? '')}`,
        `from ${f('startDate')}`,
        f('stopDate') !== undefined && `to ${f('stopDate')}`,
      ]);
    case 'referrals':
      return `referral to ${words(f('specialty') ?? '')}`;
    case 'bodyWeights':
      return `${formatNumber(Number(f('kg')), 1)} kg`;
    default:
      // A record type without its own summary yet: its fields as the form labels them.
      return join(
        (RECORD_FORMS[section] as RecordFormSpec).fields
          .filter((field) => !field.name.includes('.') && f(field.name) !== undefined)
          .map((field) => `${field.label} ${f(field.name)}`),
      );
  }
}

export function describePart(part: PartName, record: AnyRecord): string {
  const f = (key: string) => fieldText(record, key);
  if (part === 'administrations')
    return join([
      `${f('planned') === 'true' ? 'planned dose' : 'dose'} ${f('date')}`,
      f('doseMg') !== undefined && `${f('doseMg')} mg`,
    ]);
  return join([
    `${treatmentText(f('type') ?? '')} from ${f('startDate')}`,
    f('days') !== undefined && `${f('days')} days`,
    f('dailyDoseMg') !== undefined && `${f('dailyDoseMg')} mg/day`,
    f('sessions') !== undefined && `${f('sessions')} sessions`,
  ]);
}
