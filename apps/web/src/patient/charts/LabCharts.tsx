import { ComposedChart, Line, ReferenceLine } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { labSeries } from './chart-data.ts';
import {
  CHART_MARGIN,
  ChartFigure,
  type ChartProps,
  LegendItem,
  timeXAxis,
  valueTooltip,
  valueYAxis,
} from './chart-frame.tsx';

/** The lowest B-cell percentage drawn: the log scale's floor (0 and 0.005 are drawn here). */
const B_CELL_FLOOR = 0.01;
const B_CELL_TICKS = [B_CELL_FLOOR, 0.05, 0.1, 1, 10, 100];
/** The point drawn no lower than the floor; `measured` keeps the recorded value for the tooltip. */
const atLeastFloor = <P extends { value: number }>(point: P) => ({
  ...point,
  measured: point.value,
  value: Math.max(point.value, B_CELL_FLOOR),
});
const measuredValue = (value: unknown, _name: unknown, item: { payload?: { measured?: number } }) =>
  item.payload?.measured ?? (value as number);

/** A lab value series: a line through small dots. */
const valueLine = (data: { t: number; value: number }[], name: string, stroke: string) => (
  <Line data={data} dataKey="value" name={name} stroke={stroke} dot={{ r: 2.5 }} isAnimationActive={false} />
);

/** A dashed line at a clinic threshold. */
const thresholdLine = (y: number, stroke: string, dash: string) => (
  <ReferenceLine y={y} stroke={stroke} strokeDasharray={dash} className="threshold" />
);

/**
 * B-cell counts against the clinic's redosing thresholds (CD19 and memory B cells, % of
 * lymphocytes), and IgG against the low-IgG threshold: the values the B-cell therapy rules use.
 */
export function LabCharts({ page, axis, width }: ChartProps & { page: PatientPage }) {
  const cd19 = labSeries(page.records.labs, 'cd19_percent');
  const memory = labSeries(page.records.labs, 'cd27_memory_b_percent');
  const igg = labSeries(page.records.labs, 'igg');
  const { thresholds } = page;
  // A log scale shows depletion (0.01-0.1 %) and repopulation (1-20 %) on one chart; a count of 0 is
  // drawn at the floor (below what flow cytometry reports).
  const cd19Log = cd19.map(atLeastFloor);
  const memoryLog = memory.map(atLeastFloor);
  const highest = Math.max(1, ...cd19.map((p) => p.value), ...memory.map((p) => p.value));
  const top = 10 ** Math.ceil(Math.log10(highest));
  const bCellTicks = B_CELL_TICKS.filter((tick) => tick <= top);
  return (
    <>
      <ChartFigure
        name="b-cells"
        title="B cells (% of lymphocytes)"
        empty={cd19.length + memory.length === 0 ? 'No CD19 or CD27 count recorded.' : null}
        legend={
          <>
            <LegendItem colour="#e15759">CD19+ (threshold {thresholds.cd19Percent}%)</LegendItem>
            <LegendItem colour="#4e79a7">
              CD19+CD27+ memory (threshold {thresholds.memoryBPercentFirstTwoYears}% first 2 years,{' '}
              {thresholds.memoryBPercentLater}% after)
            </LegendItem>
          </>
        }
      >
        <ComposedChart width={width} height={150} margin={CHART_MARGIN} accessibilityLayer>
          {timeXAxis(axis)}
          {valueYAxis({
            scale: 'log',
            domain: [B_CELL_FLOOR, top],
            ticks: bCellTicks,
            tickFormatter: (value: number) => (value === B_CELL_FLOOR ? `≤${value}` : String(value)),
            label: '%',
            allowDataOverflow: true,
          })}
          {valueTooltip({ formatter: measuredValue })}
          {thresholdLine(thresholds.cd19Percent, '#e15759', '4 3')}
          {thresholdLine(thresholds.memoryBPercentFirstTwoYears, '#4e79a7', '2 3')}
          {valueLine(cd19Log, 'CD19+ %', '#e15759')}
          {valueLine(memoryLog, 'CD19+CD27+ %', '#4e79a7')}
        </ComposedChart>
      </ChartFigure>
      <ChartFigure
        name="igg"
        title="IgG (mg/dL)"
        empty={igg.length === 0 ? 'No IgG recorded.' : null}
        legend={<LegendItem>dashed: low below {thresholds.lowIggMgDl} mg/dL</LegendItem>}
      >
        <ComposedChart width={width} height={130} margin={CHART_MARGIN} accessibilityLayer>
          {timeXAxis(axis)}
          {valueYAxis({ domain: [0, 'auto'], label: 'mg/dL' })}
          {valueTooltip()}
          {thresholdLine(thresholds.lowIggMgDl, '#c0392b', '4 3')}
          {valueLine(igg, 'IgG mg/dL', '#2c3e50')}
        </ComposedChart>
      </ChartFigure>
    </>
  );
}
