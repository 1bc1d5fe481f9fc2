import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { createScratchDatabase } from "./server";

/** PostgreSQL's OIDs: the one-byte internal type `"char"`, and text. */
const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgResult {
  fields: { dataTypeID: number }[];
}

/**
 * Describing a live database (status, drift, diff) reads catalog columns of type `"char"` (pg_class.relkind,
 * pg_constraint.contype, …), and @prisma/adapter-pg 7.10.0 maps no column type to OID 18: it throws
 * "Unsupported column type char". Its values are one-character strings, so the result is reported as text.
 * The mapping happens inside the adapter's `performIO` result, which is patched on this adapter object only.
 */
function reportCharAsText<T extends SqlDriverAdapter | Transaction>(queryable: T): T {
  const target = queryable as unknown as { performIO?: (query: SqlQuery) => Promise<PgResult> };
  const performIO = target.performIO?.bind(queryable);
  if (performIO === undefined) throw new Error('@prisma/adapter-pg no longer has performIO: review the "char" fix');
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    return result;
  };
  return queryable;
}

/**
 * The adapter sends a script as statements split at every `;` (wrong inside a quoted string) and without a
 * transaction. Sent whole as one simple query, PostgreSQL runs it in one implicit transaction (a
 * multi-statement simple query always does): a migration that fails leaves nothing half applied. A failure
 * reaches the engine in the shape the adapter gives any other PostgreSQL error.
 */
function scriptsInOneQuery(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const pool = adapter as unknown as { underlyingDriver?: () => { query(sql: string): Promise<unknown> } };
  const client = pool.underlyingDriver?.();
  if (client === undefined) throw new Error("@prisma/adapter-pg no longer exposes its pool");
  adapter.executeScript = async (script) => {
    try {
      await client.query(script);
    } catch (error) {
      const e = error as { code?: string; severity?: string; message: string; detail?: string; hint?: string };
      if (typeof e.code !== "string") throw error; // not from the server: a connection failure, as it is
      throw new DriverAdapterError({
        kind: "postgres",
        code: e.code,
        severity: e.severity ?? "ERROR",
        message: e.message,
        detail: e.detail,
        column: undefined,
        hint: e.hint,
        originalCode: e.code,
        originalMessage: e.message,
      });
    }
  };
  return adapter;
}

function prepared(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => reportCharAsText(await startTransaction(isolationLevel));
  return scriptsInOneQuery(reportCharAsText(adapter));
}

/**
 * The driver adapter the schema engine runs on for PostgreSQL, with the fixes it needs here, and a shadow
 * database that really is one: given a connection string, adapter-pg's own `connectToShadowDb` creates a
 * database but then connects to the main one again (pg lets the connection string's database override the
 * `database` option). Every connection opened is closed by `dispose`, so no pool timer keeps the process up.
 */
export function postgresMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory & {
  dispose(): Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const scratch: { drop(): Promise<void> }[] = [];
  const connectTo = async (connectionString: string) => {
    const adapter = prepared(await new PrismaPg({ connectionString }).connect());
    opened.push(adapter);
    return adapter;
  };
  const base = new PrismaPg({ connectionString: url });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => connectTo(url),
    connectToShadowDb: async () => {
      const shadow = await createScratchDatabase(url, "shadow");
      scratch.push(shadow);
      return connectTo(shadow.url);
    },
    async dispose() {
      for (const adapter of opened.splice(0)) await adapter.dispose().catch(() => {});
      for (const database of scratch.splice(0)) await database.drop();
    },
  };
}
