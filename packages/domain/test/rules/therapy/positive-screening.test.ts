import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { positiveScreeningRule } from '../../../src/rules/therapy/positive-screening.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';
import { expired, lifecycles, opened, resolved } from './lifecycle.ts';

const rule = positiveScreeningRule;
const FIRST = '2024-03-01';
const HBV = 'HBV_POSITIVE_WITHOUT_PROPHYLAXIS';
const TB = 'TB_POSITIVE_WITHOUT_TREATMENT';
const positive = (date: string, test: 'hbsag' | 'anti_hbc' | 'tb_igra') =>
  lab(date, test, undefined, undefined, 'positive');
const prophylaxis = (
  indication: 'hepatitis_b' | 'tuberculosis' | 'meningococcal',
  startDate: string,
  stopDate?: string,
): TimelineEvent =>
  ({
    type: 'prophylaxis',
    agent: indication === 'hepatitis_b' ? 'entecavir' : indication === 'tuberculosis' ? 'isoniazid' : 'penicillin_v',
    indication,
    startDate,
    ...(stopDate ? { stopDate } : {}),
  }) as TimelineEvent;
const referral = (date: string, specialty: 'hepatology' | 'infectious_diseases' | 'other'): TimelineEvent =>
  ({ type: 'referral', date, specialty }) as TimelineEvent;
const only = (code: string, events: TimelineEvent[], asOf: string, settings?: Record<string, unknown>) =>
  run(rule, patientWith(events), asOf, settings ?? {}).filter((f) => f.code === code);

describe('HBV_POSITIVE_WITHOUT_PROPHYLAXIS', () => {
  it.each([
    ['rituximab', 'anti_hbc', true],
    ['ocrelizumab', 'hbsag', true],
    ['satralizumab', 'anti_hbc', true],
    ['tocilizumab', 'hbsag', false],
    ['eculizumab', 'hbsag', false],
  ] as const)('%s with %s positive: flagged %s', (agent, test, flagged) => {
    const flags = only(HBV, [therapy(agent, FIRST), positive('2024-02-01', test)], '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? [HBV] : []);
  });

  it('a negative result raises nothing', () => {
    const events = [therapy('rituximab', FIRST), lab('2024-02-01', 'anti_hbc', undefined, undefined, 'negative')];
    expect(only(HBV, events, '2024-06-01')).toEqual([]);
  });

  it('critical, dated at the first dose when the result came before, citing AASLD and the boxed warning', () => {
    const [flag] = only(HBV, [therapy('rituximab', FIRST), positive('2024-02-01', 'anti_hbc')], '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'critical',
      date: FIRST,
      status: 'open',
      source: SOURCES.hbvPositive,
      details: { agent: 'rituximab', test: 'anti_hbc', resultDate: '2024-02-01', prophylaxisIndication: 'hepatitis_b' },
    });
    expect(flag?.message).toMatch(
      /^Rituximab since 2024-03-01 with anti-HBc positive on 2024-02-01, and no antiviral prophylaxis for hepatitis B or a hepatology referral on record: /,
    );
    expect(flag?.source).toContain('Terrault');
    expect(flag?.source).toContain('boxed warning');
  });

  it('a positive result during the course is dated at the result', () => {
    const flags = only(HBV, [therapy('rituximab', FIRST), positive('2024-04-10', 'hbsag')], '2024-06-01');
    expect(lifecycles(flags)).toEqual([opened('2024-04-10')]);
  });

  const entecavir = resolved(FIRST, '2024-03-20', 'entecavir for hepatitis B from 2024-03-20');
  const hepatology = resolved(FIRST, '2024-03-10', 'referred to hepatology on 2024-03-10');
  it.each<[string, TimelineEvent[], string, unknown[]]>([
    [
      'prophylaxis started before and still running',
      [prophylaxis('hepatitis_b', '2024-02-15')],
      '2024-06-01',
      [resolved(FIRST, FIRST, 'entecavir for hepatitis B from 2024-02-15')],
    ],
    [
      'prophylaxis that stopped the day before the first dose',
      [prophylaxis('hepatitis_b', '2023-01-01', '2024-02-29')],
      '2024-06-01',
      [opened(FIRST)],
    ],
    [
      'prophylaxis that stopped on the first dose',
      [prophylaxis('hepatitis_b', '2023-01-01', FIRST)],
      '2024-06-01',
      [resolved(FIRST, FIRST, 'entecavir for hepatitis B from 2023-01-01')],
    ],
    ['the day before prophylaxis starts', [prophylaxis('hepatitis_b', '2024-03-20')], '2024-03-19', [opened(FIRST)]],
    ['the day prophylaxis starts', [prophylaxis('hepatitis_b', '2024-03-20')], '2024-03-20', [entecavir]],
    ['prophylaxis for another indication', [prophylaxis('meningococcal', '2024-03-20')], '2024-06-01', [opened(FIRST)]],
    ['a hepatology referral after the result', [referral('2024-03-10', 'hepatology')], '2024-06-01', [hepatology]],
    ['a hepatology referral before the result', [referral('2024-01-10', 'hepatology')], '2024-06-01', [opened(FIRST)]],
    ['a referral elsewhere', [referral('2024-03-10', 'other')], '2024-06-01', [opened(FIRST)]],
    [
      'referral first, then prophylaxis',
      [referral('2024-03-10', 'hepatology'), prophylaxis('hepatitis_b', '2024-03-20')],
      '2024-06-01',
      [hepatology],
    ],
  ])('%s (as of %s)', (_label, records, asOf, expected) => {
    const events = [therapy('rituximab', FIRST), positive('2024-02-01', 'anti_hbc'), ...records];
    expect(lifecycles(only(HBV, events, asOf))).toEqual(expected);
  });

  // Rituximab stopped 2024-05-01 with a single dose on 2024-03-01: protected until 2024-08-31 (183 days),
  // actionable 365 days more, to 2025-08-31.
  it.each([
    ['2025-08-31', [opened(FIRST)]],
    ['2025-09-01', [expired(FIRST, '2025-09-01')]],
  ])('expiry after the B-cell carry-over and the reactivation window, as of %s', (asOf, expected) => {
    const events = [
      therapy('rituximab', FIRST, { stopDate: '2024-05-01', doses: [FIRST] }),
      positive('2024-02-01', 'anti_hbc'),
    ];
    expect(lifecycles(only(HBV, events, asOf))).toEqual(expected);
  });

  it('a positive result after the course stopped protecting concerns no course', () => {
    const events = [therapy('satralizumab', FIRST, { stopDate: '2024-05-01' }), positive('2024-05-02', 'hbsag')];
    expect(only(HBV, events, '2024-06-01')).toEqual([]);
  });
});

