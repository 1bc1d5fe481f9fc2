import "server-only";
import pg from "pg";

/** The advisory lock key of `npm run release` ("hopd"); Prisma Migrate's own is 72707369, so they never meet. */
export const RELEASE_LOCK_KEY = 0x686f7064;

/**
 * Runs `run` while holding a PostgreSQL session advisory lock on the database in `url`: one holder at a time
 * across every process and machine using that database. The lock lives on its own connection and goes when
 * that connection does, so a process that dies mid-way never leaves it held. `onWait` is called once when
 * another holder has it (before waiting for it).
 */
export async function withAdvisoryLock<T>(
  url: string,
  key: number,
  onWait: () => void,
  run: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const attempt = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
    if (attempt.rows[0]?.locked !== true) {
      onWait();
      await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
    }
    return await run();
  } finally {
    await client.end(); // closing the session releases the lock
  }
}
