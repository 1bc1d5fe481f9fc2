import "server-only";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { DiagnoseMigrationHistoryOutput } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { databaseProvider } from "../../schemas/env";
import { databaseExists, redactedUrl, withConnection } from "../postgresql";
import {
  listMigrationNames,
  MIGRATIONS_TABLE,
  NO_FILTER,
  readMigrationList,
  sqliteFilePath,
  diffToSchema,
  withEngine,
} from "./engine";
import { MigrationError } from "./errors";
import type { MigrationPaths } from "./providers";

export interface MigrationStatus {
  /** Whether the database (the SQLite file, the PostgreSQL database) exists at all. */
  databaseExists: boolean;
  /** Whether `_prisma_migrations` exists; false means "no migrations applied". */
  hasMigrationsTable: boolean;
  /** Successfully applied migrations, in the order they were applied. */
  applied: string[];
  /** Migrations on disk that the database has not applied. */
  pending: string[];
  /** Migrations recorded as failed (and not rolled back): they block deploys until resolved. */
  failed: string[];
  /** Applied migrations whose migration.sql changed on disk since (checksum mismatch). */
  edited: string[];
  /** Applied migrations that are not in the migrations folder. */
  missingLocally: string[];
  /**
   * Set when every migration is applied but the database still differs from schema.prisma: a human-readable
   * summary of the difference (a schema change without a migration, or a manual change to the database).
   */
  drift?: string;
  inSync: boolean;
}

export interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

const ROWS_SQL = `SELECT migration_name, finished_at, rolled_back_at FROM "${MIGRATIONS_TABLE}" ORDER BY started_at, migration_name`;

/** Rows read straight from a SQLite file's `_prisma_migrations`, or null if the table does not exist. */
function readSqliteRows(filePath: string): MigrationRow[] | null {
  const db = new Database(filePath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    if (table === undefined) return null;
    return db.prepare(ROWS_SQL).all() as MigrationRow[];
  } finally {
    db.close();
  }
}

/** The same from a PostgreSQL database (the table as the connection's search path finds it). */
function readPostgresRows(url: string): Promise<MigrationRow[] | null> {
  return withConnection(url, async (client) => {
    const table = await client.query<{ found: string | null }>("SELECT to_regclass($1)::text AS found", [
      MIGRATIONS_TABLE,
    ]);
    if ((table.rows[0]?.found ?? null) === null) return null;
    return (await client.query<MigrationRow>(ROWS_SQL)).rows;
  });
}

/**
 * Whether the database exists, and its `_prisma_migrations` rows (null: no such table), read directly: no
 * engine, cheap enough for every start.
 */
export async function migrationRows(databaseUrl: string): Promise<{ exists: boolean; rows: MigrationRow[] | null }> {
  const postgres = databaseProvider(databaseUrl) === "postgresql";
  const where = postgres ? redactedUrl(databaseUrl) : sqliteFilePath(databaseUrl);
  try {
    if (postgres) {
      if (!(await databaseExists(databaseUrl))) return { exists: false, rows: null };
      return { exists: true, rows: await readPostgresRows(databaseUrl) };
    }
    if (!fs.existsSync(where)) return { exists: false, rows: null };
    return { exists: true, rows: readSqliteRows(where) };
  } catch (error) {
    throw new MigrationError(`cannot read ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `prisma migrate status`, without throwing on a new or empty database (the engine's diagnoseMigrationHistory
 * throws P1014 when `_prisma_migrations` is missing, so that case is answered from the database directly).
 * Never creates the database.
 */
export async function migrationStatus({
  databaseUrl,
  migrationsDir,
  schemaPath,
}: MigrationPaths): Promise<MigrationStatus> {
  const onDisk = listMigrationNames(migrationsDir);
  const { exists, rows } = await migrationRows(databaseUrl);
  if (rows === null) {
    return {
      databaseExists: exists,
      hasMigrationsTable: false,
      applied: [],
      pending: onDisk,
      failed: [],
      edited: [],
      missingLocally: [],
      inSync: onDisk.length === 0,
    };
  }

  const live = rows.filter((row) => row.rolled_back_at === null);
  const applied = live.filter((row) => row.finished_at !== null).map((row) => row.migration_name);
  const { diagnosis, drift } = await withEngine(databaseUrl, schemaPath, async (handle) => {
    const diagnosis: DiagnoseMigrationHistoryOutput = await handle.engine.diagnoseMigrationHistory({
      migrationsList: readMigrationList(migrationsDir),
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    });
    let drift: string | undefined;
    if (diagnosis.history === null && diagnosis.failedMigrationNames.length === 0) {
      const difference = await diffToSchema(handle, false);
      if (difference !== null) drift = difference.trim() || "the database differs from schema.prisma";
    }
    return { diagnosis, drift };
  });

  const history = diagnosis.history;
  const pending =
    history?.diagnostic === "databaseIsBehind" || history?.diagnostic === "historiesDiverge"
      ? history.unappliedMigrationNames
      : [];
  const missingLocally =
    history?.diagnostic === "migrationsDirectoryIsBehind" || history?.diagnostic === "historiesDiverge"
      ? history.unpersistedMigrationNames
      : [];
  const failed = diagnosis.failedMigrationNames;
  const edited = diagnosis.editedMigrationNames;
  return {
    databaseExists: exists,
    hasMigrationsTable: true,
    applied,
    pending,
    failed,
    edited,
    missingLocally,
    ...(drift === undefined ? {} : { drift }),
    inSync:
      pending.length === 0 &&
      failed.length === 0 &&
      edited.length === 0 &&
      missingLocally.length === 0 &&
      drift === undefined,
  };
}
