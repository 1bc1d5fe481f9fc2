import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseProvider } from "../../schemas/env";
import { createDatabaseIfMissing } from "../postgresql";
import {
  asMigrationError,
  listMigrationNames,
  MIGRATIONS_TABLE,
  NO_FILTER,
  readMigrationList,
  sqliteFilePath,
  withEngine,
} from "./engine";
import { migrationRows } from "./status";
import { MigrationError } from "./errors";
import type { MigrationPaths } from "./providers";

/**
 * `prisma migrate deploy`: applies the pending migrations in order and returns their names. Like Prisma, each
 * migration runs on its own (no wrapping transaction across migrations) and a failed migration stays recorded
 * as failed and blocks later deploys (P3009) until it is resolved. SQLite: creates the database folder if
 * missing and leaves the database in WAL mode (the journal mode persists in the file). PostgreSQL: creates
 * the database if the server has none of that name.
 * Throws MigrationError (with Prisma's code) when a migration fails or the history is broken.
 */
export async function deployMigrations({ databaseUrl, migrationsDir, schemaPath }: MigrationPaths): Promise<string[]> {
  const postgres = databaseProvider(databaseUrl) === "postgresql";
  const filePath = postgres ? null : sqliteFilePath(databaseUrl);
  if (filePath !== null) fs.mkdirSync(path.dirname(filePath), { recursive: true });
  else await createDatabaseIfMissing(databaseUrl);
  // nothing to apply: answer from the migrations table, without the engine, which takes the write lock even
  // then (and fails with an unreadable error if the running app holds it): scripts run against a live database
  if (await nothingPending(databaseUrl, migrationsDir)) {
    if (filePath !== null) setWalMode(filePath);
    return [];
  }
  const migrationsList = readMigrationList(migrationsDir);
  const applied = await withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return output.appliedMigrationNames;
  }).catch((error: unknown) => {
    throw failedScriptError(asMigrationError(error), postgres);
  });
  if (filePath !== null) setWalMode(filePath);
  return applied;
}

/** Every migration on disk is applied, and none failed (a failed one goes to the engine, which reports it). */
async function nothingPending(databaseUrl: string, migrationsDir: string): Promise<boolean> {
  const { rows } = await migrationRows(databaseUrl);
  if (rows === null) return false;
  const live = rows.filter((row) => row.rolled_back_at === null);
  if (live.some((row) => row.finished_at === null)) return false;
  const applied = new Set(live.map((row) => row.migration_name));
  return listMigrationNames(migrationsDir).every((name) => applied.has(name));
}

/** The wasm engine's busy-database error cannot be deserialised ("unknown variant `SocketTimeout`"): say it. */
const BUSY = /unknown variant `SocketTimeout`/;

/**
 * The engine reports a failing script as the database error followed by a span trace naming the migration,
 * without an error code. Say it the way Prisma's CLI does (P3018) and without the trace.
 */
function failedScriptError(error: MigrationError, postgres: boolean): MigrationError {
  if (BUSY.test(error.message)) {
    return new MigrationError(
      "The database is busy: another process (a running app?) held its write lock while migrations were to be " +
        "applied. Stop the app and run this again.",
    );
  }
  if (error.code !== undefined) return error;
  const migrationName = /migration_name="([^"]+)"/.exec(error.trace ?? "")?.[1];
  if (migrationName === undefined) return error;
  const databaseError = error.message.trim();
  return new MigrationError(
    `Migration ${migrationName} failed to apply: ${databaseError}\n` +
      `It is recorded as failed in ${MIGRATIONS_TABLE}; no further migrations will be applied until it is resolved ` +
      (postgres
        ? "(PostgreSQL ran the migration in one transaction: none of its statements were kept)."
        : "(statements before the failing one are not rolled back)."),
    "P3018",
    error.trace,
  );
}

/** WAL lets the web server read while a script writes; SQLite stores the mode in the file itself. */
function setWalMode(filePath: string): void {
  const db = new Database(filePath, { timeout: 5000 });
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}
