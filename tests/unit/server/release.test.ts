/**
 * `npm run release` started on several machines at once against one PostgreSQL database (two deploy jobs,
 * or instances restarted together): before the advisory lock, concurrent seeds failed with P2002 and those
 * processes exited, and each created a first admin (two passwords, the last one winning). Under the lock one
 * of them migrates, seeds and creates the admin; the others wait, then find nothing left to do.
 * PostgreSQL only: on SQLite `npm start` prepares its one instance's database itself.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyDatabase, queryRows, testProvider, type TestDatabase } from "./test-database";
import { raceWorkers, type RaceWorkers } from "./race-harness";
import {
  deployMigrations,
  listMigrationNames,
  migrationPathsFor,
  PROVIDER_LAYOUT,
} from "../../../lib/server/migrations";
import { runSeed } from "../../../lib/server/authoring/seed";
import { disconnectPrisma } from "../../../lib/server/db";
import { RELEASE_LOCK_KEY, withAdvisoryLock } from "../../../lib/server/postgresql";
import { SEED_SET } from "../../../lib/content";

const root = path.resolve(import.meta.dirname, "../../..");
let database: TestDatabase;
let workers: RaceWorkers;
let migrated: TestDatabase;
let migratedWorkers: RaceWorkers;
let waiting: TestDatabase;
let waitingWorker: RaceWorkers;

beforeAll(async () => {
  if (testProvider !== "postgresql") throw new Error("release.test.ts runs in the postgresql project only");
  // a database that exists but is empty: nothing migrated, no seed, no admin
  database = await emptyDatabase();
  // one migrated and seeded by hand (npm run db:deploy, db:seed) before any release: no admin yet
  migrated = await emptyDatabase();
  await deployMigrations(migrationPathsFor(migrated.url, root));
  await withDatabaseUrl(migrated.url, runSeed);
  waiting = await emptyDatabase();
  [workers, migratedWorkers, waitingWorker] = await Promise.all([
    raceWorkers(database.url, 3, false),
    raceWorkers(migrated.url, 3),
    raceWorkers(waiting.url, 1, false),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([workers?.close(), migratedWorkers?.close(), waitingWorker?.close()]);
});

/** Runs `run` with the app's client on `url` (closed after, so the next use opens the test's own again). */
async function withDatabaseUrl<T>(url: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    return await run();
  } finally {
    await disconnectPrisma();
    process.env.DATABASE_URL = before;
  }
}

describe("three releases at once on one empty database", () => {
  it("all succeed; one migrates, seeds and creates the first admin, printed once", async () => {
    const outcomes = await workers.race([[{ op: "release" }], [{ op: "release" }], [{ op: "release" }]]);
    expect(outcomes.filter((o) => "threw" in o)).toEqual([]);
    const passwords = outcomes.flatMap((o) => ("detail" in o && o.detail !== null ? [o.detail] : []));
    expect(passwords).toHaveLength(1);

    const migrations = await queryRows<{ migration_name: string; finished_at: unknown }>(
      database,
      'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const onDisk = listMigrationNames(path.join(root, PROVIDER_LAYOUT.postgresql.migrations));
    expect(migrations.map((m) => m.migration_name)).toEqual(onDisk);
    expect(migrations.every((m) => m.finished_at !== null)).toBe(true);
    expect(await queryRows(database, `SELECT "id" FROM "User" WHERE "role" = 'admin'`)).toHaveLength(1);
    expect(await queryRows(database, 'SELECT "id" FROM "QuestionSet" WHERE "slug" = ?', [SEED_SET.slug])).toHaveLength(
      1,
    );
    const items = await queryRows(database, 'SELECT "id" FROM "Item"');
    expect(items).toHaveLength(SEED_SET.items.length);
    expect(await queryRows(database, `SELECT "value" FROM "AppMeta" WHERE "key" = 'release'`)).toHaveLength(1);
  }, 120_000);
});

describe("three releases at once on a migrated, seeded database without an admin", () => {
  it("create one first admin, not one each", async () => {
    const outcomes = await migratedWorkers.race([[{ op: "release" }], [{ op: "release" }], [{ op: "release" }]]);
    expect(outcomes.filter((o) => "threw" in o)).toEqual([]);
    const passwords = outcomes.flatMap((o) => ("detail" in o && o.detail !== null ? [o.detail] : []));
    expect(passwords).toHaveLength(1);
    expect(await queryRows(migrated, `SELECT "id" FROM "User" WHERE "role" = 'admin'`)).toHaveLength(1);
  }, 120_000);
});

describe("a release while another holds the lock", () => {
  it("waits for it: nothing is migrated until the lock is given up, then it runs", async () => {
    let finished = false;
    let release: Promise<unknown> = Promise.resolve();
    await withAdvisoryLock(
      waiting.url,
      RELEASE_LOCK_KEY,
      () => {},
      async () => {
        release = waitingWorker.race([[{ op: "release" }]]).then((outcomes) => {
          finished = true;
          return outcomes;
        });
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(finished).toBe(false);
        const table = await queryRows<{ found: string | null }>(
          waiting,
          "SELECT to_regclass('\"_prisma_migrations\"')::text AS found",
        );
        expect(table[0]?.found ?? null).toBeNull();
      },
    );
    const outcomes = (await release) as { ok?: boolean }[];
    expect(outcomes.map((o) => o.ok)).toEqual([true]);
    expect(await queryRows(waiting, `SELECT "id" FROM "User" WHERE "role" = 'admin'`)).toHaveLength(1);
  }, 120_000);
});
