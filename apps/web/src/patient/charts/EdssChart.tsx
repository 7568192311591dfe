import { ComposedChart, Line, ReferenceArea, Scatter, Tooltip } from 'recharts';
import type { PatientPage } from '../../api-types.ts';
import { agentText, datesInText, formatDate, phenotypeText, treatmentText, vaccineText } from '../../format.ts';
import {
  type AttackMarker,
  acuteTreatmentMarkers,
  attackMarkers,
  type DoseMarker,
  dateOf,
  doseMarkers,
  type EventMarker,
  edssSeries,
  pregnancyBands,
  therapyBands,
  vaccinationMarkers,
} from './chart-data.ts';
import {
  agentColour,
  CHART_MARGIN,
  ChartFigure,
  type ChartProps,
  LegendItem,
  plotWidth,
  SEVERITY_COLOURS,
  timeXAxis,
  useMarkerTooltip,
  valueYAxis,
} from './chart-frame.tsx';

const PREGNANCY_COLOUR = '#e377c2';
/** A generous average glyph width of the 10 px band labels, so a label is never thought narrower than it is. */
const BAND_LABEL_CHAR_PIXELS = 6.2;
const POSTPARTUM_COLOUR = '#f7b6d2';

/** What a marker says on hover and to a screen reader. */
export function attackDescription(attack: AttackMarker): string {
  const treatment = attack.treatments.length
    ? attack.treatments
        .map((t) => `${treatmentText(t.type)} on day ${t.delayDays} (${formatDate(t.startDate)})`)
        .join(', ')
    : 'no acute treatment recorded';
  return `Attack ${formatDate(attack.onsetDate)}: ${phenotypeText(attack.phenotype)}, ${attack.severity}; ${treatment}`;
}

function AttackShape(props: { cx?: number; cy?: number; payload?: AttackMarker }) {
  const { cx = 0, cy = 0, payload } = props;
  const hover = useMarkerTooltip(payload ? attackDescription(payload) : '');
  if (!payload) return null;
  const size = payload.severity === 'severe' ? 8 : payload.severity === 'moderate' ? 6.5 : 5;
  const late = payload.firstTreatmentDelay === null || payload.firstTreatmentDelay > 14;
  return (
    <g className="attack-marker" {...hover}>
      <title>{attackDescription(payload)}</title>
      <path
        d={`M${cx},${cy + size} L${cx - size},${cy - size} L${cx + size},${cy - size} Z`}
        fill={SEVERITY_COLOURS[payload.severity] ?? '#c0392b'}
        stroke={late ? '#000' : '#fff'}
        strokeWidth={late ? 1.5 : 1}
      />
    </g>
  );
}

/** What a dose marker says on hover and to a screen reader. */
export function doseDescription(dose: DoseMarker): string {
  const amount = dose.doseMg === null ? '' : ` ${dose.doseMg} mg`;
  return `${agentText(dose.agent)}${amount} ${dose.planned ? 'planned for' : 'given on'} ${formatDate(dose.date)}`;
}

/** A given dose is a filled dot in its agent's colour; a planned one is hollow (not given yet). */
function DoseShape(props: { cx?: number; cy?: number; payload?: DoseMarker }) {
  const { cx = 0, cy = 0, payload } = props;
  const hover = useMarkerTooltip(payload ? doseDescription(payload) : '');
  if (!payload) return null;
  const colour = agentColour(payload.agent);
  return (
    <g className={payload.planned ? 'dose-marker planned' : 'dose-marker'} {...hover}>
      <title>{doseDescription(payload)}</title>
      <circle
        cx={cx}
        cy={cy}
        r={payload.planned ? 4.5 : 3.5}
        fill={payload.planned ? '#fff' : colour}
        stroke={payload.planned ? colour : '#fff'}
        strokeWidth={payload.planned ? 2 : 0.75}
        strokeDasharray={payload.planned ? '2 1.5' : undefined}
      />
    </g>
  );
}

/** Acute treatments drawn as squares (IVMP, PLEX, IVIG); an oral taper or other in grey. */
const ACUTE_COLOURS: Record<string, string> = { ivmp: '#E69F00', plex: '#7B3F8C', ivig: '#C9B800' };
const ACUTE_COLOUR_OTHER = '#555';

/** An acute treatment is a small square in its type's colour; a vaccination a small diamond. */
function EventShape(props: { cx?: number; cy?: number; payload?: EventMarker }) {
  const { cx = 0, cy = 0, payload } = props;
  const description = datesInText(payload?.description ?? '');
  const hover = useMarkerTooltip(description);
  if (!payload) return null;
  return (
    <g className={`event-marker ${payload.kind}`} {...hover}>
      <title>{description}</title>
      {payload.kind === 'acute' ? (
        <rect x={cx - 3.5} y={cy - 3.5} width={7} height={7} fill={ACUTE_COLOURS[payload.code] ?? ACUTE_COLOUR_OTHER} />
      ) : (
        <path d={`M${cx},${cy - 4.5} L${cx + 4.5},${cy} L${cx},${cy + 4.5} L${cx - 4.5},${cy} Z`} fill="#2b7a78" />
      )}
    </g>
  );
}

