import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { checkpointInBackground, type CheckpointedConnection } from "./checkpoints";
import { cachedPrepare, type Statement } from "./statement-cache";
import { FairGate } from "../fair-gate";
import { gateTransactions } from "./transaction-gate";

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
 * statement `BEGIN` (immediateBegin below; savepoints and everything else pass through untouched). Two more
 * mechanisms sit on the same connection, each in its own module: the statement cache (statement-cache.ts)
 * and the transaction gate (transaction-gate.ts: nothing runs beside an open transaction, reads go to a
 * second connection). tests/unit/server/sqlite-adapter.test.ts proves all three. The writer's WAL checkpoints
 * run on a worker thread (checkpoints.ts), not inside its commits.
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
    const client = (writer as unknown as { client?: CheckpointedConnection }).client;
    // the checkpoint worker's log reset takes the writer's turn like a transaction (checkpoints.ts says why)
    const writeTurn = new FairGate();
    const checkpoints =
      inMemory || client === undefined
        ? null
        : checkpointInBackground(client, { busyTimeoutMs: this.#config.timeout ?? 5000, writeTurn });
    const gated = gateTransactions(writer, reader, writeTurn);
    const dispose = gated.dispose.bind(gated);
    gated.dispose = async () => {
      await checkpoints?.stop();
      await dispose();
    };
    return gated;
  }
}

/** `BEGIN` becomes `BEGIN IMMEDIATE`; every other statement is prepared as written. */
export function immediateBegin(prepare: (sql: string) => Statement): (sql: string) => Statement {
  return (sql) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
}

/** The adapter's better-sqlite3 connection begins transactions IMMEDIATE and keeps its statements. */
function withCachedStatements(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client?: { prepare?: (sql: string) => unknown } }).client;
  if (client && typeof client.prepare === "function") {
    client.prepare = cachedPrepare(immediateBegin(client.prepare.bind(client) as (sql: string) => Statement));
  }
  return adapter;
}
