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
 * runs a TRUNCATE checkpoint, which waits for the writer to finish its transaction, copies the little the
 * passive pass left and empties the file. If the worker cannot start or stops, the writer takes the
 * checkpoints back (wal_autocheckpoint as SQLite's default), so the log can never grow without bound.
 */

/** How often the worker checkpoints (ms). */
export const CHECKPOINT_EVERY_MS = 100;
/** A log this long (pages, 4 KiB each: 64 MiB) is checkpointed to its end and emptied, waiting for the writer. */
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
const tick = () => {
  const [state] = db.pragma("wal_checkpoint(PASSIVE)");
  if (state && state.log > workerData.restartPages) db.pragma("wal_checkpoint(TRUNCATE)");
  timer = setTimeout(tick, workerData.everyMs);
};
parentPort.on("message", () => {
  clearTimeout(timer);
  db.close();
  process.exit(0);
});
timer = setTimeout(tick, workerData.everyMs);
`;

/**
 * Moves `writer`'s checkpoints to a worker thread (nothing for an in-memory database, which has no log).
 * The worker does not keep the process alive.
 */
export function checkpointInBackground(
  writer: CheckpointedConnection,
  options: { busyTimeoutMs: number; everyMs?: number; restartPages?: number },
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
      },
    });
  } catch {
    return null; // the writer keeps SQLite's own checkpoints
  }
  writer.pragma("wal_autocheckpoint = 0");
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => {
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
