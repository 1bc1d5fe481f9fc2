import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { FairGate } from "../fair-gate";

/**
 * Prisma's better-sqlite3 adapter runs every query on one connection and queues only transactions behind each
 * other: a query from outside a transaction that arrives while one is open (another request's autosave during
 * a rating) ran inside it, saw its uncommitted rows and, when it rolled back, vanished with it although it had
 * been acknowledged. So writes from outside a transaction wait their turn after the open one, and reads from
 * outside a transaction run on a second connection to the same file, which in WAL mode sees only committed rows
 * and never waits for the writer (sqlite.org/wal.html, "Concurrency").
 */

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
 * One writer connection, one transaction at a time, and no other write while it is open: transactions and
 * writes from outside a transaction take turns through a FairGate (a lock here: capacity 1), transactions holding it until they commit
 * or roll back. (The adapter runs a statement synchronously when called, so a write holds the gate only for
 * that call.) Reads from outside a transaction go to `reader` when there is one; without one they take turns
 * too. The transaction's own queries go through the transaction object, not the gate. `gate` is passed in when
 * something else must take the writer's turn too (the WAL checkpoint worker's log reset, checkpoints.ts).
 */
export function gateTransactions(
  adapter: SqlDriverAdapter,
  reader: SqlDriverAdapter | null = null,
  gate: FairGate = new FairGate(),
): SqlDriverAdapter {
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
