import { type Environment, readEnvironment, variables } from '@nmo/db';

/**
 * The CLI's environment variables, read here and nowhere else (docs/CONFIGURATION.md); the
 * database's (DATABASE_URL, MIGRATION_DATABASE_URL, DATA_DIR) through @nmo/db's readDatabaseConfig,
 * as the server does.
 */
const cliVariables = {
  /** Keys subject IDs and date shifts of `nmo export --deidentify`; unset: refused. */
  NMO_DEIDENTIFY_KEY: variables.secret().optional(),
  /** The server `nmo bench` makes its throwaway databases on. Unset: TEST_DATABASE_URL's, else an embedded cluster. */
  BENCH_DATABASE_URL: variables.postgresUrl().optional(),
  /** Node flags of the benchmark's export child, separated by spaces: its heap cap (bench/exchange.ts says why). */
  BENCH_EXPORT_NODE_FLAGS: variables.text().default('--max-old-space-size=128'),
};

export interface CliConfig {
  deidentifyKey: string | undefined;
  bench: { databaseUrl: string | undefined; exportNodeFlags: string[] };
}

export function readCliConfig(env: Environment = process.env): CliConfig {
  const read = readEnvironment(cliVariables, env);
  return {
    deidentifyKey: read.NMO_DEIDENTIFY_KEY,
    bench: {
      databaseUrl: read.BENCH_DATABASE_URL,
      exportNodeFlags: read.BENCH_EXPORT_NODE_FLAGS.split(' ').filter(Boolean),
    },
  };
}

let current: CliConfig | undefined;

/** The CLI's configuration, read from the environment when a command first needs it. */
export function cliConfig(): CliConfig {
  current ??= readCliConfig();
  return current;
}
