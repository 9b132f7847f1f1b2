/**
 * The schema engine compiled to WASM (@prisma/schema-engine-wasm), run in this process and
 * talking to PostgreSQL through @prisma/adapter-pg, as the native engine of Prisma's CLI would.
 * scripts/db.ts holds the commands that use it.
 */
import fs from 'node:fs';
import vm from 'node:vm';
import type { Pool, QueryResult } from 'pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { nodeRequire, startScratchPostgres } from '../platform/embedded-postgres';
import { log } from '../platform/logger';

/**
 * Runs one engine call against `url` (null: file-only commands, which only touch scratch
 * databases) and releases everything afterwards, also on failure.
 */
export async function withEngine<T>(url: string | null, schemaPath: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const wasm = loadSchemaEngine();
  const adapters = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter, cleanup?: () => Promise<void>): SqlDriverAdapter => {
    adapters.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!adapters.delete(adapter)) return;
      await dispose();
      await cleanup?.();
    };
    return adapter;
  };
  const scratch = async () => {
    const db = await startScratchPostgres();
    return track(await connectForSchemaEngine(db.url), db.stop);
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => (url ? track(await connectForSchemaEngine(url)) : scratch()),
    // Always a scratch PGlite: the embedded server has a single database (no CREATE DATABASE
    // to make a shadow in), and a real server then needs no CREATEDB right for this.
    connectToShadowDb: scratch,
  };
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line: string) => log.debug({ engine: line }, 'schema engine'),
    adapterUtils().bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await run(engine);
  } catch (err) {
    throw new Error(engineMessage(err));
  } finally {
    engine.free();
    for (const adapter of [...adapters]) await adapter.dispose();
  }
}

/** Internals of adapter-pg's adapter that the two fixes below reach into. */
interface PgAdapterInternals {
  performIO(query: SqlQuery): Promise<QueryResult>;
  onError(error: unknown): never;
  underlyingDriver(): Pool;
}

/** PostgreSQL's one-byte `"char"` type, used throughout pg_catalog. */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg, adjusted for the schema engine's needs (the app's client uses it unchanged):
 * - the engine's catalog queries return `"char"` columns (pg_constraint.contype, ...), which
 *   adapter-pg refuses to map; they are decoded as text and reported as Character, which the
 *   engine reads them as;
 * - adapter-pg's executeScript splits on `;` and runs the pieces one by one (breaking `$$`
 *   bodies, leaving half-applied migrations); a migration is sent whole as one simple-protocol
 *   query instead, which PostgreSQL runs as one implicit transaction, as `prisma migrate` does.
 */
async function connectForSchemaEngine(url: string): Promise<SqlDriverAdapter> {
  const { PrismaPg } = nodeRequire('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  const { ColumnTypeEnum } = adapterUtils();
  const adapter = await new PrismaPg({ connectionString: url }).connect();
  const internals = adapter as unknown as PgAdapterInternals;
  const queryRaw = adapter.queryRaw;
  adapter.queryRaw = async (query) => {
    const charColumns: number[] = [];
    // queryRaw runs with a `this` whose performIO retypes "char" before adapter-pg maps the types.
    const self = Object.create(adapter, {
      performIO: {
        value: async (q: SqlQuery) => {
          const result = await internals.performIO.call(adapter, q);
          result.fields.forEach((field, i) => {
            if (field.dataTypeID !== PG_CHAR_OID) return;
            field.dataTypeID = PG_TEXT_OID;
            charColumns.push(i);
          });
          return result;
        },
      },
    });
    const result = await queryRaw.call(self, query);
    for (const i of charColumns) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  adapter.executeScript = async (script) => {
    try {
      await internals.underlyingDriver().query(script);
    } catch (err) {
      internals.onError(err);
    }
  };
  return adapter;
}

/**
 * What the engine is handed must come from Node's own module realm, like the engine itself: it
 * tells promises from values with `instanceof Promise`, which is false for jest's promises.
 */
function adapterUtils(): typeof import('@prisma/driver-adapter-utils') {
  return nodeRequire('@prisma/driver-adapter-utils');
}

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm');
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
}

/**
 * The package is ESM meant for bundlers (its entry imports the .wasm file), so the glue module
 * is loaded alone and the WASM instantiated here. Node's own require loads it (it can load ESM
 * since Node 20.19), so under jest the glue lives in Node's module cache, shared by every jest
 * module registry of the process, and sees Node's real global object. The glue keeps ONE
 * instance in module state, so it is instantiated once per process (a second instance would
 * leave the glue reading the first one's memory).
 */
function loadSchemaEngine(): SchemaEngineModule {
  const gluePath = nodeRequire.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = nodeRequire(gluePath) as SchemaEngineModule & { __wbg_set_wasm(exports: object): void };
  const realGlobal = vm.runInThisContext('globalThis') as Record<string | symbol, unknown>;
  const ready = Symbol.for('vigil.schema-engine-wasm.instantiated');
  if (realGlobal[ready]) return glue;
  // A Rust panic in the engine reports its message through this global before it throws.
  realGlobal.PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message: string) => log.error({ panic: message }, 'schema engine panicked'),
  };
  // This project compiles without the DOM lib, which is where TypeScript declares WebAssembly.
  const { Module, Instance } = (realGlobal as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new Instance(new Module(fs.readFileSync(gluePath.replace(/\.js$/, '.wasm'))), {
    './schema_engine_bg.js': withUnrefTimers(glue),
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  realGlobal[ready] = true;
  return glue;
}

/**
 * The engine arms 10 s timeouts around its I/O and has no way to cancel them (the glue imports
 * setTimeout but no clearTimeout), so each would hold a finished process open for 10 s. They are
 * unref'd: while an engine call runs, its database connections keep the process alive anyway.
 */
function withUnrefTimers(glue: object): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports).filter((n) => n.startsWith('__wbg_setTimeout_'))) {
    const setTimer = imports[name] as (...args: unknown[]) => NodeJS.Timeout;
    imports[name] = (...args: unknown[]) => setTimer(...args).unref();
  }
  return imports;
}

/** Engine errors carry a Rust backtrace after the message; people need the message. */
function engineMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split(/\n\s+0: /)[0].trim();
}
