export * from './deidentify/deidentify.ts';
export * from './format.ts';
export * from './synthetic/index.ts';
export * from './timeline/codecs.ts';
export * from './timeline/export.ts';
export * from './timeline/import.ts';
export * from './timeline/load.ts';
export * from './timeline/tables.ts';
