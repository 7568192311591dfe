import { ComposedChart, Line } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { perEyeSeries } from './chart-data.ts';
import {
  CHART_MARGIN,
  ChartFigure,
  type ChartProps,
  EYE_COLOURS,
  LegendItem,
  timeXAxis,
  valueTooltip,
  valueYAxis,
} from './chart-frame.tsx';

const eyeLegend = (
  <>
    <LegendItem colour={EYE_COLOURS.OD}>right eye (OD)</LegendItem>
    <LegendItem colour={EYE_COLOURS.OS}>left eye (OS)</LegendItem>
  </>
);

function PerEyeChart({
  page,
  axis,
  width,
  field,
  title,
  unitLabel,
  domain,
  ticks,
}: ChartProps & {
  page: PatientPage;
  field: 'logmar' | 'rnflMicrons';
  title: string;
  unitLabel: string;
  domain: [number, number];
  ticks: number[];
}) {
  const points = perEyeSeries(page.records.visualExams, field);
  return (
    <ChartFigure
      name={field}
      title={title}
      empty={points.length === 0 ? `No ${unitLabel} recorded.` : null}
      legend={eyeLegend}
    >
      <ComposedChart width={width} height={140} margin={CHART_MARGIN} data={points} accessibilityLayer>
        {timeXAxis(axis)}
        {valueYAxis({ domain, ticks, label: unitLabel, allowDataOverflow: true })}
        {valueTooltip()}
        {(['OD', 'OS'] as const).map((eye) => (
          <Line
            key={eye}
            dataKey={eye}
            name={eye}
            stroke={EYE_COLOURS[eye]}
            dot={{ r: 2.5 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ChartFigure>
  );
}

/**
 * Round logMAR steps: 0 is 20/20 (6/6), 0.3 is 20/40 (the driving standard in many countries), 1.0 is
 * 20/200 (legal blindness in the US), then whole steps to counting fingers and hand motion (about 2-3).
 */
export const LOGMAR_TICKS = [0, 0.3, 1, 2, 3];

/** Acuity in logMAR (0 is 20/20; higher is worse) and OCT RNFL thickness, each eye its own line. */
export function VisualCharts(props: ChartProps & { page: PatientPage }) {
  return (
    <>
      <PerEyeChart
        {...props}
        field="logmar"
        title="Visual acuity (logMAR, higher is worse)"
        unitLabel="logMAR"
        domain={[-0.3, 3]}
        ticks={LOGMAR_TICKS}
      />
      <PerEyeChart
        {...props}
        field="rnflMicrons"
        title="OCT RNFL thickness"
        unitLabel="RNFL µm"
        domain={[0, 140]}
        ticks={[0, 20, 40, 60, 80, 100, 120, 140]}
      />
    </>
  );
}
