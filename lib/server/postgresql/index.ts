/**
 * PostgreSQL beside Prisma's pg driver adapter: what the schema engine needs to run on it offline
 * (migration-adapter.ts), creating and dropping databases, the release step's advisory lock, and the backup
 * commands. The app's queries go through the one Prisma client (lib/server/db.ts) like on SQLite.
 */
import "server-only";

export { postgresMigrationAdapter } from "./migration-adapter";
export {
  createDatabaseIfMissing,
  createScratchDatabase,
  databaseExists,
  databaseNameOf,
  quoteIdentifier,
  redactedUrl,
  withConnection,
  withDatabase,
} from "./server";
export { RELEASE_LOCK_KEY, withAdvisoryLock } from "./advisory-lock";
export { postgresBackupCommand, postgresRestoreCommand } from "./backup";
