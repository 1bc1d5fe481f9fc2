// Offline migrations through Prisma's wasm schema engine. Expectations come from schema.prisma itself and from
// Prisma Migrate's documented `_prisma_migrations` contract (SHA-256 hex checksum of migration.sql, UUID ids,
// failed migrations block deploys with P3009), never from the code under test.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  MigrationError,
  deployMigrations,
  migrationStatus,
  newMigration,
  openSchemaEngine,
} from "../../../lib/server/migrations";
import { modelsDeclaredIn } from "./schema-models";

const root = path.resolve(import.meta.dirname, "../../..");
const schemaPath = path.join(root, "prisma", "schema.prisma");
const migrationsDir = path.join(root, "prisma", "migrations");
const NO_FILTER = { externalTables: [], externalEnums: [] };

const scratchDirs: string[] = [];
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-migrations-test-"));
  scratchDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratchDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function userTables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
      )
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .sort();
}

function writeMigration(dir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

function onDiskMigrations(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("deployMigrations on an empty database", () => {
  it("creates the database folder and exactly the tables and columns schema.prisma declares", async () => {
    const dbFile = path.join(scratch(), "nested", "folder", "test.db");
    const databaseUrl = `file:${dbFile}`;
    const applied = await deployMigrations({ databaseUrl, migrationsDir, schemaPath });
    expect(applied).toEqual(onDiskMigrations(migrationsDir));
    expect(applied.length).toBeGreaterThan(0);

    const declared = modelsDeclaredIn(fs.readFileSync(schemaPath, "utf8"));
    const db = new Database(dbFile, { readonly: true });
    try {
      expect(userTables(db)).toEqual([...declared.keys()].sort());
      for (const [model, columns] of declared) {
        const actual = (db.prepare(`PRAGMA table_info("${model}")`).all() as { name: string }[])
          .map((column) => column.name)
          .sort();
        expect(actual, `columns of ${model}`).toEqual(columns);
      }
    } finally {
      db.close();
    }

    // Drift check by Prisma's own differ: migrated database → schema datamodel must be empty.
    const handle = await openSchemaEngine(databaseUrl, schemaPath);
    try {
      const diff = await handle.engine.diff({
        from: {
          tag: "schemaDatasource",
          files: [{ path: handle.schemaPath, content: handle.schemaText }],
          configDir: path.dirname(handle.schemaPath),
        },
        to: { tag: "schemaDatamodel", files: [{ path: handle.schemaPath, content: handle.schemaText }] },
        script: false,
        exitCode: true,
        filters: NO_FILTER,
      });
      expect(diff.exitCode, diff.stdout ?? "").toBe(0);
    } finally {
      await handle.close();
    }

    const status = await migrationStatus({ databaseUrl, migrationsDir, schemaPath });
    expect(status).toMatchObject({ applied, pending: [], failed: [], inSync: true });
    expect(status.drift).toBeUndefined();
  });

  it("applies nothing the second time", async () => {
    const databaseUrl = `file:${path.join(scratch(), "twice.db")}`;
    const first = await deployMigrations({ databaseUrl, migrationsDir, schemaPath });
    expect(first.length).toBeGreaterThan(0);
    expect(await deployMigrations({ databaseUrl, migrationsDir, schemaPath })).toEqual([]);
  });

  it("records each migration like Prisma Migrate: SHA-256 hex of migration.sql, UUID id, finished", async () => {
    const dbFile = path.join(scratch(), "rows.db");
    await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath });
    const db = new Database(dbFile, { readonly: true });
    const rows = db.prepare("SELECT * FROM _prisma_migrations ORDER BY migration_name").all() as Record<
      string,
      unknown
    >[];
    db.close();
    expect(rows.map((row) => row.migration_name)).toEqual(onDiskMigrations(migrationsDir));
    for (const row of rows) {
      const script = fs.readFileSync(path.join(migrationsDir, String(row.migration_name), "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(script).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.started_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("leaves the database in WAL mode, persisted in the file", async () => {
    const dbFile = path.join(scratch(), "wal.db");
    await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath });
    const db = new Database(dbFile);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });
});

describe("deployMigrations against a live database (the app running, a write in progress)", () => {
  /** Another connection holding SQLite's write lock, as the running app does during a write. */
  function holdWriteLock(dbFile: string): () => void {
    const live = new Database(dbFile);
    live.exec("BEGIN IMMEDIATE; INSERT INTO AppMeta (key, value, updatedAt) VALUES ('busy', 'yes', 0);");
    return () => {
      live.exec("ROLLBACK");
      live.close();
    };
  }

  it("with nothing pending, answers at once without taking the lock (admin:create while the app runs)", async () => {
    const dbFile = path.join(scratch(), "live.db");
    await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath });
    const release = holdWriteLock(dbFile);
    try {
      const started = performance.now();
      expect(await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath })).toEqual([]);
      expect(performance.now() - started).toBeLessThan(2000); // the engine waits 5 s for the lock, then fails
    } finally {
      release();
    }
  });

  it("with a migration pending, says the database is busy instead of the engine's unreadable error", async () => {
    const dir = scratch();
    const older = path.join(dir, "older-migrations");
    const names = onDiskMigrations(migrationsDir);
    fs.mkdirSync(older);
    fs.copyFileSync(path.join(migrationsDir, "migration_lock.toml"), path.join(older, "migration_lock.toml"));
    for (const name of names.slice(0, -1)) {
      fs.cpSync(path.join(migrationsDir, name), path.join(older, name), { recursive: true });
    }
    const dbFile = path.join(dir, "behind.db");
    await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir: older, schemaPath });
    const release = holdWriteLock(dbFile);
    try {
      const deploying = deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath });
      await expect(deploying).rejects.toThrow(/^The database is busy: .*Stop the app and run this again\.$/s);
      await expect(deploying).rejects.not.toThrow(/SocketTimeout|WASM_ERROR/);
    } finally {
      release();
    }
    expect(await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath })).toEqual([
      names.at(-1),
    ]);
  }, 30_000);
});

