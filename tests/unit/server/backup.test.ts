import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { BackupError, backupDatabase, defaultBackupPath, restoreDatabase } from "../../../lib/server/sqlite";

let dir = "";
let url = "";
const dbFile = () => path.join(dir, "hopdrill.db");

function userEmails(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT email FROM "User" ORDER BY email').all() as { email: string }[]).map((r) => r.email);
  } finally {
    db.close();
  }
}

function addUser(email: string): void {
  const db = new Database(dbFile());
  try {
    db.prepare('INSERT INTO "User" (id, email, passwordHash, updatedAt) VALUES (?, ?, ?, CURRENT_TIMESTAMP)').run(
      email,
      email,
      "x",
    );
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ dir, url } = await useFreshDatabase());
});

describe("backup and restore", () => {
  it("backs up online, including what is still in the WAL, and restores it", async () => {
    addUser("before@example.test");
    const backupFile = path.join(dir, "backups", "one.db");
    const result = await backupDatabase(url, backupFile);
    expect(result.bytes).toBeGreaterThan(0);
    expect(userEmails(backupFile)).toEqual(["before@example.test"]);

    addUser("after@example.test");
    const restored = await restoreDatabase(url, backupFile, new Date("2026-01-02T03:04:05Z"));
    expect(userEmails(dbFile())).toEqual(["before@example.test"]);
    // the replaced database is kept, so a restore can be undone
    expect(restored.previous).not.toBeNull();
    expect(userEmails(restored.previous!)).toEqual(["after@example.test", "before@example.test"]);
  });

  it("refuses to overwrite an existing backup", async () => {
    const file = path.join(dir, "backups", "two.db");
    await backupDatabase(url, file);
    await expect(backupDatabase(url, file)).rejects.toThrow(BackupError);
  });

  it("refuses a file that is not a SQLite database and leaves the current one untouched", async () => {
    const bad = path.join(dir, "not-a-db.db");
    fs.writeFileSync(bad, "definitely not sqlite");
    const before = userEmails(dbFile());
    await expect(restoreDatabase(url, bad, new Date())).rejects.toThrow(/not a SQLite database/);
    expect(userEmails(dbFile())).toEqual(before);
  });

  it("names backups by time inside the data folder", () => {
    expect(defaultBackupPath("file:/srv/data/hopdrill.db", new Date("2026-11-26T13:05:09.123Z"))).toBe(
      "/srv/data/backups/hopdrill-20261126-130509.db",
    );
  });
});
