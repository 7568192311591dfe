export * from './accounts/demo.ts';
export * from './accounts/passwords.ts';
export * from './flags/recompute.ts';
export * from './settings/rule-settings.ts';
