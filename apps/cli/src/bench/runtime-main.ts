import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureServerRuntime, type ServerRuntime } from './server-runtime.ts';

/**
 * `pnpm bench:runtime`: start time, memory and the load mix of the server as tsx runs it and as the
 * compiled bundle runs it (one or more workers), back to back on one demo database, so the ratios
 * hold on a busy machine. Prints one JSON line per run.
 *
 *   pnpm bench:runtime --runs tsx:1,compiled:1,compiled:2 --repeat 2 --load-seconds 20
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: 'tsx:1,compiled:1,compiled:2' },
    repeat: { type: 'string', default: '1' },
    'data-dir': { type: 'string', default: '.data/bench-runtime' },
    port: { type: 'string', default: '3931' },
    connections: { type: 'string', default: '50' },
    'load-seconds': { type: 'string', default: '20' },
  },
});
const password = 'bench-runtime-demo-password';
const runs = values.runs.split(',').map((run) => {
  const [runtime, workers] = run.split(':');
  if (runtime !== 'tsx' && runtime !== 'compiled') throw new Error(`unknown runtime ${runtime} (tsx or compiled)`);
  return { runtime: runtime as ServerRuntime, workers: Number(workers ?? 1) };
});
const common = {
  dataDir: values['data-dir'],
  port: Number(values.port),
  password,
  connections: Number(values.connections),
  loadSeconds: Number(values['load-seconds']),
};
if (!existsSync(common.dataDir)) {
  process.stderr.write(`Seeding the demo cohort in ${common.dataDir} (first start, not measured)…\n`);
  await measureServerRuntime({ ...common, runtime: 'compiled', workers: 1, loadSeconds: 1 });
}
for (let round = 0; round < Number(values.repeat); round++)
  for (const run of runs)
    process.stdout.write(`${JSON.stringify(await measureServerRuntime({ ...common, ...run }))}\n`);
