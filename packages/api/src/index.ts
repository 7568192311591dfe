export * from './accounts/demo.ts';
export * from './accounts/passwords.ts';
