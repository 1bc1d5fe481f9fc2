/**
 * Raw SQL for the few statements on the hot paths: reads that one statement answers and Prisma's query API
 * cannot (a grouped count over a LEFT JOIN, three ordered lists in one UNION ALL), a rating's two writes and
 * an autosave's conditional update.
 * The SQL is standard, so it runs on SQLite and on PostgreSQL alike: quoted identifiers, parameters through
 * `Prisma.sql` (written here as `?` or `$1` for the provider), CASE/SUM/COUNT, derived tables, no provider's
 * own functions.
 *
 * They run on the driver connection under Prisma's client (db.ts driverConnection), not through the client:
 * its raw queries cost about 9 times what the statement does (`npm run bench:prisma`). The rows are read
 * as the client's `$queryRaw` reads them, by the column types the adapter reports (rowValue below), and
 * tests/unit/server/sql-rows.test.ts checks that both answer the same on each provider. The providers answer
 * some values differently, and these helpers are the one place that evens it out: integers can come back as
 * 64-bit (SQLite's computed columns, PostgreSQL's COUNT) and are made numbers; DateTime columns come back as
 * Date, but an aggregate over one (MIN) as text on SQLite.
 */
import "server-only";
import { ColumnTypeEnum, type ArgType, type ColumnType, type SqlQuery } from "@prisma/driver-adapter-utils";
import { driverConnection } from "./db";
import { provider } from "./env";
import { Prisma } from "./generated/prisma/client";

/** Parameter types by `typeof`, as Prisma's client names them (numbers and dates are told apart below). */
const SCALAR_TYPES: Readonly<Partial<Record<string, ArgType["scalarType"]>>> = {
  boolean: "boolean",
  bigint: "bigint",
  string: "string",
};

function argTypeOf(value: unknown): ArgType {
  let scalarType = SCALAR_TYPES[typeof value] ?? "unknown";
  if (value instanceof Date) scalarType = "datetime";
  else if (typeof value === "number") scalarType = Number.isInteger(value) ? "int" : "float";
  return { scalarType, arity: "scalar" };
}

/** `query` as the driver takes it: the provider's placeholders, the values and their types. */
function driverQuery(query: Prisma.Sql): SqlQuery {
  const values = query.values;
  return { sql: provider() === "postgresql" ? query.text : query.sql, args: values, argTypes: values.map(argTypeOf) };
}

/**
 * A value of a raw row as Prisma's `$queryRaw` answers it, with 64-bit integers made numbers: by the
 * column's type as the adapter reports it. A type no query here selects is refused by name.
 */
function rowValue(value: unknown, type: ColumnType | undefined, column: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Int64:
      return Math.trunc(Number(value));
    case ColumnTypeEnum.Boolean:
      // SQLite's adapter answers 1/0, PostgreSQL's true/false; Prisma reads "true"/"1" text as true too
      return value === true || value === 1 || value === "true" || value === "1";
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return new Date(value as string | number);
    case ColumnTypeEnum.Numeric:
      return new Prisma.Decimal(value as string | number);
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
    case ColumnTypeEnum.Text:
    case ColumnTypeEnum.Character:
    case ColumnTypeEnum.Enum:
    case ColumnTypeEnum.Uuid:
    case ColumnTypeEnum.UnknownNumber:
      return value;
    default:
      throw new Error(`rawRows: column "${column}" has a type the hot paths do not read (${String(type)})`);
  }
}

/** Runs a read and answers its rows, every integer a number (the counts here are far below 2^53). */
export async function rawRows<T extends object>(query: Prisma.Sql): Promise<T[]> {
  const result = await (await driverConnection()).queryRaw(driverQuery(query));
  const { columnNames, columnTypes } = result;
  return result.rows.map((cells) => {
    const row: Record<string, unknown> = {};
    columnNames.forEach((name, i) => {
      row[name] = rowValue(cells[i], columnTypes[i], name);
    });
    return row as T;
  });
}

/** Runs one write outside a transaction and answers the rows it changed. */
export async function rawExecute(statement: Prisma.Sql): Promise<number> {
  return (await driverConnection()).executeRaw(driverQuery(statement));
}

const COMMIT: SqlQuery = { sql: "COMMIT", args: [], argTypes: [] };
const ROLLBACK: SqlQuery = { sql: "ROLLBACK", args: [], argTypes: [] };

/**
 * Runs writes in one transaction, all or nothing, and answers the rows each changed. A failing statement
 * rolls the transaction back and its error is thrown as the driver gave it (db.ts driverErrorKind reads it).
 * As Prisma does with the adapter: the caller ends the transaction with COMMIT or ROLLBACK, then tells the
 * adapter, which frees the connection (and on SQLite the writer's turn).
 */
export async function rawTransaction(statements: readonly Prisma.Sql[]): Promise<number[]> {
  const transaction = await (await driverConnection()).startTransaction();
  const changed: number[] = [];
  try {
    for (const statement of statements) changed.push(await transaction.executeRaw(driverQuery(statement)));
    await transaction.executeRaw(COMMIT);
  } catch (error) {
    // the statement's error is the one to report; a ROLLBACK that fails too (a lost connection) adds nothing
    await transaction.executeRaw(ROLLBACK).catch(() => 0);
    await transaction.rollback();
    throw error;
  }
  await transaction.commit();
  return changed;
}

/** A number from a row (PostgreSQL's SUM answers a Decimal, SQLite's a number). */
export function rowNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** A DateTime read through a raw query: a Date, or ISO-8601 text where SQLite does not know the column's type. */
export type RowDate = Date | string;

export function rowDate(value: RowDate): Date {
  return value instanceof Date ? value : new Date(value);
}

export function rowDateOrNull(value: RowDate | null): Date | null {
  return value === null ? null : rowDate(value);
}
