import { ComposedChart, Scatter } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { formatDate, words } from '../../format.ts';
import { MRI_ROWS, mriPoints } from './chart-data.ts';
import {
  CHART_MARGIN,
  ChartFigure,
  type ChartProps,
  LegendItem,
  timeXAxis,
  useMarkerTooltip,
  valueYAxis,
} from './chart-frame.tsx';

const ROW_LABELS: Record<(typeof MRI_ROWS)[number], string> = {
  brain: 'brain',
  optic_nerve: 'optic nerve',
  spinal_cord: 'spinal cord',
  brainstem: 'brainstem',
  area_postrema: 'area postrema',
};

type MriPoint = ReturnType<typeof mriPoints>[number];

export function mriDescription(point: MriPoint): string {
  const details = [
    point.newT2Lesions === null ? null : `${point.newT2Lesions} new T2 lesion${point.newT2Lesions === 1 ? '' : 's'}`,
    point.gadolinium === null ? null : point.gadolinium ? 'gadolinium-enhancing' : 'no enhancement',
    point.extensiveSegments === null
      ? null
      : `longest lesion ${point.extensiveSegments} segment${point.extensiveSegments === 1 ? '' : 's'}${point.extensive ? ' (LETM)' : ''}`,
  ].filter(Boolean);
  return `MRI ${formatDate(point.date)}, ${words(point.region)}: ${details.join(', ') || 'no details recorded'}`;
}

function MriShape(props: { cx?: number; cy?: number; payload?: MriPoint }) {
  const { cx = 0, cy = 0, payload } = props;
  const hover = useMarkerTooltip(payload ? mriDescription(payload) : '');
  if (!payload) return null;
  const active = (payload.newT2Lesions ?? 0) > 0 || payload.gadolinium === true;
  return (
    <g className="mri-marker" {...hover}>
      <title>{mriDescription(payload)}</title>
      {payload.extensive ? (
        <rect x={cx - 5} y={cy - 5} width={10} height={10} fill={active ? '#c0392b' : '#7f8c8d'} />
      ) : (
        <circle cx={cx} cy={cy} r={5} fill={active ? '#c0392b' : '#fff'} stroke={active ? '#c0392b' : '#555'} />
      )}
    </g>
  );
}

/**
 * One row per region; a filled red mark for new or enhancing lesions, a square for a longitudinally
 * extensive lesion; hover for the details.
 */
export function MriTimeline({ page, axis, width }: ChartProps & { page: PatientPage }) {
  const points = mriPoints(page.records.mri);
  return (
    <ChartFigure
      name="mri"
      title="MRI exams"
      empty={points.length === 0 ? 'No MRI recorded.' : null}
      legend={<LegendItem>red: new or enhancing lesions; square: LETM (≥ 3 segments)</LegendItem>}
    >
      <ComposedChart width={width} height={170} margin={CHART_MARGIN} accessibilityLayer>
        {timeXAxis(axis)}
        {valueYAxis({
          dataKey: 'row',
          type: 'number',
          domain: [-0.5, MRI_ROWS.length - 0.5],
          ticks: MRI_ROWS.map((_, index) => index),
          tickFormatter: (index: number) => ROW_LABELS[MRI_ROWS[index] ?? 'brain'],
          reversed: true,
        })}
        <Scatter data={points} dataKey="row" shape={<MriShape />} isAnimationActive={false} name="MRI" />
      </ComposedChart>
    </ChartFigure>
  );
}
