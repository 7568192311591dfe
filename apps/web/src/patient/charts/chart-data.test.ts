import { describe, expect, it } from 'vitest';
import { patientPage } from '../../test/fixtures.ts';
import {
  antibodySeries,
  attackMarkers,
  labSeries,
  mriPoints,
  perEyeSeries,
  therapyBands,
  timeAxis,
  toTime,
} from './chart-data.ts';

describe('the shared time axis', () => {
  it('starts exactly 2 or 5 years before today and ends a month after it', () => {
    const page = patientPage();
    expect(timeAxis(page, '2y').domain).toEqual([toTime('2024-11-24'), toTime('2026-12-24')]);
    expect(timeAxis(page, '5y').domain[0]).toBe(toTime('2021-11-24'));
  });

  it('shows the whole record for "all": from 60 days before the earliest dated entry', () => {
    const page = patientPage();
    expect(timeAxis(page, 'all').domain[0]).toBe(toTime('2020-01-05') - 60 * 86_400_000);
  });

  it('keeps a one-year window when a new patient has nothing recorded', () => {
    const empty = patientPage({
      edss: [],
      antibodies: [],
      mri: [],
      visualExams: [],
      relapses: [],
      therapies: [],
      labs: [],
    });
    const axis = timeAxis(empty, 'all');
    expect(axis.domain[0]).toBe(Date.UTC(2025, 10, 1));
    expect(axis.ticks.length).toBeGreaterThan(6);
    expect(axis.tickFormat(axis.ticks[0] as number)).toMatch(/^[A-Z][a-z]{2,3} \d{4}$/);
  });

  it('labels years on long ranges, every one inside the window', () => {
    const axis = timeAxis(patientPage(), 'all');
    expect(axis.ticks.map(axis.tickFormat)).toEqual(['2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    for (const tick of axis.ticks) expect(tick).toBeGreaterThanOrEqual(axis.domain[0]);
  });
});

describe('attack markers', () => {
  it('give the delay to the first acute treatment in days (day 20), or none', () => {
    const [treated, untreated] = attackMarkers(patientPage().records.relapses);
    expect(treated).toMatchObject({ onsetDate: '2022-05-12', firstTreatmentDelay: 20, severity: 'severe' });
    expect(treated?.treatments).toEqual([{ type: 'ivmp', startDate: '2022-06-01', delayDays: 20 }]);
    expect(untreated?.firstTreatmentDelay).toBeNull();
  });

  it('count IVMP or PLEX as the first acute treatment, not an oral taper (taper on day 2, IVMP on day 20)', () => {
    const [relapse] = patientPage().records.relapses;
    if (!relapse) throw new Error('fixture has an attack');
    const withTaper = {
      ...relapse,
      acuteTreatments: [
        ...relapse.acuteTreatments,
        { ...relapse.acuteTreatments[0], type: 'oral_steroid_taper', startDate: '2022-05-14' },
      ],
    } as typeof relapse;
    const [marker] = attackMarkers([withTaper]);
    expect(marker?.treatments.map((t) => [t.type, t.delayDays])).toEqual([
      ['oral_steroid_taper', 2],
      ['ivmp', 20],
    ]);
    expect(marker?.firstTreatmentDelay).toBe(20);
  });
});

describe('therapy bands', () => {
  it('puts overlapping courses on separate lanes and runs an ongoing course up to today', () => {
    const bands = therapyBands(patientPage().records.therapies, '2026-11-24');
    expect(bands.map((b) => [b.agent, b.lane])).toEqual([
      ['azathioprine', 0],
      ['rituximab', 1],
    ]);
    expect(bands[1]?.x2).toBe(toTime('2026-11-24'));
  });

  it('reuses a lane once the earlier course has stopped (stop and next start on the same day)', () => {
    const page = patientPage();
    const therapies = [
      { ...page.records.therapies[0], stopDate: '2022-06-15' },
      page.records.therapies[1],
    ] as typeof page.records.therapies;
    expect(therapyBands(therapies, '2026-11-24').map((b) => b.lane)).toEqual([0, 0]);
  });

  it('keeps a lane taken until a short course label ends, so the next label goes below it', () => {
    const page = patientPage();
    const [first, second] = page.records.therapies as [
      (typeof page.records.therapies)[number],
      (typeof page.records.therapies)[number],
    ];
    // Mycophenolate for 60 days, then rituximab: the first label (120 px at a day per pixel) outlasts its band.
    const therapies = [
      { ...first, agent: 'mycophenolate', startDate: '2015-01-01', stopDate: '2015-03-02' },
      { ...second, agent: 'rituximab', startDate: '2015-03-02', stopDate: null },
    ] as typeof page.records.therapies;
    const view = { domain: [toTime('2010-01-01'), toTime('2027-01-01')] as [number, number], msPerPixel: 86_400_000 };
    expect(therapyBands(therapies, '2026-11-24', { ...view, labelPixels: () => 120 }).map((b) => b.lane)).toEqual([
      0, 1,
    ]);
    // A label that fits inside its band frees the lane at the band's end.
    expect(therapyBands(therapies, '2026-11-24', { ...view, labelPixels: () => 30 }).map((b) => b.lane)).toEqual([
      0, 0,
    ]);
  });

  it('cuts bands to the chosen period and leaves out courses wholly outside it', () => {
    const page = patientPage();
    const [first, second] = page.records.therapies as [
      (typeof page.records.therapies)[number],
      (typeof page.records.therapies)[number],
    ];
    const therapies = [
      { ...first, startDate: '2010-01-01', stopDate: '2012-01-01' },
      { ...second, startDate: '2015-01-01', stopDate: null },
    ] as typeof page.records.therapies;
    const domain: [number, number] = [toTime('2020-01-01'), toTime('2026-12-24')];
    const bands = therapyBands(therapies, '2026-11-24', { domain, msPerPixel: 1, labelPixels: () => 0 });
    expect(bands.map((b) => [b.startDate, b.x1, b.x2])).toEqual([
      ['2015-01-01', toTime('2020-01-01'), toTime('2026-11-24')],
    ]);
  });
});

describe('series', () => {
  it('draws a negative antibody result at 1 on the log scale and skips results without a titer', () => {
    const records = patientPage().records.antibodies;
    const withBorderline = [
      ...records,
      { ...records[0], id: 'a3', date: '2025-01-01', result: 'borderline', titer: undefined },
    ] as typeof records;
    expect(antibodySeries(withBorderline, 'AQP4').map((p) => [p.date, p.titer])).toEqual([
      ['2020-01-10', 1000],
      ['2024-01-10', 1],
    ]);
    expect(antibodySeries(withBorderline, 'MOG')).toEqual([]);
  });

  it('joins both eyes of one exam date into one point', () => {
    expect(perEyeSeries(patientPage().records.visualExams, 'rnflMicrons')).toEqual([
      { t: toTime('2023-01-01'), date: '2023-01-01', OD: 92, OS: 61 },
    ]);
  });

  it('converts IgG to mg/dL and leaves out units it cannot convert', () => {
    const labs = patientPage().records.labs;
    const odd = [...labs, { ...labs[1], id: 'l3', date: '2024-01-01', unit: 'IU' }] as typeof labs;
    expect(labSeries(odd, 'igg').map((p) => p.value)).toEqual([650]);
    expect(labSeries(odd, 'cd19_percent').map((p) => p.value)).toEqual([0.4]);
  });

  it('marks an MRI lesion of exactly 3 segments as longitudinally extensive, 2 not', () => {
    const [mri] = patientPage().records.mri;
    const two = { ...mri, id: 'm2', extensiveSegments: 2 } as typeof mri;
    expect(mriPoints([mri, two] as never).map((p) => p.extensive)).toEqual([true, false]);
  });
});
