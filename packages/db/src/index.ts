export * from './availability.ts';
export * from './client.ts';
export * from './config.ts';
export * from './database.ts';
export * from './embedded.ts';
export * from './environment.ts';
export * from './migrate.ts';
export { quoteIdentifier, withClient } from './roles.ts';
export * from './shutdown.ts';
