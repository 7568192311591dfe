import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Inputs } from '../api-types.ts';
import { agentText } from '../format.ts';
import { useTRPC } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { NumbersToggle } from './NumbersToggle.tsx';
import {
  arrTable,
  type CohortOutcomes,
  DAYS_PER_YEAR,
  edssTable,
  relapseCurveTable,
  relapseRiskTable,
  worseningRiskTable,
  worseningTable,
} from './outcome-tables.ts';

export type OutcomeFilters = Extract<Inputs['cohort']['outcomes'], object>;

const COLORS = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];
const WIDTH = 640;
const HEIGHT = 240;
const toYears = (day: number) => day / DAYS_PER_YEAR;

function ArrChart({ data }: { data: CohortOutcomes }) {
  const bars = data.arrByAgent
    .filter((row) => row.rate !== null)
    .map((row) => ({
      agent: agentText(row.agent),
      rate: row.rate,
      ci: [(row.rate ?? 0) - (row.lower ?? 0), (row.upper ?? 0) - (row.rate ?? 0)],
    }));
  return (
    <BarChart width={WIDTH} height={HEIGHT} data={bars} accessibilityLayer>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="agent" fontSize={10} interval={0} />
      <YAxis fontSize={11} width={40} />
      <Tooltip />
      <Bar dataKey="rate" name="ARR" fill="#4e79a7" isAnimationActive={false}>
        <ErrorBar dataKey="ci" width={6} stroke="#333" />
      </Bar>
    </BarChart>
  );
}

type Curve = { points: { day: number; value: number }[] };

function StepChart({ curves, yLabel }: { curves: { name: string; curve: Curve }[]; yLabel: string }) {
  return (
    <LineChart width={WIDTH} height={HEIGHT} accessibilityLayer>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis
        type="number"
        dataKey="years"
        domain={[0, (max: number) => Math.max(1, Math.ceil(max))]}
        allowDecimals={false}
        fontSize={11}
        unit=" y"
      />
      <YAxis type="number" domain={[0, 1]} fontSize={11} width={40} name={yLabel} />
      <Tooltip />
      <Legend />
      {curves.map(({ name, curve }, i) => (
        <Line
          key={name}
          name={name}
          type="stepAfter"
          dataKey="value"
          data={curve.points.map((p) => ({ years: toYears(p.day), value: p.value }))}
          stroke={COLORS[i % COLORS.length]}
          dot={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}

function EdssChart({ data }: { data: CohortOutcomes }) {
  const rows = data.edssByDiseaseYear.map((row) => ({ year: row.year, median: row.median, q1: row.q1, q3: row.q3 }));
  return (
    <LineChart width={WIDTH} height={HEIGHT} data={rows} accessibilityLayer>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="year" fontSize={11} unit=" y" />
      <YAxis domain={[0, 10]} fontSize={11} width={40} />
      <Tooltip />
      <Legend />
      <Line dataKey="median" name="median" stroke="#4e79a7" isAnimationActive={false} />
      <Line
        dataKey="q1"
        name="1st quartile"
        stroke="#999"
        strokeDasharray="4 3"
        dot={false}
        isAnimationActive={false}
      />
      <Line
        dataKey="q3"
        name="3rd quartile"
        stroke="#999"
        strokeDasharray="4 3"
        dot={false}
        isAnimationActive={false}
      />
    </LineChart>
  );
}

function Figure({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="chart card" aria-labelledby={id}>
      <figcaption id={id}>
        <strong>{title}</strong>
      </figcaption>
      {children}
    </figure>
  );
}

/** How the figures were computed, in the words of docs/STATISTICS (the method the numbers rest on). */
function Methods({ data }: { data: CohortOutcomes }) {
  const m = data.method;
  return (
    <p className="muted">
      ARR: attacks (records less than {m.attackClusterDays} days apart counted once) after the start day of each
      maintenance episode up to its stop, a switch or today, over exposure-years
      {m.lagDays > 0 ? `, leaving out the first ${m.lagDays} days` : ''}; 95% exact Poisson interval (Garwood 1936).
      Time to first relapse: Kaplan–Meier from each patient's first start of the agent, censored at stop, switch or
      today. Confirmed EDSS worsening: +1.5 from 0, +1.0 from 1.0, +0.5 from 5.5, confirmed {m.confirmationDays} days
      later (−{m.confirmationToleranceBeforeDays}/+{m.confirmationToleranceAfterDays} days), as 1 − Kaplan–Meier from
      the first EDSS not within {m.relapseWindowBeforeConfirmationDays} days of an attack.
    </p>
  );
}

/**
 * Outcome statistics over the cohort filters: ARR per agent, time to first relapse per agent,
 * cumulative incidence of confirmed EDSS worsening and EDSS by disease duration, each a chart with
 * its numbers a click away and a CSV download. Researchers get the small-cell-protected figures.
 */
export function OutcomeStatistics({ filters }: { filters: OutcomeFilters }) {
  const trpc = useTRPC();
  const outcomes = useQuery({ ...trpc.cohort.outcomes.queryOptions(filters), placeholderData: keepPreviousData });
  return (
    <QueryState query={outcomes} loading="Computing the outcome statistics…">
      {(data) => (
        <>
          {data.privacy && (
            <p className="muted" role="note">
              Each figure counts a group (same serostatus and current therapy) only when at least{' '}
              {data.privacy.threshold} of its patients contribute; counts under {data.privacy.threshold} show as "&lt;
              {data.privacy.threshold}" and hide the rate they would give away; curves are read every{' '}
              {data.privacy.curveGridDays} days while at least {data.privacy.threshold} patients are at risk, and the
              numbers at risk are rounded to multiples of {data.privacy.threshold} per group.
            </p>
          )}
          <Methods data={data} />
          <Figure title="Annualized relapse rate per maintenance therapy (attacks per patient-year, 95% CI)">
            <ArrChart data={data} />
            <NumbersToggle title="ARR per therapy" tables={[arrTable(data)]} />
          </Figure>
          <Figure title="Time to first relapse after starting each therapy (Kaplan–Meier, share relapse-free by years on it)">
            <StepChart
              yLabel="relapse-free"
              curves={data.timeToFirstRelapse.map((curve) => ({ name: agentText(curve.agent), curve }))}
            />
            <NumbersToggle title="time to first relapse" tables={[relapseCurveTable(data), relapseRiskTable(data)]} />
          </Figure>
          <Figure title="Cumulative incidence of confirmed EDSS worsening (share worsened by years from the baseline EDSS)">
            <StepChart yLabel="worsened" curves={[{ name: 'confirmed worsening', curve: data.worsening }]} />
            <NumbersToggle title="confirmed EDSS worsening" tables={[worseningTable(data), worseningRiskTable(data)]} />
          </Figure>
          <Figure title="EDSS by disease duration (median and quartiles per year since the first attack)">
            <EdssChart data={data} />
            <NumbersToggle title="EDSS by disease duration" tables={[edssTable(data)]} />
          </Figure>
        </>
      )}
    </QueryState>
  );
}
