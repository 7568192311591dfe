import type { FieldError } from '@nmo/domain';
import { parseCsvLong } from './csv/long-import.ts';
import { parseTimelineJson, type TimelineFile } from './format.ts';

export type ImportFormat = 'json' | 'csv';

/** One problem of an import file: by line and column for CSV, by JSON path for the interchange format. */
export interface ImportProblem {
  line?: number;
  column?: string;
  path?: string;
  message: string;
}

export type ImportFileResult =
  | {
      ok: true;
      format: ImportFormat;
      file: TimelineFile;
      /** Places errors found later (against the database) the way this file's own errors are placed. */
      locate: (errors: FieldError[]) => ImportProblem[];
    }
  | { ok: false; format: ImportFormat; errors: ImportProblem[] };

/** JSON by a .json name or a leading "{"; CSV otherwise (the long layout, docs/EXPORTS.md). */
export function detectImportFormat(name: string | undefined, text: string): ImportFormat {
  if (name && /\.json$/i.test(name)) return 'json';
  if (name && /\.(csv|tsv|txt)$/i.test(name)) return 'csv';
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'json'
    : 'csv';
}

/** Reads an import file of either format into the interchange form, or every problem it has. */
export function parseImportText(text: string, format: ImportFormat): ImportFileResult {
  if (format === 'json') {
    const parsed = parseTimelineJson(text);
    return parsed.ok
      ? { ok: true, format, file: parsed.file, locate: (errors) => errors }
      : { ok: false, format, errors: parsed.errors };
  }
  const parsed = parseCsvLong(text);
  return parsed.ok
    ? {
        ok: true,
        format,
        file: parsed.file,
        locate: (errors) => errors.map((error) => parsed.locate(error.path, error.message)),
      }
    : { ok: false, format, errors: parsed.errors };
}

/** One problem per line of text: "line 12, edss_score: must be a number" or "patients[0].mrn: …". */
export function describeImportProblems(problems: ImportProblem[]): string {
  return problems
    .map((problem) => {
      if (problem.line === undefined) return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
      return `line ${problem.line}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`;
    })
    .join('\n');
}