describe('TB_POSITIVE_WITHOUT_TREATMENT', () => {
  it.each<[string, TimelineEvent, boolean]>([
    ['IGRA positive', positive('2024-02-01', 'tb_igra'), true],
    ['IGRA indeterminate', lab('2024-02-01', 'tb_igra', undefined, undefined, 'indeterminate'), false],
    ['skin test 5 mm, no result', lab('2024-02-01', 'tb_skin_test', 5, 'mm'), true],
    ['skin test 4 mm, no result', lab('2024-02-01', 'tb_skin_test', 4, 'mm'), false],
    ['skin test 12 mm read negative', lab('2024-02-01', 'tb_skin_test', 12, 'mm', 'negative'), false],
    ['skin test read positive', lab('2024-02-01', 'tb_skin_test', undefined, undefined, 'positive'), true],
  ])('%s: flagged %s', (_label, test, flagged) => {
    expect(codes(only(TB, [therapy('satralizumab', FIRST), test], '2024-06-01'))).toEqual(flagged ? [TB] : []);
  });

  it.each([
    ['tocilizumab', true],
    ['inebilizumab', true],
    ['rituximab', false],
  ] as const)('%s with a positive IGRA: flagged %s', (agent, flagged) => {
    const flags = only(TB, [therapy(agent, FIRST), positive('2024-02-01', 'tb_igra')], '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? [TB] : []);
  });

  const treated = resolved(FIRST, '2024-03-15', 'isoniazid for tuberculosis from 2024-03-15');
  it.each<[string, TimelineEvent[], string, unknown[]]>([
    ['untreated, the day before the stop', [], '2024-04-30', [opened(FIRST)]],
    ['untreated, the stop day (last day it can be addressed)', [], '2024-05-01', [opened(FIRST)]],
    ['untreated, the day after the stop', [], '2024-05-02', [expired(FIRST, '2024-05-02')]],
    ['treated from 2024-03-15', [prophylaxis('tuberculosis', '2024-03-15')], '2024-06-01', [treated]],
    [
      'treated and completed years before (a history of appropriate treatment)',
      [prophylaxis('tuberculosis', '2015-01-01', '2015-10-01')],
      '2024-06-01',
      [resolved(FIRST, FIRST, 'isoniazid for tuberculosis from 2015-01-01')],
    ],
    [
      'an infectious-diseases referral',
      [referral('2024-02-10', 'infectious_diseases')],
      '2024-06-01',
      [resolved(FIRST, FIRST, 'referred to infectious diseases on 2024-02-10')],
    ],
  ])('%s', (_label, records, asOf, expected) => {
    const events = [
      therapy('satralizumab', FIRST, { stopDate: '2024-05-01' }),
      positive('2024-02-01', 'tb_igra'),
      ...records,
    ];
    expect(lifecycles(only(TB, events, asOf))).toEqual(expected);
  });

  it('follows infectionScreening.tuberculinPositiveMm', () => {
    const events = [therapy('satralizumab', FIRST), lab('2024-02-01', 'tb_skin_test', 8, 'mm')];
    expect(codes(only(TB, events, '2024-06-01'))).toEqual([TB]);
    expect(only(TB, events, '2024-06-01', { infectionScreening: { tuberculinPositiveMm: 10 } })).toEqual([]);
  });
});
