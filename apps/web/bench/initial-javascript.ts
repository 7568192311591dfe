import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The most JavaScript (gzip) a first visit may load: issue 21's target, kept by a browser test
 * (e2e/first-load.spec.ts) as the dashboard grows, and reported by `pnpm bench:web`.
 */
export const INITIAL_JAVASCRIPT_BUDGET_KB = 150;

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** A built file's size as served (gzip), in bytes: `file` as its URL path, "/assets/index-….js". */
export function gzipBytes(file: string) {
  const bytes = readFileSync(path.join(dist, file.replace(/^\//, '')));
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

/** The JavaScript a first visit loads: index.html's module script and the modules it preloads. */
export function initialJavaScript() {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const sizes = files.map((file) => ({ file, ...gzipBytes(file) }));
  return { files: sizes, gzipKb: sizes.reduce((sum, f) => sum + f.gzip, 0) / 1024 };
}
