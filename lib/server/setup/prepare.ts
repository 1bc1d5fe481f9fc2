import "server-only";
import { ensureFirstAdmin, type CreatedAdmin } from "../auth/accounts";
import { prisma } from "../db";
import { env, provider } from "../env";
import {
  deployMigrations,
  listMigrationNames,
  migrationPathsFor,
  migrationRows,
  type MigrationPaths,
} from "../migrations";
import { createDatabaseIfMissing, RELEASE_LOCK_KEY, withAdvisoryLock } from "../postgresql";
import { runSeed } from "../authoring/seed";
import type { UpsertSummary } from "../authoring/store";

export interface Prepared {
  readonly applied: readonly string[];
  readonly seed: UpsertSummary;
  readonly firstAdmin: CreatedAdmin | null;
}

const root = process.cwd();

/** The schema and migrations folder of DATABASE_URL's provider. */
export function migrationPaths(): MigrationPaths {
  return migrationPathsFor(env().DATABASE_URL, root);
}

/** AppMeta key of the last release: when it ran and the last migration it applied. */
export const RELEASE_KEY = "release";

/**
 * Everything the app needs before it serves: pending migrations, the seed set, a first admin; then it notes
 * the release. Run by one process at a time (see releaseDatabase).
 */
export async function prepareDatabase(): Promise<Prepared> {
  const paths = migrationPaths();
  const applied = await deployMigrations(paths);
  const seed = await runSeed();
  const firstAdmin = await ensureFirstAdmin();
  const value = JSON.stringify({
    at: new Date().toISOString(),
    migration: listMigrationNames(paths.migrationsDir).at(-1) ?? null,
  });
  await prisma.appMeta.upsert({ where: { key: RELEASE_KEY }, create: { key: RELEASE_KEY, value }, update: { value } });
  return { applied, seed, firstAdmin };
}

/**
 * `npm run release`: prepareDatabase under a database-wide lock on PostgreSQL, so releases started at once
 * (two deploy jobs, instances restarted together) run one after the other: one migrates, seeds and creates
 * the first admin (one password), the next finds nothing left to do. On SQLite (one instance) it is
 * prepareDatabase.
 */
export async function releaseDatabase(onWait: () => void = () => {}): Promise<Prepared> {
  if (provider() !== "postgresql") return prepareDatabase();
  const url = env().DATABASE_URL;
  await createDatabaseIfMissing(url); // the lock lives in the database
  return withAdvisoryLock(url, RELEASE_LOCK_KEY, onWait, prepareDatabase);
}

export type ReleaseState = { readonly ready: true } | { readonly ready: false; readonly reason: string };

const RUN_RELEASE = "Run `npm run release` once (with the same DATABASE_URL) before starting the instances.";

/**
 * Whether a web instance may serve: every migration of this version applied, none failed, and a release
 * ran (the seed set and the first admin exist). Read-only and cheap: instances never migrate or seed.
 */
export async function releaseState(): Promise<ReleaseState> {
  const paths = migrationPaths();
  const rows = await migrationRows(paths.databaseUrl);
  if (!rows.exists) return { ready: false, reason: `The database does not exist yet. ${RUN_RELEASE}` };
  if (rows.rows === null) return { ready: false, reason: `No migrations are applied. ${RUN_RELEASE}` };
  const failed = rows.rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    return {
      ready: false,
      reason: `Migration ${failed.map((row) => row.migration_name).join(", ")} failed; see npm run db:status.`,
    };
  }
  const applied = new Set(rows.rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  const pending = listMigrationNames(paths.migrationsDir).filter((name) => !applied.has(name));
  if (pending.length > 0) {
    return { ready: false, reason: `${pending.length} migration(s) of this version are not applied. ${RUN_RELEASE}` };
  }
  const release = await prisma.appMeta.findUnique({ where: { key: RELEASE_KEY } });
  if (release === null)
    return { ready: false, reason: `The release step has not run on this database. ${RUN_RELEASE}` };
  return { ready: true };
}
