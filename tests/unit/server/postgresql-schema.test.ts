/**
 * prisma/schema.prisma is the one schema that is edited; prisma/postgresql/schema.prisma is generated from it
 * (npm run db:generate) and committed, and prisma/postgresql/migrations must follow it. Checked here without a
 * PostgreSQL server; the `postgresql` project also replays those migrations and diffs them against the schema
 * (migrations-postgresql.test.ts, "no changes").
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  GENERATED_SCHEMA_HEADER,
  listMigrationNames,
  migrationLockToml,
  MigrationError,
  postgresqlSchemaFrom,
  PROVIDER_LAYOUT,
} from "../../../lib/server/migrations";
import { modelsDeclaredIn } from "./schema-models";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (relative: string) => fs.readFileSync(path.join(root, relative), "utf8");

describe("the PostgreSQL schema", () => {
  it("is up to date: the committed file is what npm run db:generate writes from prisma/schema.prisma", () => {
    expect(read(PROVIDER_LAYOUT.postgresql.schema)).toBe(postgresqlSchemaFrom(read(PROVIDER_LAYOUT.sqlite.schema)));
  });

  it("differs from the source only in its header, the provider and the client's folder", () => {
    const source = read(PROVIDER_LAYOUT.sqlite.schema);
    const generated = postgresqlSchemaFrom(source);
    expect(generated.startsWith(GENERATED_SCHEMA_HEADER)).toBe(true);
    const changed = generated
      .slice(GENERATED_SCHEMA_HEADER.length)
      .split("\n")
      .filter((line, i) => line !== source.split("\n")[i]);
    expect(changed).toEqual(['  output   = "../../lib/server/generated/postgresql"', '  provider = "postgresql"']);
    expect(modelsDeclaredIn(generated)).toEqual(modelsDeclaredIn(source));
  });

  it("refuses a source it cannot rewrite, naming what is missing", () => {
    const source = read(PROVIDER_LAYOUT.sqlite.schema);
    expect(() => postgresqlSchemaFrom(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
      MigrationError,
    );
    expect(() => postgresqlSchemaFrom(source.replace("generated/prisma", "generated/other"))).toThrow(
      /generator must write to/,
    );
  });
});

describe("the PostgreSQL migrations folder", () => {
  const folder = path.join(root, PROVIDER_LAYOUT.postgresql.migrations);

  it("is pinned to PostgreSQL like Prisma Migrate pins it", () => {
    expect(read(path.join(PROVIDER_LAYOUT.postgresql.migrations, "migration_lock.toml"))).toBe(
      migrationLockToml("postgresql"),
    );
    expect(read(path.join(PROVIDER_LAYOUT.sqlite.migrations, "migration_lock.toml"))).toBe(migrationLockToml("sqlite"));
  });

  it("creates every table and column the schema declares (a migration added for SQLite only fails here)", () => {
    const sql = listMigrationNames(folder)
      .map((name) => fs.readFileSync(path.join(folder, name, "migration.sql"), "utf8"))
      .join("\n");
    const tables = new Map<string, Set<string>>();
    for (const [, table, body] of sql.matchAll(/CREATE TABLE "(\w+)" \(([\s\S]*?)\n\);/g)) {
      tables.set(table ?? "", new Set([...(body ?? "").matchAll(/^\s+"(\w+)" /gm)].map((m) => m[1] ?? "")));
    }
    // PostgreSQL's migrations add or drop several columns in one statement: `ALTER TABLE "T" ADD COLUMN "a" …,
    // ADD COLUMN "b" …;`
    for (const [, table, body] of sql.matchAll(/ALTER TABLE "(\w+)" ([^;]*);/g)) {
      for (const [, column] of (body ?? "").matchAll(/ADD COLUMN\s+"(\w+)"/g))
        tables.get(table ?? "")?.add(column ?? "");
      for (const [, column] of (body ?? "").matchAll(/DROP COLUMN\s+"(\w+)"/g))
        tables.get(table ?? "")?.delete(column ?? "");
    }
    for (const [, table] of sql.matchAll(/DROP TABLE "(\w+)"/g)) tables.delete(table ?? "");
    const declared = modelsDeclaredIn(read(PROVIDER_LAYOUT.sqlite.schema));
    expect([...tables.keys()].sort()).toEqual([...declared.keys()].sort());
    for (const [model, columns] of declared) expect([...(tables.get(model) ?? [])].sort(), model).toEqual(columns);
  });
});
