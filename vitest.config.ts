import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The server suites that touch the database run twice: on SQLite (project `sqlite`, with every other unit
 * test) and on PostgreSQL (project `postgresql`) when TEST_POSTGRES_URL names a server to create test
 * databases on (`.ci/run` and `npm run test:postgres` start a throwaway one). Files that test SQLite itself
 * (its adapter, backups, an old database file) or lib/server/migrations' SQLite side run on SQLite only;
 * migrations-postgresql.test.ts is their PostgreSQL counterpart, and release.test.ts (the release step's lock)
 * runs on PostgreSQL only.
 */
export const POSTGRES_SUITES = [
  "tests/unit/server/accounts.test.ts",
  "tests/unit/server/authoring.test.ts",
  "tests/unit/server/claims-review.test.ts",
  "tests/unit/server/concurrency.test.ts",
  "tests/unit/server/fast-lane.test.ts",
  "tests/unit/server/fuzz.test.ts",
  "tests/unit/server/interviews-grading-race.test.ts",
  "tests/unit/server/interviews-sweep.test.ts",
  "tests/unit/server/interviews.test.ts",
  "tests/unit/server/migrations-postgresql.test.ts",
  "tests/unit/server/races.test.ts",
  "tests/unit/server/release.test.ts",
  "tests/unit/server/scenario-questions.test.ts",
  "tests/unit/server/seed.test.ts",
  "tests/unit/server/sql-rows.test.ts",
  "tests/unit/server/stored-limits.test.ts",
  "tests/unit/server/study-cram.test.ts",
  "tests/unit/server/study-queue-agreement.test.ts",
  "tests/unit/server/study-stats.test.ts",
  "tests/unit/server/study.test.ts",
  "tests/unit/server/time-zone.test.ts",
];

const postgres = process.env.TEST_POSTGRES_URL ?? "";
// vitest reads this file once more for its projects: say it once
if (postgres === "" && process.env.HOPDRILL_POSTGRES_SKIP_SAID === undefined) {
  process.env.HOPDRILL_POSTGRES_SKIP_SAID = "1";
  console.log(
    `PostgreSQL suites skipped (${POSTGRES_SUITES.length} files): TEST_POSTGRES_URL is not set. ` +
      "Run them with: npm run test:postgres (starts a throwaway PostgreSQL cluster).",
  );
}

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Next.js resolves the marker to an empty module on the server (the react-server condition); so do tests.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["tests/unit/**/*.test.ts"],
          exclude: ["tests/unit/server/migrations-postgresql.test.ts", "tests/unit/server/release.test.ts"],
        },
      },
      ...(postgres === ""
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: "postgresql",
                include: POSTGRES_SUITES,
                env: { HOPDRILL_TEST_PROVIDER: "postgresql" },
                globalSetup: ["tests/unit/server/postgres-global-setup.ts"],
              },
            },
          ]),
    ],
  },
});
