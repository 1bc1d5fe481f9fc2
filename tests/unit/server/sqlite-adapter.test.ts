import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { cachedPrepare, FairGate, immediateBegin, STATEMENT_CACHE_SIZE } from "@/lib/server/sqlite";
import { useFreshDatabase } from "./test-database";

type Prepare = Parameters<typeof cachedPrepare>[0];

function counted(db: Database.Database, wrap: (prepare: Prepare) => Prepare = (prepare) => prepare) {
  const prepared: string[] = [];
  const prepare = ((sql: string) => {
    prepared.push(sql);
    return db.prepare(sql);
  }) as unknown as Prepare;
  return { prepare: cachedPrepare(wrap(prepare)), prepared };
}

describe("cachedPrepare (the adapter's statement cache)", () => {
  it("prepares each SQL text once and binds fresh arguments at every run", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    const { prepare, prepared } = counted(db);
    const insert = "INSERT INTO t (id, name) VALUES (?, ?)";
    for (const [id, name] of [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ] as const) {
      const statement = prepare(insert).bind([id, name]);
      expect(statement.reader).toBe(false);
      statement.run();
    }
    const select = "SELECT id, name FROM t WHERE id >= ? ORDER BY id";
    const all = (from: number) => prepare(select).bind([from]).raw().all();
    expect(all(2)).toEqual([
      [2, "b"],
      [3, "c"],
    ]);
    expect(all(3)).toEqual([[3, "c"]]);
    const columns = prepare(select).bind([1]).columns() as { name: string }[];
    expect(columns.map((c) => c.name)).toEqual(["id", "name"]);
    expect(prepared.filter((sql) => sql === insert)).toHaveLength(1);
    expect(prepared.filter((sql) => sql === select)).toHaveLength(1);
    db.close();
  });

  it("with immediateBegin, turns a plain BEGIN into BEGIN IMMEDIATE and leaves savepoints alone", () => {
    const db = new Database(":memory:");
    const { prepare, prepared } = counted(db, immediateBegin);
    prepare("BEGIN").run();
    expect(db.inTransaction).toBe(true);
    prepare("SAVEPOINT s1").bind([]).run();
    prepare("RELEASE SAVEPOINT s1").bind([]).run();
    prepare("COMMIT").bind([]).run();
    expect(db.inTransaction).toBe(false);
    expect(prepared).toEqual(["BEGIN IMMEDIATE", "SAVEPOINT s1", "RELEASE SAVEPOINT s1", "COMMIT"]);
    db.close();
  });

  it("keeps at most STATEMENT_CACHE_SIZE statements, dropping the least recently used", () => {
    const db = new Database(":memory:");
    const { prepare, prepared } = counted(db);
    const sql = (n: number) => `SELECT ${n} AS n`;
    for (let n = 0; n < STATEMENT_CACHE_SIZE; n += 1) prepare(sql(n));
    prepare(sql(0)); // used again: now the most recent
    prepare(sql(STATEMENT_CACHE_SIZE)); // evicts sql(1), the least recently used
    prepare(sql(0));
    prepare(sql(1));
    expect(prepared.filter((s) => s === sql(0))).toHaveLength(1);
    expect(prepared.filter((s) => s === sql(1))).toHaveLength(2);
    expect(prepare(sql(1)).bind([]).raw().all()).toEqual([[1]]);
    db.close();
  });

  it("a statement that failed (constraint) stays usable", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE u (k TEXT PRIMARY KEY)");
    const { prepare } = counted(db);
    const insert = "INSERT INTO u (k) VALUES (?)";
    prepare(insert).bind(["x"]).run();
    expect(() => prepare(insert).bind(["x"]).run()).toThrow(/UNIQUE/);
    prepare(insert).bind(["y"]).run();
    expect(prepare("SELECT k FROM u ORDER BY k").bind([]).raw().all()).toEqual([["x"], ["y"]]);
    db.close();
  });
});

