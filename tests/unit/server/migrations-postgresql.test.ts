// Offline migrations on PostgreSQL (the `postgresql` vitest project: a server named by TEST_POSTGRES_URL),
// through Prisma's wasm schema engine and @prisma/adapter-pg. Expectations come from the schema itself and
// from Prisma Migrate's documented `_prisma_migrations` contract (SHA-256 hex checksum of migration.sql, UUID
// ids, failed migrations block deploys with P3009), never from the code under test.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  MigrationError,
  deployMigrations,
  migrationStatus,
  newMigration,
  openSchemaEngine,
} from "../../../lib/server/migrations";
import { databaseExists, databaseNameOf, withConnection, withDatabase } from "../../../lib/server/postgresql";
import { emptyDatabase, queryRows, type TestDatabase } from "./test-database";
import { modelsDeclaredIn } from "./schema-models";

const root = path.resolve(import.meta.dirname, "../../..");
const schemaPath = path.join(root, "prisma", "postgresql", "schema.prisma");
const migrationsDir = path.join(root, "prisma", "postgresql", "migrations");
const NO_FILTER = { externalTables: [], externalEnums: [] };

function onDiskMigrations(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function writeMigration(dir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function userTables(database: TestDatabase): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    database,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
  );
  return rows.map((row) => row.table_name).sort();
}

/** Databases on the server whose name starts with the test database's (the scratch ones made beside it). */
async function databasesBeside(database: TestDatabase): Promise<string[]> {
  const name = databaseNameOf(database.url);
  return withConnection(withDatabase(database.url, "postgres"), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $1",
      [name],
    );
    return rows.map((row) => row.datname);
  });
}

