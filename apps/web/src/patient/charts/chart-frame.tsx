import type { TherapyAgent } from '@nmo/domain/vocabulary';
import { createContext, type MouseEvent, type ReactNode, useContext, useState } from 'react';
import { Tooltip, XAxis, type XAxisTickContentProps, YAxis, type YAxisTickContentProps } from 'recharts';
import { formatDate } from '../../format.ts';
import { dateOf, type TimeAxis } from './chart-data.ts';

/** Every chart of the page uses these, so their time axes line up one above the other. */
export const CHART_MARGIN = { top: 8, right: 24, bottom: 0, left: 0 };
/** Wide enough for the longest row label ("area postrema") at 11 px, the same on every chart. */
export const Y_AXIS_WIDTH = 88;
/** Room at each end of the time axis, in pixels, so a marker on the first or last day is drawn whole. */
const X_PADDING = { left: 10, right: 14 };

/** The width of a chart's plotting area, where the time axis runs, for a chart `width` pixels wide. */
export const plotWidth = (width: number) =>
  Math.max(1, width - Y_AXIS_WIDTH - CHART_MARGIN.left - CHART_MARGIN.right - X_PADDING.left - X_PADDING.right);

export interface ChartProps {
  axis: TimeAxis;
  width: number;
}

/** What recharts hands an axis's `tick` renderer (its axis props, fontSize among them, come along). */
type TickProps = (XAxisTickContentProps | YAxisTickContentProps) & { fontSize?: number | string };
/** How far below its anchor a line of text starts, as recharts' <Text> places it (cap height 0.71 em). */
const TICK_DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/**
 * An axis label as plain SVG text. recharts' own <Text> receives the axis's width and measures every
 * word of every label in the DOM to wrap it (a forced layout per label, the largest single cost of
 * drawing the patient page); axis labels here are short and never wrap. The class is our own: recharts
 * reads the computed font of the first `recharts-cartesian-axis-tick-value` of each axis after drawing
 * (a forced style recalculation, then the axis drawn again), which the fixed 11 px here makes needless.
 */
function plainTick({ x, y, index, payload, tickFormatter, textAnchor, verticalAnchor, fill, fontSize }: TickProps) {
  return (
    <text
      x={x}
      y={y}
      dy={TICK_DY[verticalAnchor]}
      textAnchor={textAnchor}
      fill={fill}
      fontSize={fontSize}
      className={TICK_LABEL_CLASS}
    >
      {tickFormatter ? tickFormatter(payload.value, index) : String(payload.value)}
    </text>
  );
}

/** The class of every axis label on the patient page's charts (tests find the labels by it). */
export const TICK_LABEL_CLASS = 'axis-tick-label';

export function timeXAxis(axis: TimeAxis) {
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={axis.domain}
      ticks={axis.ticks}
      tickFormatter={axis.tickFormat}
      allowDataOverflow
      padding={X_PADDING}
      fontSize={11}
      tick={plainTick}
      // Every tick is drawn: the ticks are already spaced (timeAxis), and skipping recharts' overlap
      // check saves measuring each label in the DOM, a forced layout per tick per chart.
      interval={0}
    />
  );
}

export function valueYAxis(props: Partial<React.ComponentProps<typeof YAxis>> & { label?: string }) {
  const { label, ...rest } = props;
  return (
    <YAxis
      width={Y_AXIS_WIDTH}
      fontSize={11}
      tick={plainTick}
      label={label ? { value: label, angle: -90, position: 'insideLeft', fontSize: 11, dy: 30 } : undefined}
      interval={0}
      {...rest}
    />
  );
}

/** The look of .chart-tooltip (styles.css) for recharts' own value tooltips. */
const TOOLTIP_STYLE = {
  background: 'white',
  border: '1px solid #b8bfcc',
  borderRadius: 0,
  padding: '0.3rem 0.5rem',
  fontSize: '0.8rem',
} as const;

/** A value chart's tooltip: the date in the clinic's format, then each series' value, styled like the markers'. */
export function valueTooltip(props: Partial<React.ComponentProps<typeof Tooltip>> = {}) {
  return (
    <Tooltip
      labelFormatter={(t) => formatDate(dateOf(Number(t)))}
      contentStyle={TOOLTIP_STYLE}
      itemStyle={{ padding: 0 }}
      labelStyle={{ fontWeight: 600 }}
      {...props}
    />
  );
}

interface MarkerTip {
  x: number;
  y: number;
  text: string;
}
const MarkerTipContext = createContext<(tip: MarkerTip | null) => void>(() => {});
/** Half the tooltip's widest (22rem): its centre is kept this far from the figure's edges. */
const TIP_HALF_WIDTH = 176;

