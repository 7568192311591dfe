import {
  EVENT_TYPES,
  type EventType,
  labUnitLabel,
  type PartType,
  RECORD_TYPES,
  type RecordDescriptor,
} from '@nmo/domain';
import type { PatientPage } from '../../api-types.ts';
import { agentText, formatNumber, labTestText, phenotypeText, treatmentText, words } from '../../format.ts';

type Records = PatientPage['records'];
export type SectionName = keyof Records;
type AnyRecord = Record<string, unknown> & { id: string; version: number };

/** The tab label of each event type's records; every record type of the registry has one. */
const SECTION_LABELS = {
  edss: 'EDSS',
  relapse: 'Attacks',
  therapy: 'Therapies',
  antibody: 'Antibodies',
  mri: 'MRI',
  visual: 'Visual',
  lab: 'Labs',
  vaccination: 'Vaccinations',
} satisfies Record<EventType, string>;

/** The record tabs of the patient page, in the order a clinician reviews them (the labels' order). */
export const SECTIONS: { name: SectionName; label: string; dateField: string }[] = (
  Object.entries(SECTION_LABELS) as [EventType, string][]
).map(([type, label]) => ({
  name: RECORD_TYPES[type].names.api as SectionName,
  label,
  dateField: RECORD_TYPES[type].dateField,
}));

/** The parts a section's records hold (an attack's acute treatments, a therapy's doses), from the registry. */
export const SECTION_PARTS: Partial<Record<SectionName, { part: PartName; owner: string }>> = Object.fromEntries(
  EVENT_TYPES.flatMap((type) => {
    const parts = (RECORD_TYPES[type] as RecordDescriptor).parts;
    if (!parts) return [];
    const part = RECORD_TYPES[parts.type];
    return [[RECORD_TYPES[type].names.api, { part: part.names.api, owner: part.parent.key }]];
  }),
);
export type PartName = (typeof RECORD_TYPES)[PartType]['names']['api'];

/** A record's field as text for display; undefined when absent. */
const fieldText = (record: AnyRecord, key: string) =>
  record[key] === undefined || record[key] === null ? undefined : String(record[key]);

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
      return words(f('vaccine') ?? '');
  }
}

export function describePart(part: PartName, record: AnyRecord): string {
  const f = (key: string) => fieldText(record, key);
  if (part === 'administrations') return join([`dose ${f('date')}`, f('doseMg') !== undefined && `${f('doseMg')} mg`]);
  return join([
    `${treatmentText(f('type') ?? '')} from ${f('startDate')}`,
    f('days') !== undefined && `${f('days')} days`,
    f('dailyDoseMg') !== undefined && `${f('dailyDoseMg')} mg/day`,
    f('sessions') !== undefined && `${f('sessions')} sessions`,
  ]);
}
