import "server-only";
import { randomUUID } from "node:crypto";
import type { FairGate } from "./transaction-gate";

/**
 * Plain SQL on the app's own two connections, for the requests that run all day long (who is asking, a
 * rating, an autosave, the study queue, the set list's counts). Through Prisma each statement costs about
 * 0.15–0.3 ms of CPU in its query engine (mapping, plan, result conversion) around a 5–20 µs SQLite call, and a
 * rating made six of them plus an interactive transaction: more than the whole Next.js request around it
 * (README, "Capacity"). Here the same statements are prepared once and run synchronously:
 *
 * - reads go to the reader connection, which in WAL mode sees only committed rows and never waits
 *   (sqlite.org/wal.html), exactly where Prisma's plain reads go (transaction-gate.ts);
 * - a write is one synchronous IMMEDIATE transaction on the writer connection, taken in the writer's turn
 *   (the FairGate every Prisma transaction and write takes), so it never runs beside an open Prisma
 *   transaction. Being synchronous, nothing else in this process can run while it is open, so it holds the
 *   lock for microseconds.
 *
 * The SQL is portable: quoted identifiers, `?` parameters, no SQLite-only functions. Values are stored as
 * Prisma stores them (DateTime as ISO-8601 text with "+00:00", Boolean as 0/1): `sqlTime` and `sqlBool`.
 */

/** A parameter value as better-sqlite3 binds it. */
export type SqlValue = string | number | bigint | null;

/** The part of a better-sqlite3 connection used here. */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], T>(work: (...args: A) => T): { immediate(...args: A): T };
  readonly inTransaction: boolean;
}

interface SqliteStatement {
  safeIntegers(toggle: boolean): SqliteStatement;
  run(...params: SqlValue[]): { changes: number };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}

export interface SqlStatements {
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined;
  all<T>(sql: string, params?: readonly SqlValue[]): T[];
}

export interface SqlWriter extends SqlStatements {
  /** Runs a write; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): number;
}

export interface DirectSql extends SqlStatements {
  /**
   * Runs `work` in one IMMEDIATE transaction on the writer connection, in the writer's turn. `work` must be
   * synchronous; when it throws, the transaction is rolled back and the error passed on.
   */
  write<T>(work: (tx: SqlWriter) => T): Promise<T>;
}

/** Distinct SQL texts kept prepared per connection (the direct statements are a few dozen). */
const CACHE_SIZE = 256;

function statementsOf(connection: SqliteConnection): SqlWriter {
  const cache = new Map<string, SqliteStatement>();
  const prepared = (sql: string): SqliteStatement => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      // Prisma's adapter turns on 64-bit integers for its connection; the columns here fit in a double
      statement = connection.prepare(sql).safeIntegers(false);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    get: <T>(sql: string, params: readonly SqlValue[] = []) => prepared(sql).get(...params) as T | undefined,
    all: <T>(sql: string, params: readonly SqlValue[] = []) => prepared(sql).all(...params) as T[],
    run: (sql, params = []) => prepared(sql).run(...params).changes,
  };
}

/**
 * Direct statements over the adapter's connections. Without a reader (an in-memory database has one
 * connection) reads run on the writer, which is safe only outside an open Prisma transaction: they refuse
 * to run inside one rather than read its uncommitted rows.
 */
export function directSql(writer: SqliteConnection, reader: SqliteConnection | null, gate: FairGate): DirectSql {
  const onWriter = statementsOf(writer);
  const onReader = reader === null ? null : statementsOf(reader);
  const transaction = writer.transaction((work: (tx: SqlWriter) => unknown) => work(onWriter));
  const readSide = (): SqlStatements => {
    if (onReader !== null) return onReader;
    if (writer.inTransaction) throw new Error("direct reads need a database file while a transaction is open");
    return onWriter;
  };
  return {
    get: (sql, params) => readSide().get(sql, params),
    all: (sql, params) => readSide().all(sql, params),
    async write(work) {
      await gate.acquire();
      try {
        return transaction.immediate(work) as ReturnType<typeof work>;
      } finally {
        gate.release();
      }
    },
  };
}

/** A DateTime as Prisma stores it in SQLite (its adapter's "iso8601" format), so comparisons and reads match. */
export function sqlTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function fromSqlTime(text: string): Date {
  return new Date(text);
}

export function fromSqlTimeOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}

export function sqlBool(value: boolean): number {
  return value ? 1 : 0;
}

/** Whether an error from a direct statement is a UNIQUE constraint violation (Prisma's P2002). */
export function isUniqueConstraint(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** A new row id for a direct insert (Prisma's cuid() defaults are made by its client, not the database). */
export function newRowId(): string {
  return `c${randomUUID().replaceAll("-", "")}`;
}
