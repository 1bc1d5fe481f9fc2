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
 * statement `BEGIN` (savepoints and everything else pass through untouched).
 */
export class ImmediateTransactionsSqlite3 extends PrismaBetterSqlite3 {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client?: { prepare?: (sql: string) => unknown } }).client;
    if (client && typeof client.prepare === "function") {
      const prepare = client.prepare.bind(client);
      client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    }
    return adapter;
  }
}
