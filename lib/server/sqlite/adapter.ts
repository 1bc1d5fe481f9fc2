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
 * been acknowledged. So (gateTransactions) writes from outside a transaction wait their turn after the open
 * one, and reads from outside a transaction run on a second connection to the same file, which in WAL mode sees
 * only committed rows and never waits for the writer. tests/unit/server/sqlite-adapter.test.ts proves both.
 */
export class ImmediateTransactionsSqlite3 extends PrismaBetterSqlite3 {
  readonly #config: ConstructorParameters<typeof PrismaBetterSqlite3>[0];
  readonly #options: ConstructorParameters<typeof PrismaBetterSqlite3>[1];

  constructor(...args: ConstructorParameters<typeof PrismaBetterSqlite3>) {
    super(...args);
    [this.#config, this.#options] = args;
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const writer = withCachedStatements(await super.connect());
    // an in-memory database exists once per connection: a second one would be a different, empty database
    const url = this.#config.url;
    const inMemory = url === ":memory:" || url === "file::memory:" || url.includes("mode=memory");
    const reader = inMemory
      ? null
      : withCachedStatements(await new PrismaBetterSqlite3(this.#config, this.#options).connect());
    return gateTransactions(writer, reader);
  }
}

/** The adapter's better-sqlite3 connection gets the statement cache (cachedPrepare below). */
function withCachedStatements(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client?: { prepare?: (sql: string) => unknown } }).client;
  if (client && typeof client.prepare === "function") {
    client.prepare = cachedPrepare(client.prepare.bind(client) as (sql: string) => Statement);
  }
  return adapter;
}

/** Whether `sql` only reads (SQLite's own verdict on the prepared statement), on the reader's connection. */
function readsOnly(adapter: SqlDriverAdapter, sql: string): boolean {
  const client = (adapter as unknown as { client?: { prepare?: (sql: string) => { readonly?: boolean } } }).client;
  try {
    return client?.prepare?.(sql).readonly === true;
  } catch {
    return false; // not valid SQL here: let the writer run it and report the error
  }
}

/**
 * A first-come, first-served lock. `release` hands it straight to the longest waiter, so a request that
 * arrives later can never slip in ahead (with a plain "wait until free" loop, an unlucky rating was overtaken
 * again and again under load and waited for seconds).
 */
export class FairGate {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#held = false;
  }
}

/**
 * One writer connection, one transaction at a time, and no other write while it is open: transactions and
 * writes from outside a transaction take turns through a FairGate, transactions holding it until they commit
 * or roll back. (The adapter runs a statement synchronously when called, so a write holds the gate only for
 * that call.) Reads from outside a transaction go to `reader` when there is one; without one they take turns
 * too. The transaction's own queries go through the transaction object, not the gate.
 */
export function gateTransactions(adapter: SqlDriverAdapter, reader: SqlDriverAdapter | null = null): SqlDriverAdapter {
  const gate = new FairGate();
  const startTransaction = adapter.startTransaction.bind(adapter);
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const dispose = adapter.dispose.bind(adapter);
  /** Runs `call` (which executes its statement before returning its promise) in the writer's turn. */
  const inTurn = async <T>(call: () => Promise<T>): Promise<T> => {
    await gate.acquire();
    let pending: Promise<T>;
    try {
      pending = call();
    } finally {
      gate.release();
    }
    return pending;
  };
  adapter.startTransaction = async (isolationLevel) => {
    await gate.acquire();
    try {
      const transaction = await startTransaction(isolationLevel);
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      let released = false;
      const release = () => {
        if (!released) gate.release();
        released = true;
      };
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
      gate.release();
      throw error;
    }
  };
  adapter.queryRaw = (query) => {
    if (reader !== null && readsOnly(reader, query.sql)) return reader.queryRaw(query);
    return inTurn(() => queryRaw(query));
  };
  adapter.executeRaw = (query) => inTurn(() => executeRaw(query));
  adapter.executeScript = (script) => inTurn(() => executeScript(script));
  adapter.dispose = async () => {
    await reader?.dispose();
    await dispose();
  };
  return adapter;
}

/** The part of a better-sqlite3 statement the adapter uses. */
interface Statement {
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
