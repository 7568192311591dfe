export * from './format.ts';
export * from './synthetic/index.ts';
export * from './timeline/export.ts';
export * from './timeline/import.ts';
