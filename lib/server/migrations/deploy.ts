import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  asMigrationError,
  MIGRATIONS_TABLE,
  MigrationError,
  NO_FILTER,
  readMigrationList,
  sqliteFilePath,
  withEngine,
} from "./engine";

export interface MigrationPaths {
  databaseUrl: string;
  migrationsDir: string;
  schemaPath: string;
}

/**
 * `prisma migrate deploy`: applies the pending migrations in order and returns their names. Like Prisma, each
 * migration runs on its own (no wrapping transaction) and a failed migration stays recorded as failed and
 * blocks later deploys (P3009) until it is resolved. Creates the database folder if missing and leaves the
 * database in WAL mode (the journal mode persists in the file).
 * Throws MigrationError (with Prisma's code) when a migration fails or the history is broken.
 */
export async function deployMigrations({ databaseUrl, migrationsDir, schemaPath }: MigrationPaths): Promise<string[]> {
  const filePath = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const migrationsList = readMigrationList(migrationsDir);
  const applied = await withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return output.appliedMigrationNames;
  }).catch((error: unknown) => {
    throw failedScriptError(asMigrationError(error));
  });
  setWalMode(filePath);
  return applied;
}

/**
 * The engine reports a failing script as the database error followed by a span trace naming the migration,
 * without an error code. Say it the way Prisma's CLI does (P3018) and without the trace.
 */
function failedScriptError(error: MigrationError): MigrationError {
  if (error.code !== undefined) return error;
  const migrationName = /migration_name="([^"]+)"/.exec(error.trace ?? "")?.[1];
  if (migrationName === undefined) return error;
  const databaseError = error.message.trim();
  return new MigrationError(
    `Migration ${migrationName} failed to apply: ${databaseError}\n` +
      `It is recorded as failed in ${MIGRATIONS_TABLE}; no further migrations will be applied until it is resolved ` +
      "(statements before the failing one are not rolled back).",
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
