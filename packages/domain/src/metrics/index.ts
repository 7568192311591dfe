export * from './attacks.ts';
export * from './patient-metrics.ts';
