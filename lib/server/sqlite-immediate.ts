import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

/**
 * Prisma's better-sqlite3 adapter opens interactive transactions with a plain (DEFERRED) `BEGIN`: the
 * transaction reads first and asks for the write lock only at its first write. When another connection (a
 * second process: a CLI import, db:seed, a second server) wrote meanwhile, SQLite cannot upgrade the stale
 * read snapshot and answers SQLITE_BUSY at once, whatever the busy timeout (sqlite.org/lang_transaction.html,
 * "BEGIN IMMEDIATE"; isolation.html on WAL snapshots). Prisma reports that as P1008 "Operation has timed out",
 * and a rating or an import fails. `BEGIN IMMEDIATE` takes the write lock up front, where the busy timeout
 * does wait for the other writer. tests/unit/server/concurrency.test.ts fails without this.
 *
 * The adapter has no option for it, so its connection's `prepare` is wrapped to rewrite exactly the
 * statement `BEGIN` (savepoints and everything else pass through untouched). The same wrapper keeps prepared
 * statements (cachedPrepare below).
 *
 * The adapter also runs every query on one connection, and queues only transactions behind each other: a
 * query from outside a transaction that arrives while one is open (another request's autosave during a
 * rating) ran inside it, saw its uncommitted rows and, when it rolled back, vanished with it although it had
 * been acknowledged. gateTransactions makes such queries wait until the open transaction ends.
 * tests/unit/server/sqlite-adapter.test.ts proves it.
 */
export class ImmediateTransactionsSqlite3 extends PrismaBetterSqlite3 {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client?: { prepare?: (sql: string) => unknown } }).client;
    if (client && typeof client.prepare === "function") {
      client.prepare = cachedPrepare(client.prepare.bind(client) as (sql: string) => Statement);
    }
    return gateTransactions(adapter);
  }
}

/**
 * One connection, one transaction at a time, and nothing else while it is open: transactions start only
 * when the gate is free and close it until they commit or roll back; queries from outside a transaction wait
 * for it to reopen. (The adapter's queries run synchronously once called, so nothing slips in between the
 * check and the statement.) The transaction's own queries go through the transaction object, not the gate.
 */
export function gateTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  // The wait is written out in each wrapper: between seeing the gate free and running the statement there must
  // be no await (a helper's returned promise would cost a tick in which a transaction could begin).
  let open: Promise<void> | null = null;
  const startTransaction = adapter.startTransaction.bind(adapter);
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    while (open !== null) await open;
    let release: () => void = () => undefined;
    open = new Promise<void>((resolve) => {
      release = () => {
        open = null;
        resolve();
      };
    });
    try {
      const transaction = await startTransaction(isolationLevel);
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      transaction.commit = async () => {
        try {
          await commit();
        } finally {
          release();
        }
      };
      transaction.rollback = async () => {
        try {
          await rollback();
        } finally {
          release();
        }
      };
      return transaction;
    } catch (error) {
      release();
      throw error;
    }
  };
  adapter.queryRaw = async (query) => {
    while (open !== null) await open;
    return queryRaw(query);
  };
  adapter.executeRaw = async (query) => {
    while (open !== null) await open;
    return executeRaw(query);
  };
  adapter.executeScript = async (script) => {
    while (open !== null) await open;
    return executeScript(script);
  };
  return adapter;
}

/** The part of a better-sqlite3 statement the adapter uses. */
interface Statement {
  readonly reader: boolean;
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
    const text = sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql;
    let entry = cache.get(text);
    if (entry === undefined) {
      entry = { statement: prepare(text) };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    } else {
      cache.delete(text); // most recently used last
    }
    cache.set(text, entry);
    const cached = entry;
    const prepared = entry.statement;
    return {
      get reader() {
        return prepared.reader;
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
