import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countdownLevel,
  deadlineFor,
  decideRevision,
  decideSave,
  decideSubmit,
  formatRemaining,
  isExpired,
  LATE_GRACE_MS,
  pacingHint,
  remainingMs,
  repeatNotice,
} from "../../../lib/interview";

const start = new Date("2026-01-01T12:00:00Z");
/** "4:59" → 299 */
const seconds = (shown: string) => shown.split(":").reduce((total, part) => total * 60 + Number(part), 0);
const plus = (ms: number) => new Date(start.getTime() + ms);

describe("deadline", () => {
  it("is the start plus the duration", () => {
    expect(deadlineFor(start, 20 * 60).toISOString()).toBe("2026-01-01T12:20:00.000Z");
    expect(deadlineFor(start, 5 * 60).toISOString()).toBe("2026-01-01T12:05:00.000Z");
  });

  it("remaining time is deadline − now and never negative", () => {
    const deadline = deadlineFor(start, 600);
    expect(remainingMs(deadline, plus(0))).toBe(600_000);
    expect(remainingMs(deadline, plus(599_500))).toBe(500);
    expect(remainingMs(deadline, plus(700_000))).toBe(0);
  });

  it("two tabs (or a reload) at the same server time see the same remaining time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 3600 }), fc.integer({ min: 0, max: 4_000_000 }), (duration, elapsed) => {
        const deadline = deadlineFor(start, duration);
        const now = plus(elapsed);
        expect(remainingMs(deadline, now)).toBe(remainingMs(new Date(deadline.getTime()), new Date(now.getTime())));
        expect(remainingMs(deadline, now)).toBe(Math.max(0, duration * 1000 - elapsed));
      }),
    );
  });

  it("expires only once the grace after the deadline has passed", () => {
    const deadline = deadlineFor(start, 300);
    expect(isExpired(deadline, plus(300_000))).toBe(false);
    expect(isExpired(deadline, plus(300_000 + LATE_GRACE_MS))).toBe(false);
    expect(isExpired(deadline, plus(300_000 + LATE_GRACE_MS + 1))).toBe(true);
  });
});

describe("countdown", () => {
  const twenty = 20 * 60_000;
  it("warns once less than 5 minutes show, and again once less than 1 minute shows", () => {
    // the countdown shows whole seconds rounded up: 4:59 shows from 299 000 ms
    expect(countdownLevel(5 * 60_000 + 1, twenty)).toBe("normal");
    expect(countdownLevel(5 * 60_000, twenty)).toBe("normal");
    expect(countdownLevel(299_001, twenty)).toBe("normal");
    expect(countdownLevel(299_000, twenty)).toBe("warning");
    expect(countdownLevel(60_001, twenty)).toBe("warning");
    expect(countdownLevel(60_000, twenty)).toBe("warning");
    expect(countdownLevel(59_000, twenty)).toBe("danger");
    expect(countdownLevel(1, twenty)).toBe("danger");
    expect(countdownLevel(0, twenty)).toBe("expired");
  });

  it("a 5-minute interview does not say 'less than 5 minutes left' from 5:00 (regression)", () => {
    const five = 5 * 60_000;
    expect(countdownLevel(five, five)).toBe("normal");
    expect(countdownLevel(299_000, five)).toBe("normal");
    expect(countdownLevel(61_000, five)).toBe("normal");
    // it still warns at 1 minute
    expect(countdownLevel(59_000, five)).toBe("danger");
  });

  it("the level never says less time than the countdown shows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 5, max: 60 }), (remaining, minutes) => {
        const level = countdownLevel(remaining, minutes * 60_000);
        const shownSec = seconds(formatRemaining(remaining));
        if (level === "warning") expect(shownSec).toBeLessThan(300);
        if (level === "danger") expect(shownSec).toBeLessThan(60);
        if (shownSec < 60) expect(level).toBe("danger");
      }),
    );
  });

  it("formats minutes and seconds, rounding up so 0:00 means time is really up", () => {
    expect(formatRemaining(20 * 60_000)).toBe("20:00");
    expect(formatRemaining(61_000)).toBe("1:01");
    expect(formatRemaining(500)).toBe("0:01");
    expect(formatRemaining(0)).toBe("0:00");
    expect(formatRemaining(3_600_000 + 2_000)).toBe("1:00:02");
  });
});

