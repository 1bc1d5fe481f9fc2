/**
 * Next.js calls register() once when a server process starts. The Node.js server first checks the settings
 * that several instances on one PostgreSQL database must share (lib/server/env.ts), then runs the
 * mock-interview expiry sweep (lib/server/interviews/sweep.ts) and starts the grading threads
 * (lib/server/interviews/grade-pool.ts), so the first submit does not wait for them; the Edge runtime has no
 * database and does nothing.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitUnlessInstanceSettings } = await import("./lib/server/env");
  exitUnlessInstanceSettings();
  const { startInterviewSweep } = await import("./lib/server/interviews/sweep");
  startInterviewSweep();
  const { warmGradingPool } = await import("./lib/server/interviews/grade-pool");
  warmGradingPool();
}
