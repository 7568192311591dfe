import { ComposedChart, Line, ReferenceLine, Tooltip } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { dateOf, labSeries } from './chart-data.ts';
import { CHART_MARGIN, ChartFigure, type ChartProps, LegendItem, timeXAxis, valueYAxis } from './chart-frame.tsx';

const dateLabel = (t: unknown) => dateOf(Number(t));

/** A lab value series: a line through small dots. */
const valueLine = (data: ReturnType<typeof labSeries>, name: string, stroke: string) => (
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
  const highest = Math.max(0.5, ...cd19.map((p) => p.value), ...memory.map((p) => p.value));
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
          {valueYAxis({ domain: [0, Math.ceil(highest * 10) / 10], label: '%', allowDataOverflow: true })}
          <Tooltip labelFormatter={dateLabel} />
          {thresholdLine(thresholds.cd19Percent, '#e15759', '4 3')}
          {thresholdLine(thresholds.memoryBPercentFirstTwoYears, '#4e79a7', '2 3')}
          {valueLine(cd19, 'CD19+ %', '#e15759')}
          {valueLine(memory, 'CD19+CD27+ %', '#4e79a7')}
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
          <Tooltip labelFormatter={dateLabel} />
          {thresholdLine(thresholds.lowIggMgDl, '#c0392b', '4 3')}
          {valueLine(igg, 'IgG mg/dL', '#2c3e50')}
        </ComposedChart>
      </ChartFigure>
    </>
  );
}
