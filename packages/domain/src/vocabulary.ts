/*
 * The domain's codes, labels and calendar arithmetic without its record schemas (zod), for code that
 * must stay light: the dashboard's first screen loads this, and the schemas only with the forms.
 * Everything here is also exported by the package's main entry.
 */
export * from './calendar-date.ts';
export * from './enums.ts';
export * from './records/diagnosis.ts';
export * from './records/lab-units.ts';
export * from './rules/relapse/labels.ts';
export * from './rules/therapy/labels.ts';
export { FLAG_CODES, type FlagCode, SEVERITIES, type Severity } from './rules/types.ts';
