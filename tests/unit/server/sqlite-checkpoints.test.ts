import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkpointInBackground, type Checkpointer, type WriteTurn } from "@/lib/server/sqlite/checkpoints";
import { FairGate } from "@/lib/server/fair-gate";

const PAGE = 4096;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const open: { db: Database.Database; checkpoints: Checkpointer | null; dir: string }[] = [];

function writer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-checkpoints-"));
  const file = path.join(dir, "db.sqlite");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
  const entry = { db, checkpoints: null as Checkpointer | null, dir };
  open.push(entry);
  /** `pages` pages' worth of rows, one transaction each */
  const write = (pages: number) => {
    for (let i = 0; i < pages; i += 1) insert.run("x".repeat(PAGE - 200));
  };
  const size = (suffix = "") => fs.statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0;
  const autocheckpoint = () => db.pragma("wal_autocheckpoint", { simple: true });
  /** the log header's checkpoint sequence number (sqlite.org/fileformat.html, "WAL File Format"): one more at each restart */
  const logSequence = () => {
    const header = Buffer.alloc(32);
    const fd = fs.openSync(file + "-wal", "r");
    try {
      fs.readSync(fd, header, 0, 32, 0);
    } finally {
      fs.closeSync(fd);
    }
    return header.readUInt32BE(12);
  };
  return { db, entry, write, size, autocheckpoint, logSequence };
}

/**
 * Writes 1,500 pages, more than SQLite's own threshold (1,000): a writer that checkpoints in its commits would
 * have copied them into the database file; here they must all still be in the log.
 */
async function expectNothingCopied(w: ReturnType<typeof writer>) {
  const before = w.size();
  w.write(1500);
  await sleep(300);
  expect(w.size()).toBe(before);
  expect(w.size("-wal")).toBeGreaterThan(1500 * PAGE);
}

/** A FairGate that counts the checkpoint worker's uses of it (the test takes the gate itself, not through this). */
function countedTurn() {
  const gate = new FairGate();
  const counts = { acquired: 0, released: 0 };
  const turn: WriteTurn = {
    acquire: async () => {
      await gate.acquire();
      counts.acquired += 1;
    },
    release: () => {
      counts.released += 1;
      gate.release();
    },
  };
  /** whether the gate is free: a take that resolves at once, given straight back */
  const free = async () => {
    let taken = false;
    void gate.acquire().then(() => {
      taken = true;
      gate.release();
    });
    await sleep(0);
    return taken;
  };
  return { gate, counts, turn, free };
}

/**
 * Writes until the worker has copied a first commit: it is running (starting a thread can take a while). 50
 * rows are about 100 frames (a row's page and the table's), below the tests' restartPages.
 */
async function workerUp(w: ReturnType<typeof writer>) {
  const start = w.size();
  w.write(50);
  await expect.poll(() => w.size() >= start + 50 * PAGE, { timeout: 5000 }).toBe(true);
}

