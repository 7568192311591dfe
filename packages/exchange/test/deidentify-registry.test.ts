import {
  addDays,
  descriptorOf,
  type PatientTimeline,
  RECORD_TYPE_NAMES,
  RECORD_TYPES,
  type RecordDescriptor,
  type RecordType,
} from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { csvLongColumns, type DescriptorLookup, dateShiftOf, deidentifyPatient } from '../src/index.ts';

const KEY = 'r'.repeat(40);
const OPTIONS = { key: KEY, dates: 'shift' as const, today: '2026-11-29' };

const patient = (events: unknown[]): PatientTimeline =>
  ({
    mrn: 'MRN-REG-1',
    givenName: 'Ada',
    familyName: 'Lovelace',
    birthDate: '1980-05-06',
    sex: 'female',
    aqp4Status: 'positive',
    mogStatus: 'negative',
    events,
  }) as PatientTimeline;

/**
 * The registry as it would be after someone adds two fields to the EDSS assessment and classifies
 * them: a free-text remark and the date the assessment was reviewed.
 */
const widenedEdss: RecordDescriptor = {
  ...descriptorOf('edss'),
  schema: RECORD_TYPES.edss.schema.extend({ examinerRemark: z.string().optional(), reviewedOn: z.string().optional() }),
  fields: {
    ...descriptorOf('edss').fields,
    examinerRemark: { class: 'freeText', csv: 'examiner_remark' },
    reviewedOn: { class: 'date', csv: 'reviewed_on' },
  },
};
const widened: DescriptorLookup = (type: RecordType) => (type === 'edss' ? widenedEdss : descriptorOf(type));

describe('de-identification from the registry', () => {
  it('drops a new free-text field and moves a new date field as soon as they are classified', () => {
    const timeline = patient([
      {
        type: 'edss',
        date: '2024-03-01',
        score: 3,
        examinerRemark: 'seen with her sister Mary Lovelace at Ward 7',
        reviewedOn: '2024-03-04',
      },
    ]);
    const out = deidentifyPatient(timeline, OPTIONS, widened);
    const shift = dateShiftOf(KEY, timeline.mrn);
    expect(out.events).toEqual([
      { type: 'edss', date: addDays('2024-03-01', -shift), score: 3, reviewedOn: addDays('2024-03-04', -shift) },
    ]);
    const text = JSON.stringify(out);
    expect(text).not.toContain('Mary');
    expect(text).not.toContain('2024-03-04');
  });

  it('drops a field the registry does not classify (nothing leaves by default)', () => {
    const timeline = patient([{ type: 'edss', date: '2024-03-01', score: 3, unreviewedField: 'Ada L., 06/05/1980' }]);
    const out = deidentifyPatient(timeline, OPTIONS);
    expect(JSON.stringify(out)).not.toContain('Ada');
    expect(out.events[0]).not.toHaveProperty('unreviewedField');
  });

  it('leaves out the CSV column of every free-text or identifier field of every record type', () => {
    const deidentifiedColumns = new Set(csvLongColumns(true));
    for (const type of RECORD_TYPE_NAMES) {
      for (const spec of Object.values(descriptorOf(type).fields)) {
        if ('fields' in spec) continue;
        if (spec.class === 'freeText' || spec.class === 'identifier')
          expect(deidentifiedColumns.has(spec.csv), `${type} ${spec.csv}`).toBe(false);
        else expect(deidentifiedColumns.has(spec.csv), `${type} ${spec.csv}`).toBe(true);
      }
    }
  });

  it('carries parts through their own descriptor', () => {
    const timeline = patient([
      {
        type: 'relapse',
        onsetDate: '2024-03-01',
        phenotype: 'optic_neuritis',
        severity: 'severe',
        acuteTreatments: [{ type: 'ivmp', startDate: '2024-03-02', days: 5 }],
      },
    ]);
    const shift = dateShiftOf(KEY, timeline.mrn);
    const [relapse] = deidentifyPatient(timeline, OPTIONS).events;
    expect(relapse?.acuteTreatments).toEqual([{ type: 'ivmp', startDate: addDays('2024-03-02', -shift), days: 5 }]);
  });
});