function EdssTooltip({ active, payload }: { active?: boolean; payload?: { payload: Record<string, unknown> }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  if ('phenotype' in point)
    return <div className="chart-tooltip">{attackDescription(point as unknown as AttackMarker)}</div>;
  if ('description' in point) return <div className="chart-tooltip">{datesInText(String(point.description))}</div>;
  if ('planned' in point) return <div className="chart-tooltip">{doseDescription(point as unknown as DoseMarker)}</div>;
  return (
    <div className="chart-tooltip">
      EDSS {String(point.score)} on {formatDate(dateOf(point.t as number))}
    </div>
  );
}

/**
 * EDSS as a step line (a score holds until the next assessment), attacks as triangles above it
 * (size by severity, black outline when treated after 14 days or not at all), over one band per
 * maintenance therapy.
 */
export function EdssChart({ page, axis, width }: ChartProps & { page: PatientPage }) {
  const points = edssSeries(page.records.edss);
  const attacks = attackMarkers(page.records.relapses);
  const bands = therapyBands(page.records.therapies, page.asOf, {
    domain: axis.domain,
    msPerPixel: (axis.domain[1] - axis.domain[0]) / plotWidth(width),
    labelPixels: (agent) => agentText(agent).length * BAND_LABEL_CHAR_PIXELS + 8,
  });
  const doses = doseMarkers(page.records.therapies);
  const events = [
    ...acuteTreatmentMarkers(page.records.relapses, treatmentText),
    ...vaccinationMarkers(page.records.vaccinations, vaccineText),
  ];
  const pregnancies = pregnancyBands(
    page.records.pregnancies,
    page.thresholds.pregnancyDurationDays,
    page.thresholds.postpartumDays,
  );
  const agents = [...new Set(bands.map((band) => band.agent))];
  return (
    <ChartFigure
      name="edss"
      title="EDSS, attacks and maintenance therapy"
      empty={points.length + attacks.length + bands.length === 0 ? 'No EDSS, attack or therapy recorded.' : null}
      legend={
        <>
          {agents.map((agent) => (
            <LegendItem key={agent} colour={agentColour(agent)}>
              {agentText(agent)}
            </LegendItem>
          ))}
          {doses.some((dose) => dose.planned) && <LegendItem>○ planned dose</LegendItem>}
          {[...new Set(events.filter((event) => event.kind === 'acute').map((event) => event.code))].map((code) => (
            <LegendItem key={code} colour={ACUTE_COLOURS[code] ?? ACUTE_COLOUR_OTHER} glyph="■">
              {treatmentText(code)}
            </LegendItem>
          ))}
          {events.some((event) => event.kind === 'vaccination') && <LegendItem>◆ vaccination</LegendItem>}
          {pregnancies.length > 0 && <LegendItem colour={PREGNANCY_COLOUR}>pregnancy</LegendItem>}
          {pregnancies.some((band) => band.postpartum) && (
            <LegendItem colour={POSTPARTUM_COLOUR}>postpartum high-risk window</LegendItem>
          )}
        </>
      }
    >
      <ComposedChart width={width} height={240} margin={CHART_MARGIN} accessibilityLayer>
        {bands.map((band) => (
          <ReferenceArea
            key={`${band.agent}-${band.startDate}`}
            className="therapy-band"
            x1={band.x1}
            x2={band.x2}
            y1={0}
            y2={10.8}
            fill={agentColour(band.agent)}
            fillOpacity={0.18}
            stroke="none"
            ifOverflow="hidden"
            label={{ value: agentText(band.agent), position: 'insideTopLeft', fontSize: 10, dy: 14 + band.lane * 12 }}
          />
        ))}
        {pregnancies.flatMap((band) => [
          <ReferenceArea
            key={`pregnancy-${band.startDate}`}
            className="pregnancy-band"
            x1={band.x1}
            x2={band.x2}
            y1={9.6}
            y2={10.8}
            fill={PREGNANCY_COLOUR}
            fillOpacity={0.35}
            stroke={PREGNANCY_COLOUR}
            strokeDasharray={band.ongoing ? '4 3' : undefined}
            ifOverflow="hidden"
            label={{ value: band.ongoing ? 'pregnant' : 'pregnancy', position: 'insideBottomLeft', fontSize: 10 }}
          />,
          ...(band.postpartum
            ? [
                <ReferenceArea
                  key={`postpartum-${band.startDate}`}
                  className="postpartum-band"
                  x1={band.postpartum.x1}
                  x2={band.postpartum.x2}
                  y1={9.6}
                  y2={10.8}
                  fill={POSTPARTUM_COLOUR}
                  fillOpacity={0.3}
                  stroke="none"
                  ifOverflow="hidden"
                />,
              ]
            : []),
        ])}
        {timeXAxis(axis)}
        {valueYAxis({ domain: [0, 10.8], ticks: [0, 2, 4, 6, 8, 10], label: 'EDSS', allowDataOverflow: true })}
        <Tooltip content={<EdssTooltip />} shared={false} />
        <Line
          data={points}
          dataKey="score"
          type="stepAfter"
          stroke="#1b3a5c"
          strokeWidth={2}
          dot={{ r: 2.5 }}
          isAnimationActive={false}
          name="EDSS"
          className="edss-line"
        />
        <Scatter data={attacks} dataKey="y" shape={<AttackShape />} isAnimationActive={false} name="Attacks" />
        <Scatter data={doses} dataKey="y" shape={<DoseShape />} isAnimationActive={false} name="Doses" />
        <Scatter data={events} dataKey="y" shape={<EventShape />} isAnimationActive={false} name="Treatments" />
      </ComposedChart>
    </ChartFigure>
  );
}
