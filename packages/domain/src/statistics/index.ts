export * from './group-contributions.ts';
export * from './kaplan-meier.ts';
export * from './outcome-statistics.ts';
export * from './patient-outcomes.ts';
export * from './poisson-interval.ts';
export * from './quantiles.ts';
