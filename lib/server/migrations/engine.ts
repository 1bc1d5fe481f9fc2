// Offline Prisma Migrate: deploy, status and "new migration" through Prisma's own schema engine compiled to
// WebAssembly (@prisma/schema-engine-wasm), driving SQLite through the better-sqlite3 driver adapter and
// PostgreSQL through the pg driver adapter (lib/server/postgresql/migration-adapter.ts).
// The native `prisma migrate` CLI downloads its engine first and cannot run offline; the wasm engine is the
// same Rust code, so `_prisma_migrations` ends up exactly as Prisma Migrate leaves it (lib/server/README.md).
// Server-only module without Next.js imports: used by prisma/db.ts and the app's start script.
import "server-only";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { databaseProvider } from "../../schemas/env";
import { postgresMigrationAdapter } from "../postgresql";
import { MigrationError } from "./errors";
import type * as SchemaEngineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  DiffTarget,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";

export const MIGRATIONS_TABLE = "_prisma_migrations";

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

// ---------------------------------------------------------------- paths

/**
 * File path of a `file:` SQLite URL. Relative paths resolve against the working directory, as Prisma's
 * better-sqlite3 adapter does; query parameters are not part of the path.
 */
export function sqliteFilePath(databaseUrl: string, cwd: string = process.cwd()): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new MigrationError(`DATABASE_URL must be a SQLite file: URL (got "${databaseUrl}")`, "URL");
  }
  const withoutScheme = databaseUrl.slice("file:".length).split("?")[0] ?? "";
  if (withoutScheme === "") throw new MigrationError("DATABASE_URL names no file", "URL");
  return path.resolve(cwd, withoutScheme);
}

export function fileUrl(filePath: string): string {
  return `file:${filePath}`;
}

// ---------------------------------------------------------------- the wasm engine

let bindingsPromise: Promise<typeof SchemaEngineBindings> | undefined;

/**
 * The package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 cannot load, so we
 * do what that entry does by hand: instantiate the .wasm with the JS glue as its import object, hand the
 * exports to the glue and run the start function. Once per process.
 */
function loadSchemaEngineBindings(): Promise<typeof SchemaEngineBindings> {
  bindingsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package hides its package.json behind "exports"; the glue module is exported, the .wasm sits next to it.
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(pathToFileURL(gluePath).href)) as typeof SchemaEngineBindings;
    const bytes = await fs.promises.readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === "function") start();
    return glue;
  })();
  return bindingsPromise;
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  schemaPath: string;
  schemaText: string;
  /** Frees the engine and closes every connection it opened (and drops a PostgreSQL shadow database). */
  close(): Promise<void>;
}

/** The engine's driver adapter for SQLite, remembering every connection it opens so they can be closed. */
function sqliteMigrationAdapter(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory & {
  dispose(): Promise<void>;
} {
  // The engine never disposes the connections it opens; track them so dispose() can release the file.
  const opened: SqlDriverAdapter[] = [];
  const base = new PrismaBetterSqlite3({ url: fileUrl(sqliteFilePath(databaseUrl)), timeout: 5000 });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => {
      const adapter = await base.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await base.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
    async dispose() {
      for (const adapter of opened.splice(0)) await adapter.dispose().catch(() => {});
    },
  };
}

/**
 * Opens Prisma's wasm schema engine on the database in `databaseUrl` (SQLite or PostgreSQL, with the schema of
 * the same provider). A SQLite file is created on first connection if missing (its folder must exist); a
 * PostgreSQL database must exist. `onLog` receives the engine's JSON log lines.
 */
export async function openSchemaEngine(
  databaseUrl: string,
  schemaPath: string,
  onLog: (line: string) => void = () => {},
): Promise<SchemaEngineHandle> {
  const bindings = await loadSchemaEngineBindings();
  const absoluteSchemaPath = path.resolve(schemaPath);
  const schemaText = await fs.promises.readFile(absoluteSchemaPath, "utf8");
  const adapter =
    databaseProvider(databaseUrl) === "postgresql"
      ? postgresMigrationAdapter(databaseUrl)
      : sqliteMigrationAdapter(databaseUrl);
  let engine: SchemaEngine;
  try {
    engine = await bindings.SchemaEngine.new(
      { datamodels: [[absoluteSchemaPath, schemaText]] },
      onLog,
      bindMigrationAwareSqlAdapterFactory(adapter),
    );
  } catch (error) {
    await adapter.dispose();
    throw error;
  }
  let closed = false;
  return {
    engine,
    schemaPath: absoluteSchemaPath,
    schemaText,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await adapter.dispose();
    },
  };
}

/** Runs `run` on an engine opened for the database, closing it after; errors come back as MigrationError. */
export async function withEngine<T>(
  databaseUrl: string,
  schemaPath: string,
  run: (handle: SchemaEngineHandle) => Promise<T>,
): Promise<T> {
  const handle = await openSchemaEngine(databaseUrl, schemaPath);
  try {
    return await run(handle);
  } catch (error) {
    throw asMigrationError(error);
  } finally {
    await handle.close();
  }
}

/**
 * The migration script (`script: true`) or the summary that takes the engine's database to schema.prisma;
 * null when they already match.
 */
export async function diffToSchema(
  { engine, schemaPath, schemaText }: SchemaEngineHandle,
  script: boolean,
): Promise<string | null> {
  const diff = await engine.diff({
    from: liveDatabase(schemaPath, schemaText),
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schemaText }] },
    script,
    exitCode: true,
    filters: NO_FILTER,
  });
  return diff.exitCode === 0 ? null : (diff.stdout ?? "");
}

/**
 * The database the engine is connected to, as a diff source. The wasm engine rejects `{ tag: "url" }`
 * ("--from-url and --to-url flags are no longer supported"); a schema's datasource resolves to the bound
 * driver adapter instead.
 */
export function liveDatabase(schemaPath: string, schemaText: string): DiffTarget {
  return {
    tag: "schemaDatasource",
    files: [{ path: schemaPath, content: schemaText }],
    configDir: path.dirname(schemaPath),
  };
}

export function asMigrationError(error: unknown): MigrationError {
  if (error instanceof MigrationError) return error;
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    // The engine appends a span trace ("   0: sql_schema_connector::…") to its messages.
    const traceStart = error.message.search(/\n\s+0: /);
    const message = traceStart === -1 ? error.message : error.message.slice(0, traceStart).trimEnd();
    const trace = traceStart === -1 ? undefined : error.message.slice(traceStart + 1);
    return new MigrationError(message, typeof code === "string" ? code : undefined, trace);
  }
  return new MigrationError(String(error));
}

// ---------------------------------------------------------------- migrations folder

/** Migration folder names on disk, in apply order (Prisma sorts them by name: the timestamp prefix). */
export function listMigrationNames(migrationsDir: string): string[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The migrations folder in the shape the engine takes (what Prisma's CLI reads from disk). */
export function readMigrationList(migrationsDir: string): MigrationList {
  const baseDir = path.resolve(migrationsDir);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationNames(baseDir).map((name) => {
      const scriptPath = path.join(baseDir, name, "migration.sql");
      let content: { tag: "ok"; value: string } | { tag: "error"; value: string };
      try {
        content = { tag: "ok", value: fs.readFileSync(scriptPath, "utf8") };
      } catch (error) {
        content = { tag: "error", value: error instanceof Error ? error.message : String(error) };
      }
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  };
}
