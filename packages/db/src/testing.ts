import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient, type PrismaClient } from './client.ts';
import { quoteIdentifier, startThrowawayCluster } from './embedded.ts';
import { applyMigrations } from './migrate.ts';

declare module 'vitest' {
  /** What test/global-setup.ts hands to every test file through inject(). */
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * Test databases. A test run gets its own throwaway embedded cluster (or, with TEST_DATABASE_URL,
 * databases on that server: never DATABASE_URL, so tests cannot touch a real database), a template
 * database migrated once, and one fresh copy of the template per test file. .data/ is never used.
 */
export interface TestPostgres {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  const cluster = external
    ? undefined
    : await startThrowawayCluster(await mkdtemp(path.join(os.tmpdir(), 'nmo-test-pg-')));
  const adminUrl = external ?? (cluster?.adminUrl as string);
  const template = `nmo_template_${randomBytes(4).toString('hex')}`;
  await runAdmin(adminUrl, `CREATE DATABASE ${quoteIdentifier(template)}`);
  await applyMigrations(databaseUrl(adminUrl, template));
  return {
    adminUrl,
    template,
    async stop() {
      if (cluster) await cluster.stop();
      else await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(template)} WITH (FORCE)`);
    },
  };
}

export interface TestDatabase {
  name: string;
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A fresh database: migrated (a copy of the template) unless `empty` is set. */
export async function createTestDatabase(
  adminUrl: string,
  template: string,
  options: { empty?: boolean } = {},
): Promise<TestDatabase> {
  const name = `nmo_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(
    adminUrl,
    `CREATE DATABASE ${quoteIdentifier(name)}${options.empty ? '' : ` TEMPLATE ${quoteIdentifier(template)}`}`,
  );
  const url = databaseUrl(adminUrl, name);
  const prisma = createPrismaClient(url);
  return {
    name,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
