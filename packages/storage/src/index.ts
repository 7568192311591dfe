export * from './audit-log.ts';
export * from './bulk-insert.ts';
export * from './codecs.ts';
export * from './copy-in.ts';
export * from './import.ts';
export * from './load.ts';
export * from './tables.ts';
export * from './values.ts';
