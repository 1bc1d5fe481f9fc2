/**
 * SQLite under Prisma: the driver adapter the one client uses (IMMEDIATE transactions, a statement cache, a
 * gate so nothing runs beside an open transaction) and the online backup commands.
 */
import "server-only";

export { ImmediateTransactionsSqlite3, immediateBegin } from "./adapter";
export { FairGate } from "../fair-gate";
export { gateTransactions } from "./transaction-gate";
export { cachedPrepare, STATEMENT_CACHE_SIZE, type Statement } from "./statement-cache";
export { BackupError, backupDatabase, defaultBackupPath, restoreDatabase } from "./backup";