describe("pacing", () => {
  it("spreads the time evenly and says when to move on", () => {
    const hint = pacingHint(30 * 60, 3, 0, 30 * 60_000);
    expect(hint.perQuestionSec).toBe(600);
    expect(hint.moveOnAtRemainingMs).toBe(20 * 60_000);
    expect(hint.behind).toBe(false);
    expect(hint.text).toContain("20:00");
    expect(pacingHint(30 * 60, 3, 0, 19 * 60_000).behind).toBe(true);
    expect(pacingHint(30 * 60, 3, 2, 5 * 60_000).text).toMatch(/last one/);
  });
});

describe("asking for more questions than the set has", () => {
  it.each([
    [1, 1, null],
    [3, 5, null],
    [
      3,
      1,
      "This set has 1 interview question: questions 2–3 ask it again, each time on a different generated cluster.",
    ],
    [2, 1, "This set has 1 interview question: question 2 asks it again, each time on a different generated cluster."],
    [
      5,
      2,
      "This set has 2 interview questions: questions 3–5 ask them again, each time on a different generated cluster.",
    ],
    [
      3,
      2,
      "This set has 2 interview questions: question 3 asks one of them again, each time on a different generated cluster.",
    ],
  ])("%i asked of %i: %j", (asked, available, text) => {
    expect(repeatNotice(asked, available)).toBe(text);
  });
});

describe("state transitions", () => {
  const deadlineAt = deadlineFor(start, 600);

  it("accepts saves while active and before the deadline's grace", () => {
    expect(decideSave({ status: "active", deadlineAt }, plus(1000))).toEqual({ ok: true });
    expect(decideSave({ status: "active", deadlineAt }, plus(600_000 + LATE_GRACE_MS))).toEqual({ ok: true });
  });

  it("refuses a late save as LATE, whatever the status", () => {
    for (const status of ["active", "submitted"] as const) {
      const decision = decideSave({ status, deadlineAt }, plus(600_000 + LATE_GRACE_MS + 1));
      expect(decision).toMatchObject({ ok: false, code: "LATE" });
    }
  });

  it("refuses any answer change after submit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600_000 }), (elapsed) => {
        expect(decideSave({ status: "submitted", deadlineAt }, plus(elapsed))).toMatchObject({
          ok: false,
          code: "SUBMITTED",
        });
      }),
    );
  });

  it("submits once: a second submit is harmless", () => {
    expect(decideSubmit({ status: "active", deadlineAt }, plus(1000), "learner")).toEqual({
      action: "submit",
      by: "learner",
    });
    expect(decideSubmit({ status: "submitted", deadlineAt }, plus(2000), "learner")).toEqual({
      action: "already-submitted",
    });
    expect(decideSubmit({ status: "submitted", deadlineAt }, plus(900_000), "deadline")).toEqual({
      action: "already-submitted",
    });
  });

  it("auto-submits only expired sessions, and records a learner's late Finish as by the deadline", () => {
    expect(decideSubmit({ status: "active", deadlineAt }, plus(599_000), "deadline")).toEqual({ action: "not-due" });
    expect(decideSubmit({ status: "active", deadlineAt }, plus(700_000), "deadline")).toEqual({
      action: "submit",
      by: "deadline",
    });
    expect(decideSubmit({ status: "active", deadlineAt }, plus(700_000), "learner")).toEqual({
      action: "submit",
      by: "deadline",
    });
  });

  it("orders answer revisions last-write-wins: only a newer revision is applied", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (stored, incoming) => {
        expect(decideRevision(stored, incoming)).toBe(incoming > stored ? "apply" : "stale");
      }),
    );
  });
});
