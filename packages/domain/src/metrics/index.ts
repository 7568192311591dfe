export * from './attacks.ts';
export * from './care-quality.ts';
export * from './patient-metrics.ts';
