/**
 * The `postgresql` vitest project's setup: checks that TEST_POSTGRES_URL answers (one clear line when it does
 * not), gives the run a database name prefix, and drops the run's test databases at the end.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresDatabasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_POSTGRES_URL ?? "";
  const prefix = `hopdrill_test_${randomBytes(3).toString("hex")}_`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `TEST_POSTGRES_URL does not answer (${error instanceof Error ? error.message : String(error)}); ` +
        "unset it to skip the PostgreSQL suites, or run npm run test:postgres",
    );
  }
  await client.end();
  project.provide("postgresDatabasePrefix", prefix);
  return async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
        [prefix],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
}
