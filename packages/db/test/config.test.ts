import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatabaseConfig, readTestDatabaseUrl, schemaEngineDebugging } from '../src/config.ts';
import { ConfigurationError } from '../src/environment.ts';

describe('database configuration', () => {
  it('defaults to the embedded cluster in .data under the working directory', () => {
    expect(readDatabaseConfig({}, '/srv/nmo')).toEqual({
      databaseUrl: undefined,
      migrationUrl: undefined,
      dataDir: '/srv/nmo/.data',
      replicaUrls: [],
    });
    expect(readDatabaseConfig({ DATA_DIR: ' data ', DATABASE_URL: '  ' }, '/srv/nmo')).toMatchObject({
      databaseUrl: undefined,
      dataDir: '/srv/nmo/data',
    });
  });

  it('takes an external server, and its owner role only with it', () => {
    const external = { DATABASE_URL: ' postgresql://app@db/nmo ', MIGRATION_DATABASE_URL: 'postgres://owner@db/nmo' };
    expect(readDatabaseConfig(external, '/srv/nmo')).toMatchObject({
      databaseUrl: 'postgresql://app@db/nmo',
      migrationUrl: 'postgres://owner@db/nmo',
    });
    // The embedded cluster makes its own roles: the variable is ignored, even when it is wrong.
    expect(readDatabaseConfig({ MIGRATION_DATABASE_URL: 'nonsense' }).migrationUrl).toBeUndefined();
  });

  it('names the variable and what it expects when a value is wrong', () => {
    expect(() => readDatabaseConfig({ DATABASE_URL: 'mysql://db/nmo' })).toThrow(
      new ConfigurationError(['DATABASE_URL must be a postgresql:// connection string']),
    );
    expect(() =>
      readDatabaseConfig({ DATABASE_URL: 'postgresql://db/nmo', MIGRATION_DATABASE_URL: 'db:5432' }),
    ).toThrow('MIGRATION_DATABASE_URL must be a postgresql:// connection string');
    expect(() => readTestDatabaseUrl({ TEST_DATABASE_URL: 'localhost' })).toThrow(
      'TEST_DATABASE_URL must be a postgresql:// connection string',
    );
  });

  it('takes read replicas of an external server, and refuses them without one', () => {
    const primary = { DATABASE_URL: 'postgresql://app@db/nmo' };
    expect(
      readDatabaseConfig({ ...primary, DATABASE_REPLICA_URLS: ' postgresql://app@r1/nmo, ,postgres://app@r2/nmo ' })
        .replicaUrls,
    ).toEqual(['postgresql://app@r1/nmo', 'postgres://app@r2/nmo']);
    expect(readDatabaseConfig({ ...primary, DATABASE_REPLICA_URLS: ' ' }).replicaUrls).toEqual([]);
    expect(() => readDatabaseConfig({ ...primary, DATABASE_REPLICA_URLS: 'postgresql://app@r1/nmo,r2:5432' })).toThrow(
      new ConfigurationError(['DATABASE_REPLICA_URLS must be postgresql:// connection strings separated by commas']),
    );
    expect(() => readDatabaseConfig({ DATABASE_REPLICA_URLS: 'postgresql://app@r1/nmo' })).toThrow(
      'DATABASE_REPLICA_URLS needs DATABASE_URL (the primary the replicas follow)',
    );
  });

  it('reads the test server and the engine debugging switch', () => {
    expect(readTestDatabaseUrl({})).toBeUndefined();
    expect(readTestDatabaseUrl({ TEST_DATABASE_URL: 'postgresql://ci@db/postgres' })).toBe(
      'postgresql://ci@db/postgres',
    );
    expect(schemaEngineDebugging({})).toBe(false);
    expect(schemaEngineDebugging({ NMO_DEBUG_ENGINE: '1' })).toBe(true);
  });
});

/** Each app's config module (ADR 0014): the only readers of process.env outside tests. */
const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
const CONFIG_MODULES = [
  'packages/db/src/config.ts',
  'apps/server/src/config.ts',
  'apps/cli/src/config.ts',
  'apps/web/playwright.shared.ts',
];
/** Documented but read by no config module: Node itself, and Playwright's runner for its workers. */
const READ_ELSEWHERE = ['TZ', 'NMO_E2E_DATA_DIR', 'NMO_BENCH_WEB_DATA_DIR'];

describe('docs/CONFIGURATION.md', () => {
  const documented = [
    ...readFileSync(path.join(repositoryRoot, 'docs/CONFIGURATION.md'), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm),
  ].map((match) => match[1] as string);
  // A variable is a key of a config module's schema: `  NAME: variables.…` or `  NAME: wholeNumber(…`.
  const read = CONFIG_MODULES.flatMap((module) => [
    ...readFileSync(path.join(repositoryRoot, module), 'utf8').matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm),
  ]).map((match) => match[1] as string);

  it('lists every variable a config module reads', () => {
    expect(read.length).toBeGreaterThan(15);
    expect(read.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('lists nothing that no one reads', () => {
    expect(documented.filter((name) => !read.includes(name) && !READ_ELSEWHERE.includes(name))).toEqual([]);
  });
});
