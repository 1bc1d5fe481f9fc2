import "server-only";

/** The part of a better-sqlite3 statement the adapter uses. */
export interface Statement {
  readonly reader: boolean;
  readonly readonly: boolean;
  run(...params: unknown[]): unknown;
  columns(): unknown[];
  raw(toggle?: boolean): Statement;
  all(...params: unknown[]): unknown[];
}

/** Distinct SQL texts kept prepared (Prisma's are few: one per query shape and IN-list length). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The adapter prepares every query afresh (`prepare(sql).bind(args)`), and compiling the SQL was about a tenth
 * of a rating's server time in bench:load. This `prepare` keeps the last STATEMENT_CACHE_SIZE statements by
 * text and hands out a view with the same `bind` the adapter calls, passing the arguments at each run instead
 * of binding them to the statement for good (better-sqlite3 allows bind() once per statement). SQLite
 * re-prepares a cached statement by itself when another process changes the schema.
 */
export function cachedPrepare(prepare: (sql: string) => Statement) {
  // a statement's result columns never change, and reading them allocates: kept alongside
  const cache = new Map<string, { statement: Statement; columns?: unknown[] }>();
  return (sql: string) => {
    let entry = cache.get(sql);
    if (entry === undefined) {
      entry = { statement: prepare(sql) };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    } else {
      cache.delete(sql); // most recently used last
    }
    cache.set(sql, entry);
    const cached = entry;
    const prepared = entry.statement;
    return {
      get reader() {
        return prepared.reader;
      },
      get readonly() {
        return prepared.readonly;
      },
      run: (...params: unknown[]) => prepared.run(...params),
      bind: (args: unknown[]) => ({
        reader: prepared.reader,
        run: () => prepared.run(args),
        columns: () => (cached.columns ??= prepared.columns()),
        raw: () => ({ all: () => prepared.raw(true).all(args) }),
      }),
    };
  };
}
