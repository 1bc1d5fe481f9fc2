/**
 * How long the WAL checkpoint worker holds the writer's turn when it starts the log over
 * (`npm run bench:checkpoints`), and what that does to the writes behind it. One process, a fresh WAL file,
 * the real worker (lib/server/sqlite/checkpoints.ts) with the app's FairGate as its write turn: a rating-like
 * transaction (two rows, five indexes) every 3 ms for LOAD_STEP_SECONDS (40) seconds, each waiting its turn
 * as the app's writes do. Prints, per round (LOAD_RUNS, 3), the turn's hold time per log reset and the
 * writes' latency from their arrival (p50/p99/p99.9/max). The log restarts past 64 MiB, every 6–7 s here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { FairGate } from "../../lib/server/fair-gate";
import { checkpointInBackground, type WriteTurn } from "../../lib/server/sqlite/checkpoints";
import { median, percentile } from "./load-drive";

const seconds = Number(process.env.LOAD_STEP_SECONDS ?? 40);
const rounds = Number(process.env.LOAD_RUNS ?? 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function round(): Promise<{ holds: number[]; latencies: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-bench-checkpoints-"));
  const db = new Database(path.join(dir, "bench.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(
    "CREATE TABLE log (id INTEGER PRIMARY KEY, card TEXT, at INTEGER, a TEXT, b TEXT);" +
      "CREATE INDEX log_card ON log (card); CREATE INDEX log_at ON log (at);" +
      "CREATE INDEX log_a ON log (a); CREATE INDEX log_b ON log (b);",
  );
  const insert = db.prepare("INSERT INTO log (card, at, a, b) VALUES (?, ?, ?, ?)");
  let n = 0;
  // scattered keys, as the review log's card and user indexes are: each write dirties pages all over each index
  const text = () => `${(((n += 1) * 2654435761) % 2 ** 32).toString(36)}-${"k".repeat(60)}-${n.toString(36)}`;
  const rate = db.transaction(() => {
    for (let i = 0; i < 2; i += 1) insert.run(text(), n, text(), text());
  });
  const gate = new FairGate();
  const holds: number[] = [];
  let heldSince = 0;
  const turn: WriteTurn = {
    acquire: async () => {
      await gate.acquire();
      heldSince = performance.now();
    },
    release: () => {
      holds.push(performance.now() - heldSince);
      gate.release();
    },
  };
  const checkpoints = checkpointInBackground(db, { busyTimeoutMs: 5000, writeTurn: turn });
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const arrived = performance.now();
    pending.push(
      gate.acquire().then(() => {
        try {
          rate();
        } finally {
          gate.release();
        }
        latencies.push(performance.now() - arrived);
      }),
    );
    await sleep(3);
  }
  await Promise.all(pending);
  await checkpoints?.stop();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { holds, latencies };
}

const ms = (value: number) => value.toFixed(1);
const summaries: { hold: number; p99: number; max: number }[] = [];
for (let r = 0; r < rounds; r += 1) {
  const { holds, latencies } = await round();
  const sorted = [...latencies].sort((a, b) => a - b);
  const p = (q: number) => percentile(sorted, q);
  console.log(
    `round ${r + 1}: ${holds.length} log resets, turn held ${holds.map(ms).join(", ")} ms; ` +
      `${sorted.length} writes, latency p50 ${ms(p(50))} p99 ${ms(p(99))} p99.9 ${ms(p(99.9))} max ${ms(sorted.at(-1) ?? NaN)} ms`,
  );
  summaries.push({ hold: median(holds), p99: p(99), max: sorted.at(-1) ?? NaN });
}
console.log(
  `median of ${rounds} rounds: turn held ${ms(median(summaries.map((s) => s.hold)))} ms per reset, ` +
    `write p99 ${ms(median(summaries.map((s) => s.p99)))} ms, max ${ms(median(summaries.map((s) => s.max)))} ms`,
);
