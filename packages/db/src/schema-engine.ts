import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { schemaEngineDebugging } from './config.ts';

/**
 * Prisma's schema engine compiled to WebAssembly: the same migration logic as `prisma migrate`,
 * without the native binary Prisma would otherwise download (not reachable on offline servers).
 * Loaded by hand so that no --experimental-wasm-modules flag is needed (docs/decisions/0002).
 */
let initialised: Promise<void> | undefined;

function initialiseWasm(): Promise<void> {
  initialised ??= (async () => {
    const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    globals.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
        if (schemaEngineDebugging()) console.error(message);
      },
    };
    const require = createRequire(import.meta.url);
    const modulePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(modulePath), 'schema_engine_bg.wasm'));
    const { instance } = await webAssembly.instantiate(bytes, { './schema_engine_bg.js': engineModule });
    const exports = instance.exports as { __wbindgen_start(): void };
    engineModule.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return initialised;
}

let lastPanic: string | undefined;

/** Node's global WebAssembly; its types live in lib.dom, which a server package does not load. */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }> };
  }
).WebAssembly;

/** Runs `work` with a schema engine connected to `url`, and disposes every connection it opened. */
export async function withSchemaEngine<T>(
  url: string,
  datamodels: [string, string][],
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await initialiseWasm();
  const opened: { dispose(): Promise<void> }[] = [];
  // Our own pool, ended below: one created by the adapter would idle for 10 s and keep the process alive.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const factory = new PrismaPg(pool);
  // Wrap connect() so that we can close what the engine leaves open (engine.free() does not);
  // a leaked connection would hold Prisma's advisory lock and stall the next migrate call.
  const tracking = Object.create(factory) as PrismaPg;
  tracking.connect = async () => {
    const adapter = await factory.connect();
    opened.push(adapter);
    runScriptsWhole(adapter);
    return adapter;
  };
  const engine = await engineModule.SchemaEngine.new(
    { datamodels },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await work(engine);
  } catch (error) {
    throw new Error(`schema engine: ${describeEngineError(error)}${lastPanic ? ` (panic: ${lastPanic})` : ''}`);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    await pool.end();
  }
}

/**
 * adapter-pg 7.10 runs a migration script by splitting it on every ";", which breaks comments,
 * DO blocks and function bodies. PostgreSQL's simple query protocol takes the whole script at
 * once and runs it as one implicit transaction, as Prisma's native engine does.
 */
function runScriptsWhole(adapter: object): void {
  const internals = adapter as unknown as {
    client: { query(sql: string): Promise<unknown> };
    onError(error: unknown): never;
    executeScript(script: string): Promise<void>;
  };
  internals.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error && 'message' in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}
