import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../src/cluster.ts';
import { readServerConfig } from '../src/config.ts';

describe('server configuration', () => {
  it('has the documented defaults', () => {
    const config = readServerConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { databaseUrl: undefined, migrationUrl: undefined },
      demo: true,
      demoPatients: 300,
      demoPassword: undefined,
      importLimits: { clinician: 100 * 1024 * 1024, researcher: 0, admin: 0, system: 0 },
      shutdownGraceMs: 30_000,
      trustProxy: false,
      workerSemiSpaceMb: 32,
    });
    expect(config.database.dataDir).toMatch(/\/\.data$/);
  });

  it('reads every variable', () => {
    const config = readServerConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://app@db/nmo',
      MIGRATION_DATABASE_URL: 'postgres://owner@db/nmo',
      NMO_DEMO: 'true',
      NMO_DEMO_PATIENTS: '20',
      NMO_DEMO_PASSWORD: ' pass word ',
      NMO_DEIDENTIFY_KEY: 'k'.repeat(32),
      NMO_IMPORT_MAX_MB: '2',
      NMO_SHUTDOWN_GRACE_SECONDS: '5',
      TRUST_PROXY: '1',
      NMO_WORKER_SEMI_SPACE_MB: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      database: { databaseUrl: 'postgresql://app@db/nmo', migrationUrl: 'postgres://owner@db/nmo' },
      demo: true,
      demoPatients: 20,
      demoPassword: ' pass word ',
      deidentifyKey: 'k'.repeat(32),
      importLimits: { clinician: 2 * 1024 * 1024, researcher: 0 },
      shutdownGraceMs: 5000,
      trustProxy: true,
      workerSemiSpaceMb: 0,
    });
  });

  it('takes a blank value for unset', () => {
    expect(readServerConfig({ HOST: '  ', PORT: '', NMO_DEMO_PASSWORD: '' })).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      demoPassword: undefined,
    });
  });

  it('runs the demo with the embedded cluster only, unless NMO_DEMO says otherwise', () => {
    expect(readServerConfig({ NMO_DEMO: '0' }).demo).toBe(false);
    const external = readServerConfig({ DATABASE_URL: 'postgresql://db/nmo' });
    expect(external.demo).toBe(false);
    expect(external.deidentifyKey).toBeUndefined();
    expect(readServerConfig({}).deidentifyKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the variable and what it expects when a value is wrong', () => {
    const problems = (env: Record<string, string>) => () => readServerConfig(env);
    expect(problems({ PORT: '70000' })).toThrow('PORT must be a whole number between 0 and 65535');
    expect(problems({ PORT: '80.5' })).toThrow('PORT must be a whole number between 0 and 65535');
    expect(problems({ NMO_DEMO_PATIENTS: '-1' })).toThrow('NMO_DEMO_PATIENTS must be a whole number of at least 0');
    expect(problems({ NMO_SHUTDOWN_GRACE_SECONDS: 'soon' })).toThrow(
      'NMO_SHUTDOWN_GRACE_SECONDS must be a number of seconds, 0 or more',
    );
    expect(problems({ NMO_IMPORT_MAX_MB: '0' })).toThrow('NMO_IMPORT_MAX_MB must be a positive number of megabytes');
    expect(problems({ TRUST_PROXY: 'yes' })).toThrow('TRUST_PROXY must be 1, true, 0 or false');
    expect(problems({ NMO_WORKER_SEMI_SPACE_MB: '16.5' })).toThrow('NMO_WORKER_SEMI_SPACE_MB must be a whole number');
    expect(problems({ DATABASE_URL: 'mysql://db' })).toThrow('DATABASE_URL must be a postgresql:// connection string');
  });

  it('reports every wrong variable at once', () => {
    expect(() => readServerConfig({ PORT: 'x', NMO_DEMO: 'maybe' })).toThrow(
      'PORT must be a whole number between 0 and 65535\nNMO_DEMO must be 1, true, 0 or false',
    );
  });

  it('stops the start on a wrong value, naming it, without a stack trace', async () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', main], {
        env: { ...process.env, PORT: 'http', NMO_IMPORT_MAX_MB: '-5' },
      });
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'PORT must be a whole number between 0 and 65535\nNMO_IMPORT_MAX_MB must be a positive number of megabytes\n',
    );
  });
});

describe("cluster workers' Node options", () => {
  it('add the semi-space setting to the primary options, unless the command line gives one or it is 0', () => {
    expect(workerExecArgv(['--enable-source-maps'], 32)).toEqual(['--enable-source-maps', '--max-semi-space-size=32']);
    expect(workerExecArgv(['--max-semi-space-size=64'], 32)).toEqual(['--max-semi-space-size=64']);
    expect(workerExecArgv(['--max_semi_space_size=8'], 32)).toEqual(['--max_semi_space_size=8']);
    expect(workerExecArgv(['--enable-source-maps'], 0)).toEqual(['--enable-source-maps']);
  });
});
