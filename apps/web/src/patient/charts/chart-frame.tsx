import type { ReactNode } from 'react';
import { XAxis, YAxis } from 'recharts';
import type { TimeAxis } from './chart-data.ts';

/** Every chart of the page uses these, so their time axes line up one above the other. */
export const CHART_MARGIN = { top: 8, right: 24, bottom: 0, left: 0 };
export const Y_AXIS_WIDTH = 56;

export interface ChartProps {
  axis: TimeAxis;
  width: number;
}

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
      fontSize={11}
    />
  );
}

export function valueYAxis(props: Partial<React.ComponentProps<typeof YAxis>> & { label?: string }) {
  const { label, ...rest } = props;
  return (
    <YAxis
      width={Y_AXIS_WIDTH}
      fontSize={11}
      label={label ? { value: label, angle: -90, position: 'insideLeft', fontSize: 11, dy: 30 } : undefined}
      {...rest}
    />
  );
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
  return (
    <figure className="chart" data-chart={name}>
      <figcaption>
        <strong>{title}</strong>
        {legend && <span className="legend">{legend}</span>}
      </figcaption>
      {empty ? <p className="empty chart-empty">{empty}</p> : children}
    </figure>
  );
}

/** One entry of a chart's legend: a colour swatch (when the entry has a colour) and its words. */
export function LegendItem({ colour, children }: { colour?: string; children: ReactNode }) {
  return (
    <span className="legend-item">
      {colour && <span className="swatch" style={{ background: colour }} />}
      {children}
    </span>
  );
}

const PALETTE = ['#4e79a7', '#59a14f', '#b07aa1', '#f28e2b', '#76b7b2', '#edc948', '#9c755f', '#bab0ac'];
/** A stable colour per therapy agent. */
export function agentColour(agent: string): string {
  let hash = 0;
  for (const char of agent) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] as string;
}

export const EYE_COLOURS = { OD: '#1f77b4', OS: '#d62728' } as const;
export const SEVERITY_COLOURS: Record<string, string> = { mild: '#f2b134', moderate: '#ef7d22', severe: '#c0392b' };
