import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../src/testing.ts';

/** One throwaway PostgreSQL per test run of a package; see src/testing.ts. */
export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  return () => postgres.stop();
}
