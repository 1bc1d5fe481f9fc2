/**
 * Offline Prisma Migrate (`npm run db:deploy | db:status | db:new`) through Prisma's schema engine compiled
 * to WebAssembly, on SQLite (better-sqlite3 driver adapter) or PostgreSQL (pg driver adapter).
 * lib/server/README.md says why.
 */
import "server-only";

export {
  listMigrationNames,
  MIGRATIONS_TABLE,
  openSchemaEngine,
  readMigrationList,
  sqliteFilePath,
  type SchemaEngineHandle,
} from "./engine";
export { MigrationError } from "./errors";
export {
  GENERATED_SCHEMA_HEADER,
  migrationLockToml,
  migrationPathsFor,
  postgresqlSchemaFrom,
  PROVIDER_LAYOUT,
  type MigrationPaths,
} from "./providers";
export { deployMigrations } from "./deploy";
export { migrationRows, migrationStatus, type MigrationRow, type MigrationStatus } from "./status";
export {
  migrationSlug,
  migrationTimestamp,
  newMigration,
  type NewMigrationOptions,
  type NewMigrationResult,
} from "./create";
