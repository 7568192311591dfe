export * from './accounts/demo.ts';
export * from './accounts/passwords.ts';
export * from './auth/sessions.ts';
export * from './flags/recompute.ts';
export * from './root.ts';
export * from './settings/rule-settings.ts';
export * from './trpc/context.ts';
export * from './trpc/errors.ts';
export { createCallerFactory } from './trpc/init.ts';