describe("the adapter's transaction gate (real Prisma client, one connection)", () => {
  beforeAll(async () => {
    await useFreshDatabase();
  });

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("an acknowledged write from outside survives a concurrent transaction's rollback", async () => {
    await prisma.appMeta.create({ data: { key: "answer", value: "first draft" } });
    const transaction = prisma
      .$transaction(async (tx) => {
        await tx.appMeta.count();
        await pause(100);
        throw new Error("roll back");
      })
      .catch((error: unknown) => (error as Error).message);
    await pause(20);
    // an autosave-like UPDATE while the transaction is open; without the gate it ran inside the transaction
    // and was rolled back with it, after its caller had been told it was saved
    const saved = await prisma.appMeta.updateMany({ where: { key: "answer" }, data: { value: "second draft" } });
    expect(saved.count).toBe(1);
    expect(await transaction).toBe("roll back");
    expect((await prisma.appMeta.findUniqueOrThrow({ where: { key: "answer" } })).value).toBe("second draft");
  });

  it("a read from outside never sees a transaction's uncommitted rows", async () => {
    const started = deferred();
    const transaction = prisma.$transaction(async (tx) => {
      await tx.appMeta.create({ data: { key: "pending", value: "not yet committed" } });
      started.resolve();
      await pause(50);
      throw new Error("changed my mind");
    });
    await started.promise;
    const seen = await prisma.appMeta.findUnique({ where: { key: "pending" } });
    await expect(transaction).rejects.toThrow("changed my mind");
    expect(seen).toBeNull();
  });

  it("a read from outside runs at once on the reader connection, while a write waits for the transaction", async () => {
    await prisma.appMeta.create({ data: { key: "clock", value: "before" } });
    const started = deferred();
    const events: string[] = [];
    const transaction = prisma.$transaction(async (tx) => {
      await tx.appMeta.update({ where: { key: "clock" }, data: { value: "inside" } });
      started.resolve();
      await pause(150);
      events.push("transaction ends");
    });
    await started.promise;
    const read = prisma.appMeta.findUnique({ where: { key: "clock" } }).then((row) => {
      events.push("read done");
      return row?.value;
    });
    const write = prisma.appMeta.create({ data: { key: "late", value: "x" } }).then(() => events.push("write done"));
    expect(await read).toBe("before"); // the committed value, not the transaction's
    await Promise.all([transaction, write]);
    expect(events).toEqual(["read done", "transaction ends", "write done"]);
    expect((await prisma.appMeta.findUniqueOrThrow({ where: { key: "clock" } })).value).toBe("inside");
  });

  it("both connections sync NORMAL in WAL mode (what README's durability paragraph relies on)", async () => {
    // better-sqlite3 builds SQLite with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (deps/defines.gypi): a commit
    // survives the process being killed, not necessarily a power loss, and no commit waits for an fsync.
    // PRAGMA synchronous answers 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA; a transaction's queries run on the writer
    const level = (rows: unknown) => Number((rows as { synchronous: bigint | number }[])[0]?.synchronous);
    expect(level(await prisma.$queryRaw`PRAGMA synchronous`)).toBe(1);
    expect(level(await prisma.$transaction((tx) => tx.$queryRaw`PRAGMA synchronous`))).toBe(1);
    const mode = (await prisma.$queryRaw`PRAGMA journal_mode`) as { journal_mode: string }[];
    expect(mode[0]?.journal_mode).toBe("wal");
  });

  it("many interleaved transactions and plain writes all land, none twice", async () => {
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i += 1) {
      if (i % 2 === 0) {
        work.push(
          prisma
            .$transaction(async (tx) => {
              await tx.appMeta.create({ data: { key: `tx-${i}`, value: "t" } });
              await pause(1);
              if (i % 4 === 0) throw new Error("rolled back on purpose");
            })
            .catch(() => undefined),
        );
      } else {
        work.push(prisma.appMeta.create({ data: { key: `plain-${i}`, value: "p" } }));
      }
    }
    await Promise.all(work);
    const keys = new Set((await prisma.appMeta.findMany({ select: { key: true } })).map((row) => row.key));
    for (let i = 0; i < 40; i += 1) {
      const key = i % 2 === 0 ? `tx-${i}` : `plain-${i}`;
      expect(keys.has(key), key).toBe(i % 4 !== 0);
    }
  });
});

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("FairGate", () => {
  it("grants turns first come, first served, and never to a later arrival while someone waits", async () => {
    const gate = new FairGate();
    const order: string[] = [];
    await gate.acquire(); // held by "first"
    const waiters = ["a", "b", "c"].map((name) => gate.acquire().then(() => order.push(name)));
    gate.release(); // hands it to "a"; "d" arrives in the same tick and must queue behind b and c
    const late = gate.acquire().then(() => order.push("d"));
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(["a"]);
    gate.release();
    await waiters[1];
    gate.release();
    await waiters[2];
    gate.release();
    await late;
    expect(order).toEqual(["a", "b", "c", "d"]);
    gate.release();
    // free again: the next acquire is immediate
    await gate.acquire();
    gate.release();
  });
});
