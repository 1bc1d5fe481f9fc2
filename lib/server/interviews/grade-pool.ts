import "server-only";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import type { Grade } from "../../grade/index";
import type { GradeBatch } from "./grade-worker";

/**
 * Grading runs on worker threads (piscina), not on the server's event loop.
 *
 * Grading a ten-question interview is tens of milliseconds of CPU (a scenario, its every valid path, the
 * tagger and the rules), and everything it allocates lives as long as the submit does. On the event loop,
 * each submit held every other request for its CPU time, and at 50 concurrent submits its garbage filled
 * the old generation (1.4 GB before its first full collection), whose collection later stalled the loop for
 * 250 ms: bench:load's capacity search failed its first trial after the grading scenario (README, "Capacity").
 * A worker has its own V8 heap and collects its own garbage; the event loop only awaits the grades.
 *
 * One thread fewer than the cores (at least one), so grading never takes every core from the requests, and
 * at a lower scheduling priority (nice), so a busy machine serves requests first and grades after. The
 * threads start with the pool and stay; idle, they do not keep the process alive. One pool per process: Next.js
 * evaluates this module once per route bundle, so the pool is kept on globalThis, as the database client is.
 */
const GRADING_THREADS = Math.max(1, os.availableParallelism() - 1);
const NICE_INCREMENT = 5;

type GradingPool = Piscina<GradeBatch, (Grade | null)[]>;
const globalForPool = globalThis as typeof globalThis & { hopdrillGradingPool?: GradingPool };

function gradingPool(): GradingPool {
  globalForPool.hopdrillGradingPool ??= new Piscina({
    // resolved from the project, as the checkpoint worker's driver is: Next's bundle of this module is not
    // where the sources are, and the thread loads the TypeScript source with tsx
    filename: pathToFileURL(path.join(process.cwd(), "lib", "server", "interviews", "grade-worker.ts")).href,
    execArgv: ["--import", "tsx"],
    minThreads: GRADING_THREADS,
    maxThreads: GRADING_THREADS,
    idleTimeout: Infinity,
    niceIncrement: NICE_INCREMENT,
  });
  return globalForPool.hopdrillGradingPool;
}

/** The grades of `batch.tasks`, in order (null where an item or its scenario is gone), from a grading thread. */
export function gradeInPool(batch: GradeBatch): Promise<(Grade | null)[]> {
  if (batch.tasks.length === 0) return Promise.resolve([]);
  return gradingPool().run(batch);
}

/** Starts the threads now, so the first submit does not wait for them to load the grader. */
export function warmGradingPool(): void {
  gradingPool();
}

/** Stops the threads (tests and shutdown); the next grade starts them again. */
export async function closeGradingPool(): Promise<void> {
  const closing = globalForPool.hopdrillGradingPool;
  globalForPool.hopdrillGradingPool = undefined;
  await closing?.close();
}
