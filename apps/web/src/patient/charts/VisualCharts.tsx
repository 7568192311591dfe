import { ComposedChart, Line, Tooltip } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { dateOf, perEyeSeries } from './chart-data.ts';
import {
  CHART_MARGIN,
  ChartFigure,
  type ChartProps,
  EYE_COLOURS,
  LegendItem,
  timeXAxis,
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
}: ChartProps & {
  page: PatientPage;
  field: 'logmar' | 'rnflMicrons';
  title: string;
  unitLabel: string;
  domain: [number, number];
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
        {valueYAxis({ domain, label: unitLabel, allowDataOverflow: true })}
        <Tooltip labelFormatter={(t) => dateOf(Number(t))} />
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
      />
      <PerEyeChart {...props} field="rnflMicrons" title="OCT RNFL thickness" unitLabel="RNFL µm" domain={[0, 140]} />
    </>
  );
}