describe("migrationStatus", () => {
  it("reports every migration pending for a database file that does not exist, without creating it", async () => {
    const dbFile = path.join(scratch(), "missing", "none.db");
    const status = await migrationStatus({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath });
    expect(status).toMatchObject({
      databaseExists: false,
      hasMigrationsTable: false,
      applied: [],
      pending: onDiskMigrations(migrationsDir),
      failed: [],
      inSync: false,
    });
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it("reports 'no migrations applied' for an existing database without _prisma_migrations", async () => {
    const dbFile = path.join(scratch(), "empty.db");
    new Database(dbFile).close();
    const status = await migrationStatus({ databaseUrl: `file:${dbFile}`, migrationsDir, schemaPath });
    expect(status).toMatchObject({ databaseExists: true, hasMigrationsTable: false, applied: [], inSync: false });
    expect(status.pending).toEqual(onDiskMigrations(migrationsDir));
  });

  it("is in sync with no migrations and a missing database when the folder is empty", async () => {
    const dir = scratch();
    const status = await migrationStatus({
      databaseUrl: `file:${path.join(dir, "x.db")}`,
      migrationsDir: path.join(dir, "migrations"),
      schemaPath,
    });
    expect(status).toMatchObject({ applied: [], pending: [], inSync: true });
  });
});

describe("a failed migration", () => {
  it("is recorded as failed, keeps the statements that ran, and blocks further deploys", async () => {
    const dir = scratch();
    const migrations = path.join(dir, "migrations");
    writeMigration(migrations, "20200101000000_first", 'CREATE TABLE "First" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    writeMigration(
      migrations,
      "20200102000000_broken",
      'CREATE TABLE "Partial" ("id" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE this is not sql;\n',
    );
    writeMigration(migrations, "20200103000000_later", 'CREATE TABLE "Later" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    const dbFile = path.join(dir, "failed.db");
    const paths = { databaseUrl: `file:${dbFile}`, migrationsDir: migrations, schemaPath };

    const first = deployMigrations(paths);
    await expect(first).rejects.toBeInstanceOf(MigrationError);
    // Prisma's CLI reports a failing script as P3018, naming the migration.
    await expect(first).rejects.toMatchObject({
      code: "P3018",
      message: expect.stringContaining("20200102000000_broken"),
    });
    await expect(first).rejects.toMatchObject({ message: expect.not.stringContaining("sql_schema_connector") });

    const db = new Database(dbFile, { readonly: true });
    const rows = db
      .prepare("SELECT migration_name, finished_at, logs FROM _prisma_migrations ORDER BY migration_name")
      .all() as { migration_name: string; finished_at: unknown; logs: unknown }[];
    // Prisma runs a migration without a wrapping transaction: the statement before the error stays.
    const tables = userTables(db);
    db.close();
    expect(rows.map((row) => row.migration_name)).toEqual(["20200101000000_first", "20200102000000_broken"]);
    expect(rows[1]?.finished_at).toBeNull();
    expect(rows[1]?.logs).toEqual(expect.any(String));
    expect(tables).toEqual(["First", "Partial"]);

    const status = await migrationStatus(paths);
    expect(status).toMatchObject({
      applied: ["20200101000000_first"],
      failed: ["20200102000000_broken"],
      pending: ["20200103000000_later"],
      inSync: false,
    });

    // P3009: Prisma refuses to apply anything while a failed migration is unresolved.
    await expect(deployMigrations(paths)).rejects.toMatchObject({
      code: "P3009",
      message: expect.stringContaining("20200102000000_broken"),
    });
    const after = new Database(dbFile, { readonly: true });
    expect(userTables(after)).not.toContain("Later");
    after.close();
  });
});

describe("newMigration", () => {
  it("says 'no changes' and writes nothing when the committed migrations match the schema", async () => {
    const before = onDiskMigrations(migrationsDir);
    const result = await newMigration({ name: "nothing", migrationsDir, schemaPath });
    expect(result).toEqual({ created: false, reason: "no-changes" });
    expect(onDiskMigrations(migrationsDir)).toEqual(before);
  });

  it("writes <UTC timestamp>_<slug>/migration.sql and migration_lock.toml in Prisma's layout", async () => {
    const dir = scratch();
    const migrations = path.join(dir, "migrations");
    const result = await newMigration({
      name: "First Step",
      migrationsDir: migrations,
      schemaPath,
      now: new Date("2026-01-02T03:04:05Z"),
    });
    expect(result).toMatchObject({ created: true, name: "20260102030405_first_step" });
    expect(fs.readFileSync(path.join(migrations, "migration_lock.toml"), "utf8")).toMatch(/^provider = "sqlite"$/m);
    const sql = fs.readFileSync(path.join(migrations, "20260102030405_first_step", "migration.sql"), "utf8");
    for (const model of modelsDeclaredIn(fs.readFileSync(schemaPath, "utf8")).keys()) {
      expect(sql).toContain(`CREATE TABLE "${model}"`);
    }
  });

  it("generates only the change for a schema edit, and the result deploys to the edited schema", async () => {
    const dir = scratch();
    const migrations = path.join(dir, "migrations");
    fs.cpSync(migrationsDir, migrations, { recursive: true });
    const editedSchema = path.join(dir, "schema.prisma");
    fs.writeFileSync(
      editedSchema,
      fs.readFileSync(schemaPath, "utf8") + '\nmodel Extra {\n  id    String @id\n  label String @default("")\n}\n',
    );
    const result = await newMigration({ name: "extra", migrationsDir: migrations, schemaPath: editedSchema });
    expect(result.created).toBe(true);
    if (!result.created) return;
    expect(result.sql).toContain('CREATE TABLE "Extra"');
    expect(result.sql).not.toContain('CREATE TABLE "User"');

    const databaseUrl = `file:${path.join(dir, "edited.db")}`;
    const applied = await deployMigrations({ databaseUrl, migrationsDir: migrations, schemaPath: editedSchema });
    expect(applied).toEqual(onDiskMigrations(migrations));
    expect(await migrationStatus({ databaseUrl, migrationsDir: migrations, schemaPath: editedSchema })).toMatchObject({
      inSync: true,
    });
    // Against the unedited schema the same database has drift: a table schema.prisma does not declare.
    const drifted = await migrationStatus({ databaseUrl, migrationsDir: migrations, schemaPath });
    expect(drifted.inSync).toBe(false);
    expect(drifted.drift).toEqual(expect.stringContaining("Extra"));
  });
});
