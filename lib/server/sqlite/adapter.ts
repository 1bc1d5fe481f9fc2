import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { directSql, type DirectSql, type SqliteConnection } from "./direct";
import { cachedPrepare, type Statement } from "./statement-cache";
import { FairGate, gateTransactions } from "./transaction-gate";

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
 * statement `BEGIN` (immediateBegin below; savepoints and everything else pass through untouched). More
 * mechanisms sit on the same connections, each in its own module: the statement cache (statement-cache.ts),
 * the transaction gate (transaction-gate.ts: nothing runs beside an open transaction, reads go to a second
 * connection) and the direct statements of the hot paths (direct.ts), which take the same gate.
 * tests/unit/server/sqlite-adapter.test.ts proves them.
 */
export class ImmediateTransactionsSqlite3 extends PrismaBetterSqlite3 {
  readonly #config: ConstructorParameters<typeof PrismaBetterSqlite3>[0];
  readonly #options: ConstructorParameters<typeof PrismaBetterSqlite3>[1];
  readonly #onConnect: (direct: DirectSql) => void;

  /** `onConnect` receives the direct statements over the connections Prisma opened (db.ts keeps them). */
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSqlite3>[0],
    options: ConstructorParameters<typeof PrismaBetterSqlite3>[1],
    onConnect: (direct: DirectSql) => void = () => undefined,
  ) {
    super(config, options);
    this.#config = config;
    this.#options = options;
    this.#onConnect = onConnect;
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const writer = await super.connect();
    const writerConnection = withCachedStatements(writer);
    // an in-memory database exists once per connection: a second one would be a different, empty database
    const url = this.#config.url;
    const inMemory = url === ":memory:" || url === "file::memory:" || url.includes("mode=memory");
    const reader = inMemory ? null : await new PrismaBetterSqlite3(this.#config, this.#options).connect();
    const readerConnection = reader === null ? null : withCachedStatements(reader);
    const gate = new FairGate();
    if (writerConnection !== null) this.#onConnect(directSql(writerConnection, readerConnection, gate));
    return gateTransactions(writer, reader, gate);
  }
}

/** `BEGIN` becomes `BEGIN IMMEDIATE`; every other statement is prepared as written. */
export function immediateBegin(prepare: (sql: string) => Statement): (sql: string) => Statement {
  return (sql) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
}

/**
 * The adapter's better-sqlite3 connection begins transactions IMMEDIATE and keeps its statements. Returns the
 * connection itself with its own `prepare` (for the direct statements), or null when the adapter has none.
 */
function withCachedStatements(adapter: SqlDriverAdapter): SqliteConnection | null {
  const client = (adapter as unknown as { client?: SqliteConnection & { prepare?: unknown } }).client;
  if (!client || typeof client.prepare !== "function") return null;
  const prepare = client.prepare.bind(client);
  const connection: SqliteConnection = {
    prepare,
    transaction: (work) => client.transaction(work),
    get inTransaction() {
      return client.inTransaction;
    },
  };
  (client as { prepare: unknown }).prepare = cachedPrepare(
    immediateBegin(prepare as unknown as (sql: string) => Statement),
  );
  return connection;
}
