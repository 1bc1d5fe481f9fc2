import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseProvider, type DatabaseProvider } from "../../schemas/env";
import { createScratchDatabase } from "../postgresql";
import { fileUrl, NO_FILTER, readMigrationList, diffToSchema, withEngine } from "./engine";
import { MigrationError } from "./errors";
import { migrationLockToml } from "./providers";

export interface NewMigrationOptions {
  /** Free text; slugified like Prisma does (lowercase, `_` between words). */
  name: string;
  migrationsDir: string;
  schemaPath: string;
  /**
   * The database the migrations are replayed next to: only its provider matters for SQLite (a temporary file
   * is used); for PostgreSQL, a temporary database is created on its server and dropped after.
   * Defaults to SQLite.
   */
  databaseUrl?: string;
  /** Defaults to the current time; the folder is named after it in UTC, YYYYMMDDHHMMSS. */
  now?: Date;
}

export type NewMigrationResult =
  { created: true; name: string; directory: string; sql: string } | { created: false; reason: "no-changes" };

/** Prisma's folder name part: lowercase words joined by `_`. */
export function migrationSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

/** UTC timestamp prefix of a migration folder: YYYYMMDDHHMMSS. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** An empty database of the provider to replay migrations into, and how to get rid of it. */
async function replayDatabase(databaseUrl: string): Promise<{ url: string; remove(): Promise<void> }> {
  if (databaseProvider(databaseUrl) === "postgresql") {
    const database = await createScratchDatabase(databaseUrl, "new_migration");
    return { url: database.url, remove: () => database.drop() };
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-migrate-"));
  return {
    url: fileUrl(path.join(scratch, "replay.db")),
    remove: async () => fs.rmSync(scratch, { recursive: true, force: true }),
  };
}

/**
 * `prisma migrate dev --create-only` without a shadow database: replays the existing migrations into a
 * temporary database of the same provider (the engine's shadow replay cannot run multi-statement scripts
 * through the SQLite adapter), then diffs that database against the schema. Writes
 * `<timestamp>_<slug>/migration.sql` and `migration_lock.toml` if missing. When the schema matches the
 * migrations, writes nothing.
 */
export async function newMigration({
  name,
  migrationsDir,
  schemaPath,
  databaseUrl = "file:replay.db",
  now = new Date(),
}: NewMigrationOptions): Promise<NewMigrationResult> {
  const slug = migrationSlug(name);
  if (slug === "")
    throw new MigrationError(`"${name}" is not a usable migration name (use letters and digits)`, "NAME");
  const provider: DatabaseProvider = databaseProvider(databaseUrl);
  const replay = await replayDatabase(databaseUrl);
  try {
    const sql = await withEngine(replay.url, schemaPath, async (handle) => {
      await handle.engine.applyMigrations({ migrationsList: readMigrationList(migrationsDir), filters: NO_FILTER });
      return diffToSchema(handle, true);
    });
    if (sql === null || sql.trim() === "" || sql.trim() === "-- This is an empty migration.") {
      return { created: false, reason: "no-changes" };
    }

    const folder = `${migrationTimestamp(now)}_${slug}`;
    const directory = path.join(path.resolve(migrationsDir), folder);
    if (fs.existsSync(directory)) throw new MigrationError(`${directory} already exists`, "EXISTS");
    fs.mkdirSync(directory, { recursive: true });
    const script = sql.replace(/^\s+/, "").replace(/\s*$/, "\n");
    fs.writeFileSync(path.join(directory, "migration.sql"), script);
    const lockPath = path.join(path.resolve(migrationsDir), "migration_lock.toml");
    if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, migrationLockToml(provider));
    return { created: true, name: folder, directory, sql: script };
  } finally {
    await replay.remove();
  }
}
