/**
 * The app's own timer for mock interviews: every SWEEP_INTERVAL_MS it submits (and grades) the active
 * interviews whose deadline has passed, so a session times out even when its browser is gone. Started once
 * per server process from instrumentation.ts. With several instances on one database only the holder of the
 * sweep's lease sweeps (lib/server/lease.ts); when it stops renewing, another instance takes over within
 * SWEEP_LEASE_MS. The sweep itself is idempotent (lib/server/interviews/submit.ts submitById), so a request
 * expiring the same interview meanwhile never grades it twice.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { holdLease } from "../lease";
import { sweepExpiredInterviews } from "./submit";

export const SWEEP_INTERVAL_MS = 15_000;
/** How long a sweeper holds the lease without renewing it: four missed ticks. */
export const SWEEP_LEASE_MS = 4 * SWEEP_INTERVAL_MS;
export const SWEEP_LEASE = "interview-sweep";

/** This process's name as a lease holder. */
const holder = `${process.pid}-${randomUUID()}`;

/**
 * One sweep if this process holds (or can take) the sweep's lease: the number of interviews it submitted, or
 * null when another instance holds the lease.
 */
export async function sweepIfLeaseHeld(
  now: Date,
  intervalMs: number = SWEEP_INTERVAL_MS,
  as: string = holder,
): Promise<number | null> {
  if (!(await holdLease(SWEEP_LEASE, as, now, 4 * intervalMs))) return null;
  return sweepExpiredInterviews(now);
}

const globalForSweep = globalThis as typeof globalThis & { hopdrillInterviewSweep?: ReturnType<typeof setInterval> };

export function startInterviewSweep(intervalMs: number = SWEEP_INTERVAL_MS): void {
  if (globalForSweep.hopdrillInterviewSweep !== undefined) return;
  let running = false;
  const tick = async () => {
    if (running) return; // a slow sweep is not overlapped by the next tick
    running = true;
    try {
      await sweepIfLeaseHeld(new Date(), intervalMs);
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
