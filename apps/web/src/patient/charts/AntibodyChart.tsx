import { ComposedChart, Line, Tooltip } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { formatDate } from '../../format.ts';
import { antibodySeries, dateOf } from './chart-data.ts';
import { CHART_MARGIN, ChartFigure, type ChartProps, LegendItem, timeXAxis, valueYAxis } from './chart-frame.tsx';

const LOG_TICKS = [1, 10, 100, 1_000, 10_000, 100_000];
/** Log-axis labels as dilutions: 1000 → "1:1k"; the bottom (1) is where negatives sit. */
export const titerTick = (v: number) => (v <= 1 ? 'neg' : `1:${v >= 1000 ? `${v / 1000}k` : v}`);
const titerText = (titer: number) => (titer <= 1 ? 'negative' : `1:${titer.toLocaleString('en')}`);

function TiterTooltip({ active, payload }: { active?: boolean; payload?: { payload: Record<string, unknown> }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      {formatDate(dateOf(point.t as number))}:{' '}
      {point.result === 'negative' ? 'negative' : titerText(point.titer as number)} (
      {String(point.assay).replaceAll('_', ' ')})
    </div>
  );
}

/** AQP4-IgG (and MOG-IgG when tested) titers on a log scale; negative results sit at the bottom. */
export function AntibodyChart({ page, axis, width }: ChartProps & { page: PatientPage }) {
  const aqp4 = antibodySeries(page.records.antibodies, 'AQP4');
  const mog = antibodySeries(page.records.antibodies, 'MOG');
  const highest = Math.max(10, ...aqp4.map((p) => p.titer), ...mog.map((p) => p.titer));
  const top = LOG_TICKS.find((tick) => tick >= highest) ?? 10_000_000;
  return (
    <ChartFigure
      name="antibodies"
      title="Antibody titer (log scale)"
      empty={aqp4.length + mog.length === 0 ? 'No antibody titer recorded.' : null}
      legend={
        <>
          <LegendItem colour="#6a3d9a">AQP4-IgG</LegendItem>
          {mog.length > 0 && <LegendItem colour="#33a02c">MOG-IgG</LegendItem>}
        </>
      }
    >
      <ComposedChart width={width} height={150} margin={CHART_MARGIN} accessibilityLayer>
        {timeXAxis(axis)}
        {valueYAxis({
          scale: 'log',
          domain: [1, top],
          ticks: LOG_TICKS.filter((tick) => tick <= top),
          tickFormatter: titerTick,
          allowDataOverflow: true,
        })}
        <Tooltip content={<TiterTooltip />} shared={false} />
        <Line data={aqp4} dataKey="titer" stroke="#6a3d9a" dot={{ r: 3 }} isAnimationActive={false} name="AQP4-IgG" />
        {mog.length > 0 && (
          <Line data={mog} dataKey="titer" stroke="#33a02c" dot={{ r: 3 }} isAnimationActive={false} name="MOG-IgG" />
        )}
      </ComposedChart>
    </ChartFigure>
  );
}
