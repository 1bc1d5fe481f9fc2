import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SUITES } from "../../../vitest.config";

/**
 * Both providers pass the same server suites: every unit test file that opens a test database runs on
 * PostgreSQL too, unless it tests SQLite itself (named here with the reason).
 */
const SQLITE_ONLY: Record<string, string> = {
  "tests/unit/server/backup.test.ts": "SQLite's online backup; PostgreSQL backups are pg_dump's",
  "tests/unit/server/interview-replay.test.ts": "replays a SQLite database file made before a change",
  "tests/unit/server/migrations.test.ts":
    "the SQLite side of lib/server/migrations (PostgreSQL: migrations-postgresql)",
  "tests/unit/server/postgresql-schema.test.ts": "compares schema files; no server needed",
  "tests/unit/server/sqlite-adapter.test.ts": "the SQLite adapter itself",
  "tests/unit/server/study-queries.test.ts": "counts statements where better-sqlite3 runs them",
};

const dir = "tests/unit/server";
const usesDatabase = readdirSync(dir)
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => path.posix.join(dir, f))
  .filter((f) => f !== `${dir}/postgres-suites.test.ts`)
  .filter((f) => /test-database|lib\/server\/db"/.test(readFileSync(f, "utf8")));

describe("the PostgreSQL suites", () => {
  it("include every server test file that opens a database, except the SQLite-only ones", () => {
    const missing = usesDatabase.filter((f) => !POSTGRES_SUITES.includes(f) && !(f in SQLITE_ONLY));
    expect(missing).toEqual([]);
  });

  it("name only files that exist", () => {
    const all = new Set(readdirSync(dir).map((f) => path.posix.join(dir, f)));
    expect(POSTGRES_SUITES.filter((f) => !all.has(f))).toEqual([]);
  });
});
