export * from './agents.ts';
export * from './engine.ts';
export * from './flag.ts';
export * from './settings.ts';
export * from './sources.ts';
export * from './timeline.ts';
export * from './types.ts';
