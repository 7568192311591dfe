import { describe, expect, it } from 'vitest';
import { readCliConfig } from '../src/config.ts';
import { runCli } from './run-cli.ts';

describe('CLI configuration', () => {
  it('has the documented defaults', () => {
    expect(readCliConfig({})).toEqual({
      deidentifyKey: undefined,
      bench: { databaseUrl: undefined, exportNodeFlags: ['--max-old-space-size=128'] },
    });
  });

  it('reads every variable', () => {
    const config = readCliConfig({
      NMO_DEIDENTIFY_KEY: ' a key with spaces ',
      BENCH_DATABASE_URL: 'postgresql://bench@db/postgres',
      BENCH_EXPORT_NODE_FLAGS: '--max-old-space-size=256  --stack-size=2000',
    });
    expect(config).toEqual({
      deidentifyKey: ' a key with spaces ',
      bench: {
        databaseUrl: 'postgresql://bench@db/postgres',
        exportNodeFlags: ['--max-old-space-size=256', '--stack-size=2000'],
      },
    });
  });

  it('names the variable and what it expects when a value is wrong', () => {
    expect(() => readCliConfig({ BENCH_DATABASE_URL: 'db:5432' })).toThrow(
      'BENCH_DATABASE_URL must be a postgresql:// connection string',
    );
  });

  it('stops a command on a wrong value with the message, exit code 1 and no stack trace', async () => {
    const result = await runCli(['flags'], { DATABASE_URL: 'mysql://db/nmo' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('nmo: DATABASE_URL must be a postgresql:// connection string\n');
  });
});
