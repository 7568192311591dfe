import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timelineEventSchema } from '../src/records/event.ts';
import { type IndexedEvent, patientTimelineSchema, timelineConsistencyIssues } from '../src/records/patient.ts';
import { DEFAULT_RULE_SETTINGS, ruleSettingsSchema } from '../src/rules/settings.ts';
import {
  describeFieldErrors,
  fieldErrors,
  plainIssueMessage,
  UNSAFE_TEXT_MESSAGE,
  unsafeTextErrors,
} from '../src/validation.ts';

const errorsOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error).map((e) => `${e.path}: ${e.message}`);
};

describe('field errors', () => {
  it('plain messages for schemas without their own: required, wrong type', () => {
    const schema = z.object({ name: z.string(), count: z.number(), items: z.array(z.string()) });
    expect(errorsOf(schema, { count: 'x', items: 3 })).toEqual([
      'name: is required',
      'count: must be a number',
      'items: must be an array',
    ]);
  });

  it('unknown fields and unknown event types name the field', () => {
    expect(errorsOf(timelineEventSchema, { type: 'edss', date: '2020-01-01', score: 2, extra: 1, more: 2 })).toEqual([
      'extra: is not a known field',
      'more: is not a known field',
    ]);
    expect(errorsOf(timelineEventSchema, { type: 'surgery' })).toEqual(['type: is not a known event type']);
    expect(errorsOf(timelineEventSchema, undefined)).toEqual([': is required']);
  });

  it('range messages say the range', () => {
    expect(errorsOf(timelineEventSchema, { type: 'visual', date: '2020-01-01', eye: 'OS', rnflMicrons: 300 })).toEqual([
      'rnflMicrons: must be between 0 and 250 µm',
    ]);
    expect(
      errorsOf(timelineEventSchema, {
        type: 'relapse',
        onsetDate: '2020-01-01',
        phenotype: 'brainstem',
        severity: 'mild',
        acuteTreatments: [{ type: 'ivmp', startDate: '2020-01-02', dailyDoseMg: 0, days: 1.5 }],
      }),
    ).toEqual([
      'acuteTreatments[0].days: must be a whole number between 1 and 90',
      'acuteTreatments[0].dailyDoseMg: must be greater than 0 and at most 5000 mg',
    ]);
  });

  it('are described one per line, path first', () => {
    expect(
      describeFieldErrors([
        { path: 'a.b', message: 'is required' },
        { path: '', message: 'not valid JSON' },
      ]),
    ).toBe('a.b: is required\nnot valid JSON');
  });
});

describe('timeline consistency', () => {
  const anchor = {
    birthDate: '1980-01-01',
    diagnosisDate: '1979-12-31',
    comorbidities: ['sjogren_syndrome', 'sjogren_syndrome'] as never,
  };
  const events: IndexedEvent[] = [
    {
      index: 0,
      event: {
        type: 'relapse',
        onsetDate: '2020-01-10',
        phenotype: 'optic_neuritis',
        severity: 'severe',
        acuteTreatments: [
          { type: 'plex', startDate: '2020-01-12' },
          { type: 'plex', startDate: '2020-01-12' },
          { type: 'ivmp', startDate: '2031-01-01' },
        ],
      },
    },
    {
      index: 1,
      event: {
        type: 'therapy',
        agent: 'rituximab',
        startDate: '2020-02-01',
        stopReason: 'switch',
        administrations: [{ date: '2020-01-15' }, { date: '2020-02-01' }, { date: '2020-02-01' }],
      },
    },
    { index: 4, event: { type: 'lab', date: '2020-03-01', test: 'igg' } },
    { index: 5, event: { type: 'lab', date: '2020-03-01', test: 'igg', value: 800 } },
    { index: 6, event: { type: 'therapy', agent: 'azathioprine', startDate: '2020-01-01', stopDate: '2031-01-01' } },
  ];

  it('finds every cross-field problem, with positions that survive skipped events', () => {
    const issues = timelineConsistencyIssues(anchor, events, '2030-12-31').map(
      (i) => `${i.path.join('.')}: ${i.message}`,
    );
    expect(issues).toEqual([
      'diagnosisDate: must not be before the birth date (1980-01-01)',
      'comorbidities.1: repeats sjogren_syndrome',
      'events.0.acuteTreatments.1: repeats acuteTreatments[0] (same plex 2020-01-12)',
      'events.0.acuteTreatments.2.startDate: must not be in the future (today is 2030-12-31)',
      'events.1.stopReason: needs a stop date',
      "events.1.administrations.0.date: must not be before the therapy's start date (2020-02-01)",
      'events.1.administrations.2: repeats administrations[1] (same date)',
      'events.4.value: is required when there is no qualitative result',
      'events.5: repeats events[4] (same lab 2020-03-01 igg)',
      'events.6.stopDate: must not be in the future (today is 2030-12-31)',
    ]);
  });

  it('a birth date in the future or before 1900 is refused by the patient schema', () => {
    const base = { mrn: 'A1', givenName: 'A', familyName: 'B', sex: 'male', events: [] };
    expect(errorsOf(patientTimelineSchema, { ...base, birthDate: '1899-12-31' })).toEqual([
      'birthDate: must be 1900-01-01 or later',
    ]);
    expect(errorsOf(patientTimelineSchema, { ...base, birthDate: '2999-01-01' })).toEqual([
      expect.stringMatching(/^birthDate: must not be in the future/),
    ]);
  });
});

