// The one Prisma client of the app and its scripts (scripts such as prisma/db.ts, seeding and admin:create
// import it too; only server code may). Prisma 7 talks to SQLite through the better-sqlite3 driver adapter
// and to PostgreSQL through the pg one, chosen by DATABASE_URL (lib/server/README.md).
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env, provider } from "./env";
import { ImmediateTransactionsSqlite3 } from "./sqlite/adapter";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";

/** A relative `file:` URL resolves against the process's working directory (the adapter strips `file:`). */
export function databaseUrl(): string {
  return env().DATABASE_URL;
}

/** How long a PostgreSQL transaction may wait for a pooled connection, and run once begun (ms). */
export const POSTGRES_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

function createPrismaClient(): PrismaClient {
  if (provider() === "postgresql") {
    // Generated from the same models (prisma/postgresql/schema.prisma), so the data access code is the same;
    // its type differs from the SQLite client's only in options the code never passes (isolation levels,
    // case-insensitive filters). The pool keeps up to 10 connections (pg's default); a transaction waits up
    // to 10 s for one (Prisma's default is 2 s, after which a burst of requests failed with P2028 although
    // every one of them would have been served a moment later), and may run 10 s once begun.
    const client = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: databaseUrl() }),
      transactionOptions: POSTGRES_TRANSACTION_OPTIONS,
    });
    return client as unknown as PrismaClient;
  }
  // timeout is SQLite's busy timeout: wait up to 5 s for another writer instead of failing with SQLITE_BUSY.
  // WAL is set in the file by deployMigrations (lib/server/migrations/deploy.ts), not here. Transactions begin
  // IMMEDIATE so a second process writing cannot make them fail with SQLITE_BUSY (lib/server/sqlite/adapter.ts).
  return new PrismaClient({ adapter: new ImmediateTransactionsSqlite3({ url: databaseUrl(), timeout: 5000 }) });
}

/**
 * What the driver adapter said a database error was ("UniqueConstraintViolation", "NullConstraintViolation",
 * "ForeignKeyConstraintViolation", ...), the same names for SQLite and PostgreSQL; raw queries report their
 * errors only this way (Prisma's code is P2010 for all of them). Undefined for anything else.
 */
export function driverErrorKind(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null)?.meta
    ?.driverAdapterError?.cause;
  return typeof cause?.kind === "string" ? cause.kind : undefined;
}

/** A unique constraint refused the write (another request created the row first): Prisma's P2002, or a raw query's. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return (error as { code?: unknown }).code === "P2002" || driverErrorKind(error) === "UniqueConstraintViolation";
}

// Next.js dev re-evaluates modules on every change; keeping the client on globalThis stops each reload from
// opening another connection.
const globalForPrisma = globalThis as typeof globalThis & { hopdrillPrisma?: PrismaClient };

/** The shared client, created on first use (so importing this module never opens the database). */
export function getPrisma(): PrismaClient {
  let client = globalForPrisma.hopdrillPrisma;
  if (client === undefined) {
    client = createPrismaClient();
    // Cached globally in every mode: one process, one client. In dev this is what survives hot reload.
    globalForPrisma.hopdrillPrisma = client;
  }
  return client;
}

/**
 * `prisma.user.findMany()` etc. The client behind it is created lazily on first property access, so modules
 * can import `prisma` at top level without DATABASE_URL being read at import time.
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
  has(_target, property) {
    return Reflect.has(getPrisma(), property);
  },
});

/** For scripts and tests: closes the connection so the process can exit and the file can be removed. */
export async function disconnectPrisma(): Promise<void> {
  const client = globalForPrisma.hopdrillPrisma;
  if (client === undefined) return;
  globalForPrisma.hopdrillPrisma = undefined;
  await client.$disconnect();
}

/** For the health check: one indexed query, so a response means the database answers. Throws when it does not. */
export async function checkDatabase(): Promise<void> {
  await prisma.appMeta.count();
}
