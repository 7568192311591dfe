export * from './export.ts';
export * from './rows.ts';
export * from './unzip.ts';