describe('unsafe text', () => {
  it('finds NUL characters and unpaired surrogates anywhere, keys too, with their paths', () => {
    const value = {
      fine: 'Müller 𝄞 naïve',
      data: { givenName: 'An\u0000na', notes: ['ok', 'half \uD83D pair', 'other half \uDC00'] },
      'bad\u0000key': 1,
    };
    expect(unsafeTextErrors(value)).toEqual([
      { path: 'data.givenName', message: UNSAFE_TEXT_MESSAGE },
      { path: 'data.notes[1]', message: UNSAFE_TEXT_MESSAGE },
      { path: 'data.notes[2]', message: UNSAFE_TEXT_MESSAGE },
      { path: '', message: `has a key that ${UNSAFE_TEXT_MESSAGE}` },
    ]);
    expect(unsafeTextErrors({ a: '\uD83D\uDE00' })).toEqual([]);
  });
});

describe('Zod’s default messages in plain words', () => {
  const messagesOf = (schema: z.ZodType, value: unknown) =>
    (schema.safeParse(value).error?.issues ?? []).map(plainIssueMessage);

  it.each([
    [z.number(), 'four', 'must be a number'],
    [z.number(), undefined, 'is required'],
    [z.int(), 2.5, 'must be a whole number'],
    [z.number().int(), 2.5, 'must be a whole number'],
    [z.number().min(1), 0, 'must be at least 1'],
    [z.number().positive(), 0, 'must be more than 0'],
    [z.number().max(30), 31, 'must be at most 30'],
    [z.string().min(1), '', 'must not be empty'],
    [z.string().max(3), 'abcd', 'must be at most 3 characters'],
    [z.enum(['a', 'b']), 'c', 'must be one of a, b'],
  ])('%s given %j: %s', (schema, value, expected) => {
    expect(messagesOf(schema, value)).toEqual([expected]);
  });

  it('keeps our schemas’ own messages', () => {
    expect(messagesOf(z.number({ error: 'must be an EDSS step' }), 'x')).toEqual(['must be an EDSS step']);
  });

  it('leaves no internal wording in the clinic settings’ errors', () => {
    const settings = structuredClone(DEFAULT_RULE_SETTINGS) as unknown as Record<string, Record<string, unknown>>;
    for (const group of Object.values(settings))
      if (group && typeof group === 'object') for (const key of Object.keys(group)) group[key] = 'x';
    const result = ruleSettingsSchema.safeParse(settings);
    const messages = fieldErrors(result.error as z.ZodError).map((error) => error.message);
    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) expect(message).not.toMatch(/^(Invalid|Too)|expected|received/);
  });
});
