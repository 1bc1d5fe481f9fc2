import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * WAL checkpoints off the event loop.
 *
 * By default SQLite checkpoints inside the COMMIT that takes the WAL past 1,000 pages: it copies those pages
 * into the database file and syncs both files (synchronous=NORMAL syncs only at checkpoints), all within the
 * writer's synchronous better-sqlite3 call. A rating writes about ten pages (the review log, its four index
 * entries and the card's), so every hundredth rating or so stalled the server's one event loop for 10–15 ms,
 * and a write cost about twice what the statements themselves do (tests/bench/load.ts, "Stages").
 *
 * Instead the writer connection never checkpoints (`wal_autocheckpoint = 0`) and a worker thread with its
 * own connection runs PASSIVE checkpoints every CHECKPOINT_EVERY_MS; they copy what is committed without
 * taking the write lock, so they run beside the writer on the other core. Under a steady stream of writes
 * a passive checkpoint never finds the log fully copied, which SQLite needs before the next writer can start
 * the log over (sqlite.org/wal.html, "Avoiding Excessively Large WAL Files"): past RESTART_PAGES the worker
 * runs a RESTART checkpoint, which copies the little the passive pass left and makes the next writer start
 * the log from its beginning. If the worker cannot start or stops, the writer takes the checkpoints back
 * (wal_autocheckpoint as SQLite's default), so the log can never grow without bound.
 *
 * A RESTART checkpoint holds every writer out while it runs, and SQLite makes a writer that arrives then
 * wait in its busy handler, which sleeps: on the writer's connection that is the server's one event loop,
 * stalled for every request. So when the app passes its write turn (`writeTurn`, the transaction gate's
 * FairGate), the worker asks for the turn first and checkpoints only while it holds it: no transaction is
 * open then, the checkpoint does not wait for one, and the writes that arrive meanwhile queue as promises
 * behind it instead of sleeping on the event loop.
 *
 * RESTART, not TRUNCATE: TRUNCATE also cuts the log file to zero bytes, and freeing a 64 MiB file's blocks
 * is most of its cost. `npm run bench:checkpoints` (rating-like writes every 3 ms through the turn, two
 * alternating invocations of each) measured the turn held 39 ms per TRUNCATE and 4 ms per RESTART (medians),
 * and the slowest write waited 43–46 ms against 10 ms. So the log
 * file keeps its size (about RESTART_PAGES pages, never more than a pass's overshoot beyond) and the
 * writer overwrites it from the start, which is also SQLite's default (no journal_size_limit: that would
 * truncate the file in the writer's first commit after the reset, back on the event loop). The last
 * connection to close checkpoints and removes the file, as always.
 */

/** How often the worker checkpoints (ms). */
export const CHECKPOINT_EVERY_MS = 100;
/** A log this long (pages, 4 KiB each: 64 MiB) is checkpointed to its end and started over, in the writer's turn. */
export const RESTART_PAGES = 16_384;
/** SQLite's own autocheckpoint threshold, given back to the writer when the worker is gone. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** The part of a better-sqlite3 connection used here. */
export interface CheckpointedConnection {
  /** the database file's path */
  readonly name: string;
  readonly memory: boolean;
  pragma(source: string): unknown;
}

/** The app's write turn: while the worker holds it, nothing on the writer's connection writes. */
export interface WriteTurn {
  acquire(): Promise<void>;
  release(): void;
}

export interface Checkpointer {
  /** stops the worker (the writer then checkpoints by itself again); resolves when it has stopped */
  stop(): Promise<void>;
}

// Plain CommonJS evaluated in the worker: it opens its own connection with the same driver as the app.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
let timer;
const next = () => {
  timer = setTimeout(tick, workerData.everyMs);
};
const restart = () => {
  try {
    db.pragma("wal_checkpoint(RESTART)");
  } finally {
    if (workerData.asksForTurn) parentPort.postMessage("restarted");
  }
  next();
};
const tick = () => {
  const [state] = db.pragma("wal_checkpoint(PASSIVE)");
  if (!(state && state.log > workerData.restartPages)) return next();
  // with a write turn, the RESTART waits for the app to hand it over ("turn" below)
  if (workerData.asksForTurn) parentPort.postMessage("turn?");
  else restart();
};
parentPort.on("message", (message) => {
  if (message === "turn") return restart();
  clearTimeout(timer);
  db.close();
  process.exit(0);
});
next();
`;

/**
 * Moves `writer`'s checkpoints to a worker thread (nothing for an in-memory database, which has no log).
 * The worker does not keep the process alive.
 */
export function checkpointInBackground(
  writer: CheckpointedConnection,
  options: { busyTimeoutMs: number; everyMs?: number; restartPages?: number; writeTurn?: WriteTurn },
): Checkpointer | null {
  if (writer.memory) return null;
  const takeBack = () => {
    try {
      writer.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    } catch {
      // the connection is closed already: nothing to take back
    }
  };
  let worker: Worker;
  try {
    // resolved from the project, where the app's own driver is (Next's bundle keeps it external)
    const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver,
        file: writer.name,
        busyTimeoutMs: options.busyTimeoutMs,
        everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS,
        restartPages: options.restartPages ?? RESTART_PAGES,
        asksForTurn: options.writeTurn !== undefined,
      },
    });
  } catch {
    return null; // the writer keeps SQLite's own checkpoints
  }
  writer.pragma("wal_autocheckpoint = 0");
  worker.unref();
  let stopped = false;
  let gone = false;
  let holdsTurn = false;
  const giveTurnBack = () => {
    if (holdsTurn) options.writeTurn?.release();
    holdsTurn = false;
  };
  worker.on("message", (message) => {
    const turn = options.writeTurn;
    if (turn === undefined) return;
    if (message === "restarted") giveTurnBack();
    else if (message === "turn?") {
      void turn.acquire().then(() => {
        holdsTurn = true;
        if (stopped || gone) giveTurnBack();
        else worker.postMessage("turn");
      });
    }
  });
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => {
      gone = true;
      giveTurnBack(); // a worker that stopped mid-checkpoint must not keep the writes waiting
      if (!stopped) takeBack();
      resolve();
    });
  });
  worker.once("error", (error) => {
    // the exit that follows gives the checkpoints back to the writer; say why, since nothing else will
    console.error("WAL checkpoint worker stopped; the writer checkpoints by itself again:", error.message);
  });
  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        takeBack();
        worker.ref(); // an unref'd worker's exit would not keep a process that awaits it alive
        worker.postMessage("stop");
      }
      await exited;
    },
  };
}