describe("deployMigrations on PostgreSQL", () => {
  it("creates the database, exactly the tables and columns the schema declares, and no drift", async () => {
    const database = await emptyDatabase();
    await withConnection(withDatabase(database.url, "postgres"), (client) =>
      client.query(`DROP DATABASE "${databaseNameOf(database.url)}"`),
    );
    expect(await databaseExists(database.url)).toBe(false);

    const applied = await deployMigrations({ databaseUrl: database.url, migrationsDir, schemaPath });
    expect(applied).toEqual(onDiskMigrations(migrationsDir));
    expect(applied.length).toBeGreaterThan(0);

    const declared = modelsDeclaredIn(fs.readFileSync(schemaPath, "utf8"));
    expect(await userTables(database)).toEqual([...declared.keys()].sort());
    for (const [model, columns] of declared) {
      const actual = await queryRows<{ column_name: string }>(
        database,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?",
        [model],
      );
      expect(actual.map((row) => row.column_name).sort(), `columns of ${model}`).toEqual(columns);
    }

    // Prisma's own differ, describing the live database (catalog columns of type "char" included)
    const handle = await openSchemaEngine(database.url, schemaPath);
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

    const status = await migrationStatus({ databaseUrl: database.url, migrationsDir, schemaPath });
    expect(status).toMatchObject({ databaseExists: true, applied, pending: [], failed: [], inSync: true });
    expect(status.drift).toBeUndefined();
    expect(await deployMigrations({ databaseUrl: database.url, migrationsDir, schemaPath })).toEqual([]);
  });

  it("records each migration like Prisma Migrate: SHA-256 hex of migration.sql, UUID id, finished", async () => {
    const database = await emptyDatabase();
    await deployMigrations({ databaseUrl: database.url, migrationsDir, schemaPath });
    const rows = await queryRows<Record<string, unknown>>(
      database,
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(onDiskMigrations(migrationsDir));
    for (const row of rows) {
      const script = fs.readFileSync(path.join(migrationsDir, String(row.migration_name), "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(script).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });
});

describe("migrationStatus on PostgreSQL", () => {
  it("reports every migration pending for a database that does not exist, without creating it", async () => {
    const database = await emptyDatabase();
    const missing = withDatabase(database.url, `${databaseNameOf(database.url)}_never_created`);
    const status = await migrationStatus({ databaseUrl: missing, migrationsDir, schemaPath });
    expect(status).toMatchObject({
      databaseExists: false,
      hasMigrationsTable: false,
      pending: onDiskMigrations(migrationsDir),
      inSync: false,
    });
    expect(await databaseExists(missing)).toBe(false);
  });

  it("reports a change made to the database by hand as drift", async () => {
    const database = await emptyDatabase();
    await deployMigrations({ databaseUrl: database.url, migrationsDir, schemaPath });
    await withConnection(database.url, (client) => client.query('ALTER TABLE "User" ADD COLUMN "nickname" TEXT'));
    const status = await migrationStatus({ databaseUrl: database.url, migrationsDir, schemaPath });
    expect(status).toMatchObject({ pending: [], failed: [], inSync: false });
    expect(status.drift).toEqual(expect.stringContaining("User"));
  });
});

describe("a failed migration on PostgreSQL", () => {
  it("is recorded as failed, keeps nothing of its own script (one transaction), and blocks further deploys", async () => {
    const database = await emptyDatabase();
    const migrations = path.join(database.dir, "migrations");
    // a semicolon inside a string: the script must reach the server whole, not split at every ";"
    writeMigration(
      migrations,
      "20200101000000_first",
      'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY, "note" TEXT NOT NULL DEFAULT \'a;b\');\n',
    );
    writeMigration(
      migrations,
      "20200102000000_broken",
      'CREATE TABLE "Partial" ("id" INTEGER PRIMARY KEY);\nCREATE TABLE this is not sql;\n',
    );
    writeMigration(migrations, "20200103000000_later", 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);\n');
    const paths = { databaseUrl: database.url, migrationsDir: migrations, schemaPath };

    const first = deployMigrations(paths);
    await expect(first).rejects.toBeInstanceOf(MigrationError);
    await expect(first).rejects.toMatchObject({
      code: "P3018",
      message: expect.stringContaining("20200102000000_broken"),
    });

    const rows = await queryRows<{ migration_name: string; finished_at: unknown; logs: unknown }>(
      database,
      'SELECT migration_name, finished_at, logs FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(["20200101000000_first", "20200102000000_broken"]);
    expect(rows[1]?.finished_at).toBeNull();
    expect(rows[1]?.logs).toEqual(expect.any(String));
    expect(await userTables(database)).toEqual(["First"]);
    const [note] = await queryRows<{ column_default: string }>(
      database,
      "SELECT column_default FROM information_schema.columns WHERE table_name = 'First' AND column_name = 'note'",
    );
    expect(note?.column_default).toBe("'a;b'::text");

    const status = await migrationStatus(paths);
    expect(status).toMatchObject({
      applied: ["20200101000000_first"],
      failed: ["20200102000000_broken"],
      pending: ["20200103000000_later"],
      inSync: false,
    });
    await expect(deployMigrations(paths)).rejects.toMatchObject({
      code: "P3009",
      message: expect.stringContaining("20200102000000_broken"),
    });
    expect(await userTables(database)).not.toContain("Later");
  });
});

describe("newMigration on PostgreSQL", () => {
  it("says 'no changes' for the committed migrations: they are up to date with the schema", async () => {
    const database = await emptyDatabase();
    const before = onDiskMigrations(migrationsDir);
    const result = await newMigration({ name: "nothing", migrationsDir, schemaPath, databaseUrl: database.url });
    expect(result).toEqual({ created: false, reason: "no-changes" });
    expect(onDiskMigrations(migrationsDir)).toEqual(before);
    expect(await databasesBeside(database)).toEqual([]); // its scratch database is gone
  });

  it("generates only the change for a schema edit; the result deploys with no drift", async () => {
    const database = await emptyDatabase();
    const migrations = path.join(database.dir, "migrations");
    fs.cpSync(migrationsDir, migrations, { recursive: true });
    const editedSchema = path.join(database.dir, "schema.prisma");
    fs.writeFileSync(
      editedSchema,
      fs.readFileSync(schemaPath, "utf8") + '\nmodel Extra {\n  id    String @id\n  label String @default("")\n}\n',
    );
    const result = await newMigration({
      name: "extra",
      migrationsDir: migrations,
      schemaPath: editedSchema,
      databaseUrl: database.url,
      now: new Date("2099-01-02T03:04:05Z"),
    });
    expect(result).toMatchObject({ created: true, name: "20990102030405_extra" });
    if (!result.created) return;
    expect(result.sql).toContain('CREATE TABLE "Extra"');
    expect(result.sql).not.toContain('CREATE TABLE "User"');

    const paths = { databaseUrl: database.url, migrationsDir: migrations, schemaPath: editedSchema };
    expect(await deployMigrations(paths)).toEqual(onDiskMigrations(migrations));
    expect(await migrationStatus(paths)).toMatchObject({ inSync: true });
    const drifted = await migrationStatus({ ...paths, schemaPath });
    expect(drifted.inSync).toBe(false);
    expect(drifted.drift).toEqual(expect.stringContaining("Extra"));
    expect(await databasesBeside(database)).toEqual([]);
  });
});
