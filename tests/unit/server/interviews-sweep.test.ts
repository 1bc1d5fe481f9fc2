import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import { startInterview, startInterviewSweep, SWEEP_INTERVAL_MS } from "../../../lib/server/interviews";

const holder = globalThis as typeof globalThis & { hopdrillInterviewSweep?: ReturnType<typeof setInterval> };

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
});

afterAll(() => {
  if (holder.hopdrillInterviewSweep !== undefined) clearInterval(holder.hopdrillInterviewSweep);
  holder.hopdrillInterviewSweep = undefined;
});

describe("the expiry sweep timer", () => {
  it("starts once per process and submits an interview whose deadline passed, with no request touching it", async () => {
    const user = await prisma.user.create({ data: { email: "s@example.test", passwordHash: "x" } });
    const started = await startInterview(
      user.id,
      { set: "kubernetes-dns", questions: 1, minutes: 5 },
      new Date(Date.now() - 10 * 60_000),
    );
    if (!started.ok) throw new Error(started.message);
    const setInterval = vi.spyOn(globalThis, "setInterval");
    startInterviewSweep(50);
    startInterviewSweep(50);
    expect(setInterval).toHaveBeenCalledTimes(1);
    setInterval.mockRestore();
    await vi.waitFor(
      async () => {
        const row = await prisma.interview.findUniqueOrThrow({ where: { id: started.id } });
        expect(row.status).toBe("submitted");
        expect(row.submittedBy).toBe("deadline");
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(SWEEP_INTERVAL_MS).toBeLessThanOrEqual(60_000);
  });
});