afterEach(async () => {
  for (const { db, checkpoints, dir } of open.splice(0)) {
    await checkpoints?.stop();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("checkpointInBackground (WAL checkpoints on a worker thread)", () => {
  it("without it, a writer with autocheckpoint off leaves every page in the log (the control)", async () => {
    const w = writer();
    w.db.pragma("wal_autocheckpoint = 0");
    await expectNothingCopied(w);
  });

  it("turns the writer's own checkpoints off: its commits copy nothing into the database file", async () => {
    const w = writer();
    // the worker's first pass is a minute away, so whatever reaches the file here came from the writer
    w.entry.checkpoints = checkpointInBackground(w.db, { busyTimeoutMs: 5000, everyMs: 60_000 });
    expect(w.entry.checkpoints).not.toBeNull();
    expect(w.autocheckpoint()).toBe(0);
    await expectNothingCopied(w);
  });

  it("the worker copies the committed pages into the database file", async () => {
    const w = writer();
    w.entry.checkpoints = checkpointInBackground(w.db, { busyTimeoutMs: 5000, everyMs: 20 });
    const before = w.size();
    w.write(1500);
    await expect.poll(() => w.size() >= before + 1500 * PAGE, { timeout: 5000 }).toBe(true);
  });

  it("keeps the log bounded past restartPages although writes keep coming", async () => {
    const w = writer();
    w.entry.checkpoints = checkpointInBackground(w.db, { busyTimeoutMs: 5000, everyMs: 20, restartPages: 200 });
    // the worker is up once it has copied a first commit (starting a thread can take longer than the writes
    // below on a busy machine, and the bound is about a running worker)
    const start = w.size();
    w.write(100);
    await expect.poll(() => w.size() >= start + 100 * PAGE, { timeout: 5000 }).toBe(true);
    const before = w.size();
    let largest = 0;
    for (let round = 0; round < 40; round += 1) {
      w.write(100);
      largest = Math.max(largest, w.size("-wal"));
      await sleep(5); // the writer's event loop does other work between writes
    }
    // 4,000 pages were written: without the worker the log would hold them all (the control above)
    expect(largest).toBeLessThan(3000 * PAGE);
    await expect.poll(() => w.size() >= before + 4000 * PAGE, { timeout: 5000 }).toBe(true);
    expect(w.db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 4100 });
  });

  it("with the app's write turn, starts the log over only while it holds the turn, then gives the turn back", async () => {
    const w = writer();
    const { gate, counts, turn, free } = countedTurn();
    w.entry.checkpoints = checkpointInBackground(w.db, {
      busyTimeoutMs: 5000,
      everyMs: 20,
      restartPages: 400,
      writeTurn: turn,
    });
    await workerUp(w);
    const sequence = w.logSequence();
    await gate.acquire(); // the app is writing
    w.write(400);
    await sleep(300); // many of the worker's passes: each finds the log past restartPages
    expect(counts.acquired).toBe(0); // it asked, and waits behind the app
    gate.release();
    await expect.poll(() => counts.released === counts.acquired && counts.acquired >= 1, { timeout: 5000 }).toBe(true);
    expect(await free()).toBe(true);
    const length = w.size("-wal");
    w.write(1);
    // the next commit starts the log from its beginning: a new header, and the file (kept, not cut) does not grow
    expect(w.logSequence()).toBeGreaterThan(sequence);
    expect(w.size("-wal")).toBe(length);
    expect(w.db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 451 });
  });

  it("gives the turn back when it gets it after being stopped", async () => {
    const w = writer();
    const { gate, counts, turn, free } = countedTurn();
    const checkpoints = checkpointInBackground(w.db, {
      busyTimeoutMs: 5000,
      everyMs: 20,
      restartPages: 400,
      writeTurn: turn,
    });
    await workerUp(w);
    await gate.acquire();
    w.write(400);
    await sleep(300); // the worker has asked for the turn and waits behind the app
    await checkpoints?.stop();
    gate.release();
    await expect.poll(() => counts.acquired === 1, { timeout: 5000 }).toBe(true);
    expect(counts.released).toBe(1);
    expect(await free()).toBe(true);
  });

  it("gives the checkpoints back to the writer when stopped", async () => {
    const w = writer();
    const checkpoints = checkpointInBackground(w.db, { busyTimeoutMs: 5000 });
    expect(w.autocheckpoint()).toBe(0);
    await checkpoints?.stop();
    expect(w.autocheckpoint()).toBe(1000);
    const before = w.size();
    w.write(1200);
    expect(w.size()).toBeGreaterThan(before); // the writer checkpointed in its commit, as SQLite does by default
  });

  it("gives the checkpoints back, and says why, when the worker cannot open the database", async () => {
    const pragmas: string[] = [];
    const errors: unknown[][] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args));
    try {
      const missing = path.join(os.tmpdir(), `hopdrill-no-such-folder-${process.pid}`, "db.sqlite");
      const checkpoints = checkpointInBackground(
        { name: missing, memory: false, pragma: (source) => void pragmas.push(source) },
        { busyTimeoutMs: 100 },
      );
      expect(checkpoints).not.toBeNull();
      expect(pragmas).toEqual(["wal_autocheckpoint = 0"]);
      await expect.poll(() => pragmas.length === 2, { timeout: 5000 }).toBe(true);
      expect(pragmas[1]).toBe("wal_autocheckpoint = 1000");
      expect(String(errors[0]?.[0])).toContain("checkpoint worker stopped");
      await checkpoints?.stop();
    } finally {
      spy.mockRestore();
    }
  });

  it("does nothing for an in-memory database", () => {
    const db = new Database(":memory:");
    expect(checkpointInBackground(db, { busyTimeoutMs: 5000 })).toBeNull();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    db.close();
  });
});
