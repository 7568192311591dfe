// Runs a bundled entry point, building it first when it is missing or older than any of its
// sources (the list the last build wrote) or the lockfile: `pnpm nmo …` runs the compiled CLI
// without a build step to remember, and costs a rebuild (about a second) only after a change.
//
//   node scripts/run-bundled.mjs <entry.ts> <outfile.js> [arguments for the program…]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, outfile, ...programArguments] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write('usage: node scripts/run-bundled.mjs <entry.ts> <outfile.js> [arguments…]\n');
  process.exit(2);
}
const entryPath = path.resolve(repositoryRoot, entry);
const outPath = path.resolve(repositoryRoot, outfile);

/** Whether a source (or the dependencies, through the lockfile) changed since the bundle was written. */
function stale() {
  const inputsFile = `${outPath}.inputs.json`;
  if (!existsSync(outPath) || !existsSync(inputsFile)) return true;
  const built = statSync(outPath).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(inputsFile, 'utf8')), path.join(repositoryRoot, 'pnpm-lock.yaml')];
  return inputs.some((input) => !existsSync(input) || statSync(input).mtimeMs > built);
}

if (stale())
  execFileSync(process.execPath, [path.join(repositoryRoot, 'scripts/bundle.mjs'), entryPath, outPath], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
// The program reads its arguments from process.argv as if started as `node <outfile> …`.
process.argv = [process.argv[0] ?? process.execPath, outPath, ...programArguments];
await import(pathToFileURL(outPath).href);
