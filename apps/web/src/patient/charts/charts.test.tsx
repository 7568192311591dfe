import { MAINTENANCE_THERAPY_AGENTS } from '@nmo/domain/vocabulary';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { patientPage, stored } from '../../test/fixtures.ts';
import { AntibodyChart, titerTick } from './AntibodyChart.tsx';
import { timeAxis } from './chart-data.ts';
import { AGENT_COLOURS, TICK_LABEL_CLASS } from './chart-frame.tsx';
import { EdssChart } from './EdssChart.tsx';
import { LabCharts } from './LabCharts.tsx';
import { MriTimeline } from './MriTimeline.tsx';
import { LOGMAR_TICKS } from './VisualCharts.tsx';

const page = patientPage();
const props = { page, axis: timeAxis(page, 'all'), width: 900 };
const chart = (container: HTMLElement, name: string) =>
  container.querySelector(`[data-chart="${name}"]`) as HTMLElement;

describe('EDSS chart', () => {
  it('draws the EDSS as a step line with one dot per assessment', async () => {
    const { container } = render(<EdssChart {...props} />);
    const figure = chart(container, 'edss');
    await screen.findByText('EDSS, attacks and maintenance therapy');
    expect(figure.querySelectorAll('.recharts-line-dot')).toHaveLength(3);
    const path = figure.querySelector('.recharts-line-curve')?.getAttribute('d') ?? '';
    // A step line moves only horizontally or vertically between points.
    expect(path).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
    const points = [...path.matchAll(/([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (let i = 1; i < points.length; i++) {
      const [x0, y0] = points[i - 1] as number[];
      const [x1, y1] = points[i] as number[];
      expect(x0 === x1 || y0 === y1).toBe(true);
    }
  });

  it('marks each attack with its phenotype, severity and acute treatment delay', () => {
    const { container } = render(<EdssChart {...props} />);
    const titles = [...chart(container, 'edss').querySelectorAll('.attack-marker title')].map((t) => t.textContent);
    expect(titles).toEqual([
      'Attack 12 May 2022: transverse myelitis, severe; IVMP on day 20 (1 Jun 2022)',
      'Attack 5 Jan 2020: optic neuritis, mild; no acute treatment recorded',
    ]);
  });

  it('draws one band per therapy course, overlapping ones both, with the agents in the legend', () => {
    const { container } = render(<EdssChart {...props} />);
    const figure = chart(container, 'edss');
    expect(figure.querySelectorAll('.recharts-reference-area')).toHaveLength(2);
    expect(figure.querySelector('figcaption')?.textContent).toContain('azathioprine');
    expect(figure.querySelector('figcaption')?.textContent).toContain('rituximab');
  });

  it('marks given doses filled and a booked dose hollow, and extends the axis to the booked date', () => {
    const booked = patientPage({
      therapies: [
        {
          ...page.records.therapies[1],
          administrations: [
            { ...stored('a1'), therapyId: 'th2', date: '2026-05-20', doseMg: 1000 },
            { ...stored('a2'), therapyId: 'th2', date: '2027-01-15', doseMg: 1000, planned: true },
          ],
        },
      ] as never,
    });
    const axis = timeAxis(booked, 'all');
    expect(axis.domain[1]).toBeGreaterThan(Date.parse('2027-01-15T00:00:00Z'));
    const { container } = render(<EdssChart page={booked} axis={axis} width={900} />);
    const markers = [...chart(container, 'edss').querySelectorAll('.dose-marker')];
    expect(markers.map((m) => [m.classList.contains('planned'), m.querySelector('title')?.textContent])).toEqual([
      [false, 'rituximab 1000 mg given on 20 May 2026'],
      [true, 'rituximab 1000 mg planned for 15 Jan 2027'],
    ]);
    expect(markers[1]?.querySelector('circle')?.getAttribute('fill')).toBe('#fff');
  });

  it('draws a pregnancy as a band, then its postpartum window', () => {
    const pregnant = patientPage({
      pregnancies: [
        {
          ...stored('p1'),
          patientId: 'p',
          startDate: '2024-01-10',
          expectedEndDate: '2024-10-16',
          endDate: '2024-10-12',
          outcome: 'live_birth',
        },
      ] as never,
    });
    const { container } = render(<EdssChart {...props} page={pregnant} />);
    const figure = chart(container, 'edss');
    expect(figure.querySelectorAll('.pregnancy-band')).toHaveLength(1);
    expect(figure.querySelectorAll('.postpartum-band')).toHaveLength(1);
    expect(figure.querySelector('figcaption')?.textContent).toContain('postpartum high-risk window');
  });

  it('says so when nothing is recorded', () => {
    const empty = patientPage({ edss: [], relapses: [], therapies: [] });
    render(<EdssChart {...props} page={empty} />);
    expect(screen.getByText('No EDSS, attack or therapy recorded.')).toBeTruthy();
  });
});

describe('antibody, MRI and lab charts', () => {
  it('puts titers on a log scale labelled as dilutions, negatives at the bottom', () => {
    const { container } = render(<AntibodyChart {...props} />);
    expect([1, 10, 100, 1000, 10_000].map(titerTick)).toEqual(['neg', '1:10', '1:100', '1:1k', '1:10k']);
    expect(chart(container, 'antibodies').querySelectorAll('.recharts-line-dot')).toHaveLength(2);
  });

  it('describes each MRI with its lesions and flags LETM', () => {
    const { container } = render(<MriTimeline {...props} />);
    expect(chart(container, 'mri').querySelector('.mri-marker title')?.textContent).toBe(
      'MRI 20 May 2022, spinal cord: 1 new T2 lesion, longest lesion 3 segments (LETM)',
    );
  });

  it('draws the clinic thresholds as reference lines (CD19, memory B, low IgG)', () => {
    const { container } = render(<LabCharts {...props} />);
    expect(chart(container, 'b-cells').querySelectorAll('.recharts-reference-line')).toHaveLength(2);
    expect(chart(container, 'igg').querySelectorAll('.recharts-reference-line')).toHaveLength(1);
    expect(chart(container, 'igg').querySelector('figcaption')?.textContent).toContain('below 700 mg/dL');
  });
});

describe('events on the course', () => {
  it('marks each acute treatment under its attack and each vaccination, with what, when and which attack', () => {
    const vaccinated = patientPage({
      vaccinations: [{ ...stored('v1'), patientId: 'p', date: '2023-01-10', vaccine: 'menacwy' }] as never,
    });
    const { container } = render(<EdssChart {...props} page={vaccinated} />);
    const titles = [...chart(container, 'edss').querySelectorAll('.event-marker title')].map((t) => t.textContent);
    expect(titles).toEqual(
      expect.arrayContaining([
        'IVMP from 1 Jun 2022 (day 20 of the attack of 12 May 2022), 5 days',
        'MenACWY vaccination on 10 Jan 2023',
      ]),
    );
  });
});

describe('colours and scales a clinician can read', () => {
  it('gives every maintenance agent its own colour, so a switch is visible', () => {
    const colours = MAINTENANCE_THERAPY_AGENTS.map((agent) => AGENT_COLOURS[agent]);
    expect(new Set(colours).size).toBe(colours.length);
    expect(AGENT_COLOURS.rituximab).not.toBe(AGENT_COLOURS.tocilizumab);
    expect(AGENT_COLOURS.azathioprine).not.toBe(AGENT_COLOURS.mycophenolate);
  });

  it('draws B cells on a log scale, so the 0.1 % threshold and a repopulated count both show', () => {
    const { container } = render(<LabCharts {...props} />);
    const ticks = [...chart(container, 'b-cells').querySelectorAll(`.${TICK_LABEL_CLASS}`)].map(
      (tick) => tick.textContent,
    );
    expect(ticks).toEqual(expect.arrayContaining(['≤0.01', '0.1', '1']));
  });

  it('labels logMAR at round steps and MRI regions in full', () => {
    expect(LOGMAR_TICKS).toEqual([0, 0.3, 1, 2, 3]);
    const { container } = render(<MriTimeline {...props} />);
    const labels = [...chart(container, 'mri').querySelectorAll(`.${TICK_LABEL_CLASS}`)].map(
      (tick) => tick.textContent,
    );
    expect(labels).toEqual(expect.arrayContaining(['optic nerve', 'spinal cord', 'area postrema']));
  });
});
