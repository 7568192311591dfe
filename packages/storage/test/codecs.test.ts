import { descriptorOf, partsOf, type TimelineEvent, timelineEventSchema } from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import { CODECS, EVENT_TABLES } from '../src/index.ts';

/** One event of every record type with every optional field filled, parts included. */
const FULL_EVENTS: TimelineEvent[] = [
  {
    type: 'edss',
    date: '2024-03-01',
    score: 3.5,
    functionalSystems: {
      visual: 2,
      brainstem: 1,
      pyramidal: 3,
      cerebellar: 1,
      sensory: 2,
      bowelBladder: 1,
      cerebral: 0,
      ambulation: 0,
    },
  },
  { type: 'antibody', date: '2024-03-02', antibody: 'AQP4', assay: 'cba_live', result: 'positive', titer: 160 },
  { type: 'mri', date: '2024-03-03', region: 'spinal_cord', newT2Lesions: 1, gadolinium: true, extensiveSegments: 4 },
  {
    type: 'visual',
    date: '2024-03-04',
    eye: 'OS',
    logmar: 0.3,
    visualFieldMdDb: -4.5,
    rnflMicrons: 70,
    gciplMicrons: 60,
    vepLatencyMs: 120,
    vepAmplitudeMicrovolts: 5,
    funduscopyNote: 'pale disc',
  },
  {
    type: 'relapse',
    onsetDate: '2024-03-05',
    phenotype: 'transverse_myelitis',
    severity: 'severe',
    acuteTreatments: [
      { type: 'ivmp', startDate: '2024-03-06', days: 5, dailyDoseMg: 1000 },
      { type: 'plex', startDate: '2024-03-06', sessions: 5 },
    ],
  },
  {
    type: 'therapy',
    agent: 'rituximab',
    startDate: '2024-03-07',
    stopDate: '2025-03-07',
    doseMg: 1000,
    schedule: 'once',
    stopReason: 'adverse_event',
    administrations: [
      { date: '2024-03-07', doseMg: 1000 },
      { date: '2024-03-21', doseMg: 1000 },
      { date: '2024-09-21', doseMg: 1000, planned: true },
    ],
  },
  { type: 'lab', date: '2024-03-08', test: 'cd19_percent', value: 0.5, unit: '%' },
  { type: 'vaccination', date: '2024-03-09', vaccine: 'menacwy', product: 'menveo' },
  { type: 'bodyWeight', date: '2024-03-10', kg: 61.5 },
  {
    type: 'pregnancy',
    startDate: '2024-03-11',
    expectedEndDate: '2024-12-16',
    endDate: '2024-12-10',
    outcome: 'live_birth',
    breastfeedingUntil: '2025-05-01',
  },
  {
    type: 'prophylaxis',
    agent: 'penicillin_v',
    indication: 'meningococcal',
    startDate: '2024-03-12',
    stopDate: '2024-04-30',
  },
  { type: 'referral', date: '2024-03-13', specialty: 'hepatology' },
] as TimelineEvent[];

describe('row codecs', () => {
  it('are tested with valid events', () => {
    for (const event of FULL_EVENTS) expect(timelineEventSchema.parse(event)).toEqual(event);
  });

  it('cover every event type', () => {
    expect(new Set(EVENT_TABLES.map((table) => table.type))).toEqual(new Set(FULL_EVENTS.map((event) => event.type)));
  });

  it.each(FULL_EVENTS.map((event) => [event.type, event] as const))(
    '%s: an event and its parts survive a row round trip',
    (type, event) => {
      const parts = partsOf(type);
      const fields = event as unknown as Record<string, Record<string, unknown>[]>;
      const row = CODECS[type].toRow(fields);
      if (parts)
        row[descriptorOf(parts.type).names.relation] = [...(fields[parts.field] ?? [])]
          .reverse()
          .map((part) => CODECS[parts.type].toRow(part));
      expect(CODECS[type].fromRow(row)).toEqual(event);
      expect(Object.keys(CODECS[type].fromRow(row))).toEqual(Object.keys(event));
    },
  );
});
