// The one Prisma client of the app and its scripts (scripts such as prisma/db.ts, seeding and admin:create
// import it too; only server code may). Prisma 7 talks to SQLite through the better-sqlite3 driver adapter
// and to PostgreSQL through the pg one, chosen by DATABASE_URL (lib/server/README.md).
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
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

/**
 * The driver adapter factory Prisma is given, remembering the connection it opens: the hot paths' raw
 * statements (sql-rows.ts) run on that same connection without Prisma's client in between, which cost
 * 9 times what better-sqlite3 itself does for a one-row read (`npm run bench:prisma`). On SQLite it is the
 * gated writer with its reader (sqlite/transaction-gate.ts), so those statements take their turns too.
 */
class RememberedConnection implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;
  connected: SqlDriverAdapter | null = null;

  constructor(private readonly factory: SqlDriverAdapterFactory) {
    this.provider = factory.provider;
    this.adapterName = factory.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.factory.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (this.connected === adapter) this.connected = null;
      await dispose();
    };
    this.connected = adapter;
    return adapter;
  }
}

interface Connected {
  readonly client: PrismaClient;
  readonly connection: RememberedConnection;
}

function createPrismaClient(): Connected {
  if (provider() === "postgresql") {
    // Generated from the same models (prisma/postgresql/schema.prisma), so the data access code is the same;
    // its type differs from the SQLite client's only in options the code never passes (isolation levels,
    // case-insensitive filters). The pool keeps up to 10 connections (pg's default); a transaction waits up
    // to 10 s for one (Prisma's default is 2 s, after which a burst of requests failed with P2028 although
    // every one of them would have been served a moment later), and may run 10 s once begun.
    const connection = new RememberedConnection(new PrismaPg({ connectionString: databaseUrl() }));
    const client = new PostgresPrismaClient({ adapter: connection, transactionOptions: POSTGRES_TRANSACTION_OPTIONS });
    return { client: client as unknown as PrismaClient, connection };
  }
  // timeout is SQLite's busy timeout: wait up to 5 s for another writer instead of failing with SQLITE_BUSY.
  // WAL is set in the file by deployMigrations (lib/server/migrations/deploy.ts), not here. Transactions begin
  // IMMEDIATE so a second process writing cannot make them fail with SQLITE_BUSY (lib/server/sqlite/adapter.ts).
  const connection = new RememberedConnection(new ImmediateTransactionsSqlite3({ url: databaseUrl(), timeout: 5000 }));
  return { client: new PrismaClient({ adapter: connection }), connection };
}

/**
 * The cause a driver adapter gave for a failed statement ({ kind: "UniqueConstraintViolation", … }), whether
 * the error came through Prisma's client (which keeps it in `meta.driverAdapterError`) or straight from the
 * adapter (sql-rows.ts).
 */
export function driverErrorCause(error: unknown): { kind?: unknown; constraint?: { fields?: unknown } } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const viaClient = (error as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta?.driverAdapterError?.cause;
  const direct =
    (error as { name?: unknown }).name === "DriverAdapterError" ? (error as { cause?: unknown }).cause : undefined;
  const cause = viaClient ?? direct;
  return typeof cause === "object" && cause !== null ? cause : undefined;
}

/**
 * What the driver adapter said a database error was ("UniqueConstraintViolation", "NullConstraintViolation",
 * "ForeignKeyConstraintViolation", ...), the same names for SQLite and PostgreSQL; raw queries report their
 * errors only this way (Prisma's code is P2010 for all of them). Undefined for anything else.
 */
export function driverErrorKind(error: unknown): string | undefined {
  const kind = driverErrorCause(error)?.kind;
  return typeof kind === "string" ? kind : undefined;
}

/** A unique constraint refused the write (another request created the row first): Prisma's P2002, or a raw query's. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return (error as { code?: unknown }).code === "P2002" || driverErrorKind(error) === "UniqueConstraintViolation";
}

// Next.js dev re-evaluates modules on every change; keeping the client on globalThis stops each reload from
// opening another connection.
const globalForPrisma = globalThis as typeof globalThis & { hopdrillPrisma?: Connected };

function connected(): Connected {
  let current = globalForPrisma.hopdrillPrisma;
  if (current === undefined) {
    current = createPrismaClient();
    // Cached globally in every mode: one process, one client. In dev this is what survives hot reload.
    globalForPrisma.hopdrillPrisma = current;
  }
  return current;
}

/** The shared client, created on first use (so importing this module never opens the database). */
export function getPrisma(): PrismaClient {
  return connected().client;
}

/** The driver connection under the one Prisma client, opened through the client when it is not yet. */
export async function driverConnection(): Promise<SqlDriverAdapter> {
  const { client, connection } = connected();
  if (connection.connected === null) await client.$connect();
  if (connection.connected === null) throw new Error("the Prisma client opened no driver connection");
  return connection.connected;
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
  const current = globalForPrisma.hopdrillPrisma;
  if (current === undefined) return;
  globalForPrisma.hopdrillPrisma = undefined;
  await current.client.$disconnect();
}

/** For the health check: one indexed query, so a response means the database answers. Throws when it does not. */
export async function checkDatabase(): Promise<void> {
  await prisma.appMeta.count();
}
