import "server-only";
import path from "node:path";
import { ensureFirstAdmin, type CreatedAdmin } from "../auth/accounts";
import { env } from "../env";
import { deployMigrations } from "../migrations";
import { runSeed } from "../authoring/seed";
import type { UpsertSummary } from "../authoring/store";

export interface Prepared {
  readonly applied: readonly string[];
  readonly seed: UpsertSummary;
  readonly firstAdmin: CreatedAdmin | null;
}

const root = process.cwd();

export function migrationPaths() {
  return {
    databaseUrl: env().DATABASE_URL,
    migrationsDir: path.join(root, "prisma", "migrations"),
    schemaPath: path.join(root, "prisma", "schema.prisma"),
  };
}

/** Everything the app needs before it serves: pending migrations, the seed set, a first admin. */
export async function prepareDatabase(): Promise<Prepared> {
  const applied = await deployMigrations(migrationPaths());
  const seed = await runSeed();
  const firstAdmin = await ensureFirstAdmin();
  return { applied, seed, firstAdmin };
}