/**
 * Hover handlers for a marker (an attack, a dose, an acute treatment, an MRI): its figure shows the
 * styled tooltip above it. recharts' own tooltip follows the time axis in these charts and cannot
 * name the marker under the pointer, so markers carry their own.
 */
export function useMarkerTooltip(text: string) {
  const show = useContext(MarkerTipContext);
  return {
    onMouseEnter: (event: MouseEvent<SVGElement>) => {
      const figure = event.currentTarget.closest('figure')?.getBoundingClientRect();
      const marker = event.currentTarget.getBoundingClientRect();
      if (!figure) return;
      const centre = marker.x + marker.width / 2 - figure.x;
      const x = Math.min(Math.max(centre, TIP_HALF_WIDTH), Math.max(TIP_HALF_WIDTH, figure.width - TIP_HALF_WIDTH));
      show({ x, y: marker.y - figure.y, text });
    },
    onMouseLeave: () => show(null),
  };
}

/** A titled chart; `empty` replaces the drawing when there is nothing to draw in the record. */
export function ChartFigure({
  name,
  title,
  empty,
  children,
  legend,
}: {
  /** Names the chart for tests and print styles. */
  name: string;
  title: string;
  empty: string | null;
  children: ReactNode;
  legend?: ReactNode;
}) {
  const [tip, setTip] = useState<MarkerTip | null>(null);
  return (
    <figure className={tip ? 'chart marker-hovered' : 'chart'} data-chart={name}>
      <figcaption>
        <strong>{title}</strong>
        {legend && <span className="legend">{legend}</span>}
      </figcaption>
      <MarkerTipContext.Provider value={setTip}>
        {empty ? <p className="empty chart-empty">{empty}</p> : children}
      </MarkerTipContext.Provider>
      {tip && (
        <div className="chart-tooltip marker-tooltip" role="tooltip" style={{ left: tip.x, top: tip.y }}>
          {tip.text}
        </div>
      )}
    </figure>
  );
}

/**
 * One entry of a chart's legend: a colour swatch for a band or line, or the marker's own glyph in its
 * colour (so a square acute-treatment marker never reads as a therapy band of the same hue), and its words.
 */
export function LegendItem({ colour, glyph, children }: { colour?: string; glyph?: string; children: ReactNode }) {
  return (
    <span className="legend-item">
      {colour &&
        (glyph ? (
          <span aria-hidden="true" style={{ color: colour }}>
            {glyph}
          </span>
        ) : (
          <span className="swatch" style={{ background: colour }} />
        ))}
      {children}
    </span>
  );
}

/**
 * One stable colour per agent, grouped by class so that a switch within a class reads as a change of
 * shade and a switch between classes as a change of hue: anti-CD20/CD19 blues, complement inhibitors
 * greens, IL-6 receptor blockers purples, antimetabolites oranges and browns, steroids and IVIG greys
 * and yellow, MS drugs reds. The hues are the Okabe-Ito colour-blind-safe set (Okabe & Ito, "Color
 * Universal Design", 2008), with darker and lighter shades within a class.
 */
export const AGENT_COLOURS: Record<TherapyAgent, string> = {
  rituximab: '#0072B2',
  ocrelizumab: '#56B4E9',
  ofatumumab: '#2B5C8A',
  inebilizumab: '#7FA7D9',
  eculizumab: '#009E73',
  ravulizumab: '#5BC8A4',
  satralizumab: '#CC79A7',
  tocilizumab: '#7B3F8C',
  azathioprine: '#E69F00',
  mycophenolate: '#D55E00',
  methotrexate: '#8C5A1E',
  oral_prednisone: '#7F7F7F',
  ivig_maintenance: '#C9B800',
  interferon_beta: '#B2182B',
  natalizumab: '#B2182B',
  fingolimod: '#B2182B',
  glatiramer: '#B2182B',
  dimethyl_fumarate: '#B2182B',
  alemtuzumab: '#B2182B',
  teriflunomide: '#B2182B',
  siponimod: '#B2182B',
  ozanimod: '#B2182B',
  ponesimod: '#B2182B',
  ahsct: '#1A1A1A',
  other: '#A0A0A0',
};

/** The colour of a therapy agent on every chart (an unknown code gets the "other" grey). */
export function agentColour(agent: string): string {
  return AGENT_COLOURS[agent as TherapyAgent] ?? AGENT_COLOURS.other;
}

export const EYE_COLOURS = { OD: '#1f77b4', OS: '#d62728' } as const;
export const SEVERITY_COLOURS: Record<string, string> = { mild: '#f2b134', moderate: '#ef7d22', severe: '#c0392b' };
