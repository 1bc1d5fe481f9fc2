import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import {
  startInterview,
  startInterviewSweep,
  sweepIfLeaseHeld,
  SWEEP_INTERVAL_MS,
  SWEEP_LEASE,
  SWEEP_LEASE_MS,
} from "../../../lib/server/interviews";

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

describe("the sweep's lease (one sweeping instance at a time)", () => {
  it("lets only the holder sweep, and another instance take over once the holder stops renewing", async () => {
    const user = await prisma.user.create({ data: { email: "lease@example.test", passwordHash: "x" } });
    const t0 = new Date("2030-01-01T10:00:00Z");
    clearInterval(holder.hopdrillInterviewSweep); // the timer of the test above: this one drives the clock
    await prisma.lease.deleteMany({ where: { name: SWEEP_LEASE } });
    const expired = async (startedAt: Date) => {
      const started = await startInterview(user.id, { set: "kubernetes-dns", questions: 1, minutes: 5 }, startedAt);
      if (!started.ok) throw new Error(started.message);
      return started.id;
    };

    const first = await expired(new Date(t0.getTime() - 10 * 60_000));
    expect(await sweepIfLeaseHeld(t0, SWEEP_INTERVAL_MS, "instance-a")).toBe(1);
    expect((await prisma.interview.findUniqueOrThrow({ where: { id: first } })).status).toBe("submitted");

    // b asks while a's lease runs: b does not sweep, a (renewing) does
    const second = await expired(new Date(t0.getTime() - 9 * 60_000));
    const renewal = new Date(t0.getTime() + SWEEP_INTERVAL_MS);
    expect(await sweepIfLeaseHeld(renewal, SWEEP_INTERVAL_MS, "instance-b")).toBeNull();
    expect((await prisma.interview.findUniqueOrThrow({ where: { id: second } })).status).toBe("active");
    expect(await sweepIfLeaseHeld(renewal, SWEEP_INTERVAL_MS, "instance-a")).toBe(1);

    // a stops: once its lease (renewed at `renewal`) has run out, b takes over and sweeps
    const third = await expired(new Date(t0.getTime() - 8 * 60_000));
    const stillHeld = new Date(renewal.getTime() + SWEEP_LEASE_MS - 1);
    expect(await sweepIfLeaseHeld(stillHeld, SWEEP_INTERVAL_MS, "instance-b")).toBeNull();
    const afterExpiry = new Date(renewal.getTime() + SWEEP_LEASE_MS);
    expect(await sweepIfLeaseHeld(afterExpiry, SWEEP_INTERVAL_MS, "instance-b")).toBe(1);
    expect((await prisma.interview.findUniqueOrThrow({ where: { id: third } })).status).toBe("submitted");
    expect(await sweepIfLeaseHeld(afterExpiry, SWEEP_INTERVAL_MS, "instance-a")).toBeNull();
    expect(await prisma.lease.findUniqueOrThrow({ where: { name: SWEEP_LEASE } })).toMatchObject({
      holder: "instance-b",
    });
  });
});
