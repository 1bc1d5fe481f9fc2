/**
 * Offline Prisma Migrate (`npm run db:deploy | db:status | db:new`) through Prisma's schema engine compiled
 * to WebAssembly, on SQLite through the better-sqlite3 driver adapter. lib/server/README.md says why.
 */
import "server-only";

export {
  listMigrationNames,
  MIGRATION_LOCK_TOML,
  MIGRATIONS_TABLE,
  MigrationError,
  openSchemaEngine,
  readMigrationList,
  sqliteFilePath,
  type SchemaEngineHandle,
} from "./engine";
export { deployMigrations, type MigrationPaths } from "./deploy";
export { migrationStatus, type MigrationStatus } from "./status";
export {
  migrationSlug,
  migrationTimestamp,
  newMigration,
  type NewMigrationOptions,
  type NewMigrationResult,
} from "./create";
