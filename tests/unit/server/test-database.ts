import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deployMigrations } from "../../../lib/server/migrations";

const root = path.resolve(import.meta.dirname, "../../..");

/**
 * A fresh migrated SQLite database for one test file. Must run before the shared Prisma client is first
 * used in that file (vitest isolates files, so each gets its own client and database).
 */
export async function useFreshDatabase(): Promise<{ dir: string; url: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-test-db-"));
  const url = `file:${path.join(dir, "hopdrill.db")}`;
  process.env.DATABASE_URL = url;
  await deployMigrations({
    databaseUrl: url,
    migrationsDir: path.join(root, "prisma", "migrations"),
    schemaPath: path.join(root, "prisma", "schema.prisma"),
  });
  return { dir, url };
}
