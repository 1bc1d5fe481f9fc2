import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** PostgreSQL's SQLSTATE for a database that does not exist (invalid_catalog_name). */
const NO_SUCH_DATABASE = "3D000";

/** The database a URL names: its path, or (as libpq does) the user's name when the path is empty. */
export function databaseNameOf(url: string): string {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  return name !== "" ? name : decodeURIComponent(parsed.username) || "postgres";
}

/** The same server, user and options, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** A URL without its password, for messages. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function isNoSuchDatabase(error: unknown): boolean {
  return (error as { code?: unknown }).code === NO_SUCH_DATABASE;
}

/** Runs `run` on one connection to `url`, closed after. */
export async function withConnection<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Whether the database in `url` exists (false only when the server says so; other errors are thrown). */
export async function databaseExists(url: string): Promise<boolean> {
  try {
    await withConnection(url, async () => undefined);
    return true;
  } catch (error) {
    if (isNoSuchDatabase(error)) return false;
    throw error;
  }
}

/**
 * Creates the database in `url` when it does not exist, as Prisma Migrate does before deploying: connected to
 * the server's `postgres` database. Returns whether it created it.
 */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  if (await databaseExists(url)) return false;
  const name = databaseNameOf(url);
  await withConnection(withDatabase(url, "postgres"), async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      // another process created it meanwhile (duplicate_database)
      if ((error as { code?: unknown }).code !== "42P04") throw error;
    }
  });
  return true;
}

/**
 * A new empty database beside the one in `url` (the same server and user), for replaying migrations or as the
 * schema engine's shadow database: its URL and a function that drops it, even with connections still open.
 */
export async function createScratchDatabase(
  url: string,
  purpose: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  // PostgreSQL keeps 63 bytes of a name: shorten the base, never the part that makes it unique
  const suffix = `_${purpose}_${randomBytes(6).toString("hex")}`;
  const name = databaseNameOf(url).slice(0, 63 - suffix.length) + suffix;
  // connected to the database itself, or to the server's `postgres` database while that one does not exist yet
  const admin = (await databaseExists(url)) ? url : withDatabase(url, "postgres");
  await withConnection(admin, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  let dropped = false;
  return {
    url: withDatabase(url, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withConnection(admin, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}
