export * from './export.ts';
export * from './rows.ts';
