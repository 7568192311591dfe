import { useQuery } from '@tanstack/react-query';
import type { PatientPage } from '../api-types.ts';
import { useChartPeriod } from '../layout/patient-view.ts';
import { useTRPC } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { AntibodyChart } from './charts/AntibodyChart.tsx';
import { RANGES, timeAxis } from './charts/chart-data.ts';
import { EdssChart } from './charts/EdssChart.tsx';
import { LabCharts } from './charts/LabCharts.tsx';
import { MriTimeline } from './charts/MriTimeline.tsx';
import { VisualCharts } from './charts/VisualCharts.tsx';
import { FlagsPanel } from './FlagsPanel.tsx';
import { PatientHeader } from './PatientHeader.tsx';
import { PrintSummary } from './PrintSummary.tsx';
import { RecordsSection } from './records/RecordsSection.tsx';
import { useWidth } from './use-width.ts';
import { VisitPanel } from './visit/VisitForm.tsx';

/**
 * One patient's course on one screen: who, what needs action, the charts on one time axis, the
 * records. The course's frame is laid out while the record loads, so the charts' width is known when
 * it arrives and everything is drawn in one pass.
 */
export default function PatientPageView({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const timeline = useQuery({
    ...trpc.patients.timeline.queryOptions({ id: patientId }),
    select: (data) => data as unknown as PatientPage,
  });
  const [range, setRange] = useChartPeriod();
  const [chartsRef, width] = useWidth();
  const page = timeline.data;
  if (!timeline.isPending && !page)
    return (
      <QueryState query={timeline} loading="Loading the patient…">
        {() => null}
      </QueryState>
    );
  const axis = page ? timeAxis(page, range) : null;
  return (
    <article className="patient-page" aria-busy={!page}>
      {page ? (
        <>
          <PatientHeader page={page} />
          <FlagsPanel page={page} />
        </>
      ) : (
        <p role="status" className="loading">
          Loading the patient…
        </p>
      )}
      <section className="charts" aria-labelledby="course-heading">
        <div className="charts-head">
          <h2 id="course-heading">Course</h2>
          <fieldset className="range no-print">
            <legend className="sr-only">Time range</legend>
            {RANGES.map((option) => (
              <label key={option.key} className={range === option.key ? 'selected' : ''}>
                <input
                  className="range-input"
                  type="radio"
                  name="range"
                  value={option.key}
                  checked={range === option.key}
                  onChange={() => setRange(option.key)}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
        </div>
        <div ref={chartsRef} className="chart-stack">
          {page && axis && width !== null && (
            <>
              <EdssChart page={page} axis={axis} width={width} />
              <div className="secondary-charts">
                <AntibodyChart page={page} axis={axis} width={width} />
                <VisualCharts page={page} axis={axis} width={width} />
                <MriTimeline page={page} axis={axis} width={width} />
                <LabCharts page={page} axis={axis} width={width} />
              </div>
            </>
          )}
        </div>
      </section>
      {page && axis && (
        <>
          <PrintSummary page={page} axis={axis} />
          <VisitPanel page={page} />
          <RecordsSection page={page} />
        </>
      )}
    </article>
  );
}
