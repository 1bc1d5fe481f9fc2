/**
 * Rows of Prisma's `$queryRaw`, for the few reads on the hot paths that one statement answers and Prisma's
 * query API cannot (a grouped count over a LEFT JOIN, three ordered lists in one UNION ALL). The SQL is
 * standard, so it runs on SQLite and on PostgreSQL alike: quoted identifiers, parameters through
 * `Prisma.sql` (Prisma writes `?` or `$1`), CASE/SUM/COUNT, derived tables, no provider's own functions.
 *
 * The providers answer some values differently, and these helpers are the one place that evens it out:
 * integers can come back as BigInt (SQLite's computed columns, PostgreSQL's COUNT) and are made numbers;
 * DateTime columns come back as Date, but an aggregate over one (MIN) as text on SQLite.
 */
import "server-only";
import { prisma } from "./db";
import type { Prisma } from "./generated/prisma/client";

/** Runs a read and answers its rows with every BigInt made a number (the counts here are far below 2^53). */
export async function rawRows<T extends object>(query: Prisma.Sql): Promise<T[]> {
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>(query);
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) if (typeof value === "bigint") row[key] = Number(value);
  }
  return rows as unknown as T[];
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
