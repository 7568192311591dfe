import { plural } from '../format.ts';
import { type ImportReport, problemsText, summaryText } from './import-upload.ts';

/** Enough to fix a file; a file with thousands of problems is usually one systematic mistake. */
const MAX_SHOWN = 500;

/** What a check or an import found: the problems table (nothing was written), or what was written. */
export function ImportReportView({ report, fileName }: { report: ImportReport; fileName: string }) {
  if (report.ok)
    return (
      <div role="status" className={report.dryRun ? 'notice import-summary' : 'notice import-summary done'}>
        <p>{summaryText(report)}</p>
        <p className="muted">
          {report.dryRun
            ? `${fileName} is valid (${plural(report.patients, 'patient')}). Nothing has been written yet.`
            : `${fileName}: ${plural(report.patients, 'patient')}, written in one transaction with their flags recomputed.`}
        </p>
      </div>
    );
  const csv = report.format === 'csv';
  const shown = report.errors.slice(0, MAX_SHOWN);
  return (
    <div className="import-problems">
      <p role="alert" className="error">
        <strong>{problemsText(report.errors.length)}</strong>{' '}
        {report.errors.length > MAX_SHOWN && `The first ${MAX_SHOWN} are listed.`}
      </p>
      <div className="table-scroll">
        <table>
          <caption>Problems in {fileName}</caption>
          <thead>
            <tr>
              {csv ? (
                <>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                </>
              ) : (
                <th scope="col">Path</th>
              )}
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((problem, index) => (
              // Problems have no identity of their own; their order is the file's.
              // biome-ignore lint/suspicious/noArrayIndexKey: a static list, never reordered
              <tr key={index}>
                {csv ? (
                  <>
                    <td>{problem.line ?? '–'}</td>
                    <td>{problem.column ? <code>{problem.column}</code> : <span className="muted">whole row</span>}</td>
                  </>
                ) : (
                  <td>{problem.path ? <code>{problem.path}</code> : <span className="muted">whole file</span>}</td>
                )}
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
