/**
 * The app's own timer for mock interviews: every SWEEP_INTERVAL_MS it submits (and grades) the active
 * interviews whose deadline has passed, so a session times out even when its browser is gone. Started once
 * per server process from instrumentation.ts; the sweep itself is idempotent (lib/server/interviews/submit.ts
 * submitById), so a second process or an overlapping request never grades twice.
 */
import "server-only";
import { sweepExpiredInterviews } from "./submit";

export const SWEEP_INTERVAL_MS = 15_000;

const globalForSweep = globalThis as typeof globalThis & { hopdrillInterviewSweep?: ReturnType<typeof setInterval> };

export function startInterviewSweep(intervalMs: number = SWEEP_INTERVAL_MS): void {
  if (globalForSweep.hopdrillInterviewSweep !== undefined) return;
  let running = false;
  const tick = async () => {
    if (running) return; // a slow sweep is not overlapped by the next tick
    running = true;
    try {
      await sweepExpiredInterviews(new Date());
    } catch (error) {
      console.error("Interview sweep failed:", error instanceof Error ? error.message : String(error));
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref(); // never keeps a process alive on its own
  globalForSweep.hopdrillInterviewSweep = timer;
}
