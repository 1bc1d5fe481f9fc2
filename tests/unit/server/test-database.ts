/**
 * The database of a server test file, on either provider. The vitest project decides (vitest.config.ts):
 * `sqlite` runs every file on a fresh SQLite file; `postgresql` (only when TEST_POSTGRES_URL names a server)
 * runs the database suites again, each file on a fresh database of that server, dropped after the run.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseProvider } from "../../../lib/schemas/env";
import { deployMigrations, migrationPathsFor } from "../../../lib/server/migrations";
import { createDatabaseIfMissing, withDatabase } from "../../../lib/server/postgresql";

const root = path.resolve(import.meta.dirname, "../../..");

export const testProvider: DatabaseProvider =
  process.env.HOPDRILL_TEST_PROVIDER === "postgresql" ? "postgresql" : "sqlite";

export interface TestDatabase {
  readonly provider: DatabaseProvider;
  /** DATABASE_URL of the database */
  readonly url: string;
  /** a scratch folder of the test file (the SQLite file lives there) */
  readonly dir: string;
}

/** A new, empty, unmigrated database of the test provider, and a scratch folder. */
export async function emptyDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-test-db-"));
  if (testProvider === "sqlite") return { provider: "sqlite", url: `file:${path.join(dir, "hopdrill.db")}`, dir };
  const server = process.env.TEST_POSTGRES_URL;
  if (server === undefined || server === "") throw new Error("the postgresql project needs TEST_POSTGRES_URL");
  const url = withDatabase(server, `${inject("postgresDatabasePrefix")}${randomBytes(5).toString("hex")}`);
  await createDatabaseIfMissing(url);
  return { provider: "postgresql", url, dir };
}

/**
 * A fresh migrated database for one test file, made the process's DATABASE_URL. Must run before the shared
 * Prisma client is first used in that file (vitest isolates files, so each gets its own client and database).
 */
export async function useFreshDatabase(): Promise<TestDatabase> {
  const database = await emptyDatabase();
  process.env.DATABASE_URL = database.url;
  await deployMigrations(migrationPathsFor(database.url, root));
  return database;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the tests' SQL never has a `?` inside a string). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}

/** Rows of a read from a connection of its own (not the app's client), for checking what was stored. */
export async function queryRows<Row = Record<string, unknown>>(
  database: TestDatabase,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  if (database.provider === "sqlite") {
    const db = new Database(database.url.slice("file:".length), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as Row[];
    } finally {
      db.close();
    }
  }
  return (await readerPool(database.url).query(numbered(sql), [...params])).rows as Row[];
}

const readers = new Map<string, pg.Pool>();

/** One small pool per database for the test's reads (it lets the process exit when idle). */
function readerPool(url: string): pg.Pool {
  let pool = readers.get(url);
  if (pool === undefined) {
    pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 1000, allowExitOnIdle: true });
    readers.set(url, pool);
  }
  return pool;
}

/**
 * A write from a second connection that is committed when this returns, callable where the test cannot
 * await (inside code the app calls synchronously): better-sqlite3 is synchronous; for PostgreSQL a child
 * process runs it with pg.
 */
export function executeSync(database: TestDatabase, sql: string, params: readonly unknown[] = []): void {
  if (database.provider === "sqlite") {
    const db = new Database(database.url.slice("file:".length), { timeout: 5000 });
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  const script =
    "const pg = require('pg'); const [url, sql, params] = JSON.parse(process.argv[1]);" +
    "const client = new pg.Client({ connectionString: url });" +
    "client.connect().then(() => client.query(sql, params)).then(() => client.end()).catch((e) => { console.error(e.message); process.exit(1); });";
  execFileSync(process.execPath, ["-e", script, JSON.stringify([database.url, numbered(sql), params])], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** The statement the SQLite file or the PostgreSQL server uses to name its tables' row order of insertion. */
export function insertionOrder(provider: DatabaseProvider): string {
  // SQLite's rowid grows with each insert; PostgreSQL's xmin is the inserting transaction's id, and ctid the
  // row's place among those of one transaction
  return provider === "sqlite" ? "rowid" : "xmin::text::bigint, ctid";
}
