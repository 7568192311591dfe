import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { therapyOutsideIndicationRule } from '../../../src/rules/therapy/therapy-outside-indication.ts';
import { codes, flagHead, patientWith, run } from '../helpers.ts';
import { aqp4Test, therapy } from './builders.ts';
import { lifecycles, opened, resolved } from './lifecycle.ts';

const rule = therapyOutsideIndicationRule;
const CODE = ['THERAPY_OUTSIDE_INDICATION'];
const START = '2023-05-01';
const MOGAD = { aqp4Status: 'negative', mogStatus: 'positive' } as const;
type Fields = Parameters<typeof patientWith>[1];

describe('THERAPY_OUTSIDE_INDICATION', () => {
  it.each([
    ['eculizumab', true],
    ['ravulizumab', true],
    ['satralizumab', true],
    ['inebilizumab', true],
    ['tocilizumab (approved for NMOSD nowhere)', false],
    ['rituximab', false],
    ['mycophenolate', false],
  ] as const)('MOGAD patient on %s', (label, flagged) => {
    const agent = label.split(' ')[0] as Parameters<typeof therapy>[0];
    const flags = run(rule, patientWith([therapy(agent, START)], MOGAD), '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  it.each<[string, Fields, boolean]>([
    ['AQP4-positive status', { aqp4Status: 'positive' }, false],
    ['AQP4-positive NMOSD recorded', { aqp4Status: 'unknown', diagnosis: 'nmosd_aqp4_positive' }, false],
    ['MOGAD derived', MOGAD, true],
    ['MOGAD recorded', { aqp4Status: 'unknown', diagnosis: 'mogad' }, true],
    ['seronegative NMOSD recorded', { aqp4Status: 'negative', diagnosis: 'nmosd_seronegative' }, true],
    ['double seronegative', { aqp4Status: 'negative', mogStatus: 'negative' }, true],
    ['serostatus unknown', { aqp4Status: 'unknown', mogStatus: 'unknown' }, true],
    [
      'AQP4-positive status but other diagnosis recorded',
      { aqp4Status: 'positive', diagnosis: 'other_or_uncertain' },
      true,
    ],
  ])('satralizumab, %s', (_label, fields, flagged) => {
    expect(codes(run(rule, patientWith([therapy('satralizumab', START)], fields), '2024-06-01'))).toEqual(
      flagged ? CODE : [],
    );
  });

  it('an AQP4-positive test up to as-of puts the course within its indication', () => {
    const events = [therapy('inebilizumab', START), aqp4Test('2024-01-10', 'positive')];
    const patient = patientWith(events, { aqp4Status: 'unknown', mogStatus: 'negative' });
    expect(lifecycles(run(rule, patient, '2024-01-09'))).toEqual([opened(START)]);
    expect(run(rule, patient, '2024-01-10')).toEqual([]);
  });

  it('is info, dated at the start, naming the diagnosis, its basis and the label', () => {
    const [flag] = run(rule, patientWith([therapy('satralizumab', START)], MOGAD), '2024-06-01');
    expect(flag).toMatchObject({
      ...flagHead('THERAPY_OUTSIDE_INDICATION', 'info', START, 'open'),
      source: SOURCES.approvedIndication,
      details: {
        agent: 'satralizumab',
        startDate: START,
        stopDate: null,
        diagnosis: 'mogad',
        diagnosisBasis: 'serostatus',
        aqp4Status: 'negative',
        mogStatus: 'positive',
      },
      message:
        'Satralizumab (started 2023-05-01, ongoing on 2024-06-01) in a patient whose working diagnosis is MOG antibody-associated disease (MOGAD) (no diagnosis recorded; serostatus AQP4-IgG negative, MOG-IgG positive), not AQP4-IgG-positive NMOSD. ENSPRYNG (satralizumab) is approved for NMOSD in adults who are anti-AQP4 antibody positive (US label; EU: AQP4-IgG-seropositive patients from 12 years). Use outside that indication is off-label: review the reasons and the evidence for this diagnosis.',
    });
  });

  it('asks for the AQP4 result or the diagnosis when the diagnosis is uncertain', () => {
    const [flag] = run(rule, patientWith([therapy('eculizumab', START)], { aqp4Status: 'unknown' }), '2024-06-01');
    expect(flag?.message).toContain('Record the AQP4-IgG result or the diagnosis if the patient is AQP4-positive.');
  });

  const STOP = '2024-02-01';
  it.each([
    ['the day before the start', -1, []],
    ['on the start', 0, [opened(START)]],
    ['the day before the stop', 275, [opened(START)]],
    ['on the stop', 276, [resolved(START, STOP, 'eculizumab stopped on 2024-02-01')]],
    ['years later', 2000, [resolved(START, STOP, 'eculizumab stopped on 2024-02-01')]],
  ])('lifecycle: as of %s', (_label, day, expected) => {
    const patient = patientWith([therapy('eculizumab', START, { stopDate: STOP })], MOGAD);
    expect(lifecycles(run(rule, patient, addDays(START, day)))).toEqual(expected);
  });

  it('one flag per course', () => {
    const events = [
      therapy('eculizumab', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('satralizumab', '2021-02-01'),
    ];
    expect(lifecycles(run(rule, patientWith(events, MOGAD), '2024-06-01'))).toEqual([
      resolved('2020-01-01', '2021-01-01', 'eculizumab stopped on 2021-01-01'),
      opened('2021-02-01'),
    ]);
  });

  it.each([
    ['eculizumab', []],
    ['ravulizumab', []],
    ['satralizumab', CODE],
  ] as const)('myasthenia gravis recorded: %s', (agent, expected) => {
    const patient = patientWith([therapy(agent, START)], { ...MOGAD, comorbidities: ['myasthenia_gravis'] });
    expect(codes(run(rule, patient, '2024-06-01'))).toEqual(expected);
  });
});
