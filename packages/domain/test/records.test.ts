import { describe, expect, it } from 'vitest';
import { EDSS_STEP_MESSAGE, EDSS_STEPS, edssEventSchema } from '../src/records/edss.ts';
import { compareEvents, eventIdentity, type TimelineEvent } from '../src/records/event.ts';
import { patientTimelineSchema } from '../src/records/patient.ts';
import { compareFieldPaths, fieldErrors, formatPath } from '../src/validation.ts';

const edss = (date: string, score = 2): TimelineEvent => ({ type: 'edss', date, score });

describe('event identity and order', () => {
  it('two assessments on one day are the same event; another day is another', () => {
    expect(eventIdentity(edss('2020-01-01', 2))).toBe(eventIdentity(edss('2020-01-01', 3)));
    expect(eventIdentity(edss('2020-01-01'))).not.toBe(eventIdentity(edss('2020-01-02')));
  });

  it('a therapy is identified by agent and start; a relapse by onset', () => {
    const therapy = (agent: 'rituximab' | 'azathioprine', startDate: string): TimelineEvent => ({
      type: 'therapy',
      agent,
      startDate,
    });
    expect(eventIdentity(therapy('rituximab', '2020-01-01'))).not.toBe(
      eventIdentity(therapy('azathioprine', '2020-01-01')),
    );
    expect(eventIdentity({ type: 'relapse', onsetDate: '2020-01-01', phenotype: 'brainstem', severity: 'mild' })).toBe(
      'relapse 2020-01-01',
    );
  });

  it('orders by date, then by event type, then by identity', () => {
    const events: TimelineEvent[] = [
      { type: 'vaccination', date: '2020-01-01', vaccine: 'menb' },
      { type: 'lab', date: '2020-01-01', test: 'igg', value: 800 },
      edss('2020-01-01'),
      { type: 'vaccination', date: '2020-01-01', vaccine: 'menacwy' },
      edss('2019-12-31'),
    ];
    expect(events.sort(compareEvents).map(eventIdentity)).toEqual([
      'edss 2019-12-31',
      'edss 2020-01-01',
      'lab 2020-01-01 igg',
      'vaccination 2020-01-01 menacwy',
      'vaccination 2020-01-01 menb',
    ]);
  });
});

describe('patient timeline validation', () => {
  const patient = {
    mrn: 'X1',
    givenName: 'A',
    familyName: 'B',
    birthDate: '1990-06-15',
    sex: 'male',
    events: [] as unknown[],
  };

  it('an event on the birth date is allowed; the day before is not', () => {
    expect(patientTimelineSchema.safeParse({ ...patient, events: [edss('1990-06-15')] }).success).toBe(true);
    const result = patientTimelineSchema.safeParse({ ...patient, events: [edss('1990-06-14')] });
    expect(result.success ? [] : fieldErrors(result.error)).toEqual([
      { path: 'events[0].date', message: 'must not be before the birth date (1990-06-15)' },
    ]);
  });

  it('an administration on the stop date is inside the therapy; the day after is not', () => {
    const therapy = (date: string) => ({
      type: 'therapy',
      agent: 'rituximab',
      startDate: '2020-01-01',
      stopDate: '2020-06-01',
      stopReason: 'switch',
      administrations: [{ date }],
    });
    expect(patientTimelineSchema.safeParse({ ...patient, events: [therapy('2020-06-01')] }).success).toBe(true);
    const result = patientTimelineSchema.safeParse({ ...patient, events: [therapy('2020-06-02')] });
    expect(result.success ? [] : fieldErrors(result.error).map((e) => e.path)).toEqual([
      'events[0].administrations[0].date',
    ]);
  });
});

describe('error paths', () => {
  it('are written as JSON paths', () => {
    expect(formatPath(['patients', 3, 'events', 7, 'score'])).toBe('patients[3].events[7].score');
    expect(formatPath([])).toBe('');
  });

  it('sort in document order, indices numerically', () => {
    const paths = ['patients[10].mrn', 'patients[2].events[10].date', 'patients[2].events[9].date', 'patients[2]'];
    expect([...paths].sort(compareFieldPaths)).toEqual([
      'patients[2]',
      'patients[2].events[9].date',
      'patients[2].events[10].date',
      'patients[10].mrn',
    ]);
  });
});

describe('EDSS scores (Kurtzke steps)', () => {
  it('are 0, then 1.0 to 10 in steps of 0.5: 20 steps, no 0.5', () => {
    expect(EDSS_STEPS).toEqual([0, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10]);
  });

  it.each([
    [0, true],
    [0.5, false],
    [1, true],
    [1.5, true],
    [3.7, false],
    [9.5, true],
    [10, true],
    [10.5, false],
    [-1, false],
  ])('%s valid: %s, and the error names the field', (score, valid) => {
    const result = edssEventSchema.safeParse({ type: 'edss', date: '2020-01-01', score });
    expect(result.success).toBe(valid);
    if (!result.success) expect(fieldErrors(result.error)).toEqual([{ path: 'score', message: EDSS_STEP_MESSAGE }]);
  });
});
