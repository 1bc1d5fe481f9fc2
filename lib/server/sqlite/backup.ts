import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sqliteFilePath } from "../migrations";

export class BackupError extends Error {}

function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

/** A timestamped file name in the data folder's backups/ directory. */
export function defaultBackupPath(databaseUrl: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..+$/, "").replace("T", "-");
  return path.join(path.dirname(sqliteFilePath(databaseUrl)), "backups", `hopdrill-${stamp}.db`);
}

/**
 * An online backup through SQLite's backup API: consistent even while the app is writing (WAL), so the app
 * keeps running. The copy is checked with PRAGMA integrity_check before it is reported as done.
 */
export async function backupDatabase(databaseUrl: string, target: string): Promise<{ file: string; bytes: number }> {
  const source = sqliteFilePath(databaseUrl);
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source} to back up.`);
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; choose another file name.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const integrity = integrityOf(target);
  if (integrity !== "ok") {
    fs.rmSync(target, { force: true });
    throw new BackupError(`The backup failed its integrity check (${integrity}); nothing was kept.`);
  }
  return { file: target, bytes: fs.statSync(target).size };
}

/**
 * Replaces the database with a backup. Stop the app first. The backup is checked before anything changes; the
 * current database is kept beside it as `<name>.before-restore-<time>` so a restore can be undone; the
 * replacement is written to a temporary file and renamed into place, so a crash never leaves half a database.
 */
export async function restoreDatabase(
  databaseUrl: string,
  backupFile: string,
  now: Date,
): Promise<{ restored: string; previous: string | null }> {
  if (!fs.existsSync(backupFile)) throw new BackupError(`There is no backup file at ${backupFile}.`);
  let integrity: string;
  try {
    integrity = integrityOf(backupFile);
  } catch {
    throw new BackupError(`${backupFile} is not a SQLite database.`);
  }
  if (integrity !== "ok") throw new BackupError(`${backupFile} failed its integrity check (${integrity}).`);

  const target = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${now.toISOString().replace(/[-:.]/g, "")}`;
    // checkpoint through the backup API so the saved copy includes what is still in the WAL
    const current = new Database(target, { fileMustExist: true, timeout: 5000 });
    try {
      await current.backup(previous);
    } finally {
      current.close();
    }
  }
  const temporary = `${target}.restoring`;
  fs.rmSync(temporary, { force: true });
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(temporary);
  } finally {
    backup.close();
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temporary, target);
  const db = new Database(target);
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  return { restored: target, previous };
}
