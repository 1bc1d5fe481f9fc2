import "server-only";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { DiagnoseMigrationHistoryOutput } from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationPaths } from "./deploy";
import {
  listMigrationNames,
  MIGRATIONS_TABLE,
  MigrationError,
  NO_FILTER,
  readMigrationList,
  sqliteFilePath,
  diffToSchema,
  withEngine,
} from "./engine";

export interface MigrationStatus {
  /** Whether the database file exists at all. */
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

interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Rows read straight from `_prisma_migrations`, or null if the table does not exist. */
function readMigrationRows(filePath: string): MigrationRow[] | null {
  const db = new Database(filePath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    if (table === undefined) return null;
    return db
      .prepare(
        `SELECT migration_name, finished_at, rolled_back_at FROM "${MIGRATIONS_TABLE}" ORDER BY started_at, migration_name`,
      )
      .all() as MigrationRow[];
  } finally {
    db.close();
  }
}

/**
 * `prisma migrate status`, without throwing on a new or empty database (the engine's diagnoseMigrationHistory
 * throws P1014 when `_prisma_migrations` is missing, so that case is answered from the file directly).
 * Never creates the database file.
 */
export async function migrationStatus({
  databaseUrl,
  migrationsDir,
  schemaPath,
}: MigrationPaths): Promise<MigrationStatus> {
  const filePath = sqliteFilePath(databaseUrl);
  const onDisk = listMigrationNames(migrationsDir);
  const databaseExists = fs.existsSync(filePath);
  let rows: MigrationRow[] | null = null;
  try {
    if (databaseExists) rows = readMigrationRows(filePath);
  } catch (error) {
    throw new MigrationError(`cannot read ${filePath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rows === null) {
    return {
      databaseExists,
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
    databaseExists,
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
