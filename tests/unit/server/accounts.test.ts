import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import {
  changePassword,
  createAdmin,
  createSession,
  deleteSession,
  ensureFirstAdmin,
  FIRST_ADMIN_EMAIL,
  sessionUser,
  SIGN_IN_LIMIT,
  signInWithPassword,
  signUpLearner,
} from "../../../lib/server/auth";

beforeAll(async () => {
  await useFreshDatabase();
});

describe("accounts", () => {
  it("stores an argon2id hash, never the password", async () => {
    const result = await signUpLearner({ email: "ana@example.test", password: "correct-horse-battery" });
    expect(result.ok).toBe(true);
    const row = await prisma.user.findUniqueOrThrow({ where: { email: "ana@example.test" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct-horse-battery");
    expect(row.role).toBe("learner");
  });

  it("refuses a second account with the same email", async () => {
    const again = await signUpLearner({ email: "ana@example.test", password: "another-password" });
    expect(again).toMatchObject({ ok: false, code: "EMAIL_TAKEN" });
  });

  it("signs in with the right password only", async () => {
    expect(
      await signInWithPassword({ email: "ana@example.test", password: "correct-horse-battery" }, "1.1.1.1"),
    ).toMatchObject({ ok: true });
    expect(await signInWithPassword({ email: "ana@example.test", password: "wrong" }, "1.1.1.1")).toMatchObject({
      ok: false,
      code: "WRONG_CREDENTIALS",
    });
    expect(await signInWithPassword({ email: "nobody@example.test", password: "wrong" }, "1.1.1.1")).toMatchObject({
      ok: false,
      code: "WRONG_CREDENTIALS",
    });
  });

  it("rate limits repeated failed sign-ins, even when the password is then right", async () => {
    await signUpLearner({ email: "bo@example.test", password: "correct-horse-battery" });
    for (let i = 0; i < SIGN_IN_LIMIT.perEmail; i += 1) {
      await signInWithPassword({ email: "bo@example.test", password: `guess-${i}` }, "2.2.2.2");
    }
    const limited = await signInWithPassword(
      { email: "bo@example.test", password: "correct-horse-battery" },
      "2.2.2.2",
    );
    expect(limited).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    if (!limited.ok) expect(limited.message).toMatch(/Try again in \d+ minutes?/);
  });

  it("lets at most the limit through when wrong passwords arrive at once, and then refuses the right one", async () => {
    await signUpLearner({ email: "cy@example.test", password: "correct-horse-battery" });
    const wrong = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        signInWithPassword({ email: "cy@example.test", password: `guess-${i}` }, "3.3.3.3"),
      ),
    );
    // attempts written together may all see each other and all be refused: never more than the limit pass
    const evaluated = wrong.filter((r) => !r.ok && r.code === "WRONG_CREDENTIALS").length;
    expect(evaluated).toBeLessThanOrEqual(SIGN_IN_LIMIT.perEmail);
    expect(wrong.filter((r) => !r.ok && r.code === "RATE_LIMITED")).toHaveLength(11 - evaluated);
    // the evaluated ones count as failures, the refused ones do not: the rest of the allowance is still there
    for (let i = evaluated; i < SIGN_IN_LIMIT.perEmail; i += 1) {
      expect(await signInWithPassword({ email: "cy@example.test", password: `late-${i}` }, "3.3.3.3")).toMatchObject({
        ok: false,
        code: "WRONG_CREDENTIALS",
      });
    }
    const right = await Promise.all(
      Array.from({ length: 4 }, () =>
        signInWithPassword({ email: "cy@example.test", password: "correct-horse-battery" }, "3.3.3.3"),
      ),
    );
    expect(right.map((r) => (r.ok ? "ok" : r.code))).toEqual(Array(4).fill("RATE_LIMITED"));
  });

  it("evaluates at most the limit of a burst that holds the right password too", async () => {
    await signUpLearner({ email: "di@example.test", password: "correct-horse-battery" });
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signInWithPassword(
          { email: "di@example.test", password: i === 11 ? "correct-horse-battery" : `guess-${i}` },
          "4.4.4.4",
        ),
      ),
    );
    const refused = burst.filter((r) => !r.ok && r.code === "RATE_LIMITED").length;
    expect(12 - refused).toBeLessThanOrEqual(SIGN_IN_LIMIT.perEmail);
  });

  it("tells when the lock ends: when the oldest failure of the window leaves it", async () => {
    await signUpLearner({ email: "ed@example.test", password: "correct-horse-battery" });
    const t0 = Date.parse("2026-06-01T10:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMIT.perEmail; i += 1) {
      const at = new Date(t0 + i * 60_000); // one a minute
      await signInWithPassword({ email: "ed@example.test", password: `guess-${i}` }, `5.5.5.${i}`, at);
    }
    const locked = await signInWithPassword(
      { email: "ed@example.test", password: "correct-horse-battery" },
      "5.5.5.9",
      new Date(t0 + 7 * 60_000),
    );
    expect(locked).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    if (locked.ok || locked.code !== "RATE_LIMITED") throw new Error("expected a lock");
    expect(locked.retryAt.toISOString()).toBe("2026-06-01T10:15:00.000Z");
    expect(locked.message).toMatch(/Try again in 8 minutes\./);
    // once the first failure has left the window, the right password signs in
    const after = await signInWithPassword(
      { email: "ed@example.test", password: "correct-horse-battery" },
      "5.5.5.9",
      new Date(t0 + 15 * 60_000 + 1),
    );
    expect(after).toMatchObject({ ok: true });
  });

  it("limits one address trying many accounts", async () => {
    const at = new Date("2026-06-02T10:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMIT.perIp; i += 1) {
      await signInWithPassword({ email: `nobody-${i}@example.test`, password: "wrong" }, "6.6.6.6", at);
    }
    expect(
      await signInWithPassword({ email: "someone-else@example.test", password: "wrong" }, "6.6.6.6", at),
    ).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(
      await signInWithPassword({ email: "someone-else@example.test", password: "wrong" }, "6.6.6.7", at),
    ).toMatchObject({ ok: false, code: "WRONG_CREDENTIALS" });
  });

  it("a password change signs out every other session of the account, and keeps the current one", async () => {
    await signUpLearner({ email: "fa@example.test", password: "correct-horse-battery" });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "fa@example.test" } });
    const other = await prisma.user.findUniqueOrThrow({ where: { email: "ana@example.test" } });
    const [here, laptop, phone] = await Promise.all([1, 2, 3].map(() => createSession(user.id, "agent")));
    const elsewhere = await createSession(other.id, "agent");
    expect(await changePassword(user.id, "not-it", "a-new-password-1", here!)).toMatchObject({
      ok: false,
      code: "WRONG_CREDENTIALS",
    });
    expect(await sessionUser(laptop!)).not.toBeNull();
    expect(await changePassword(user.id, "correct-horse-battery", "a-new-password-1", here!)).toEqual({
      ok: true,
      signedOut: 2,
    });
    expect(await sessionUser(here!)).not.toBeNull();
    expect(await sessionUser(laptop!)).toBeNull();
    expect(await sessionUser(phone!)).toBeNull();
    expect(await sessionUser(elsewhere)).not.toBeNull();
    expect(
      await signInWithPassword({ email: "fa@example.test", password: "a-new-password-1" }, "7.7.7.7"),
    ).toMatchObject({ ok: true });
  });

  it("creates the first admin once, with a one-time password that must be changed", async () => {
    const first = await ensureFirstAdmin();
    expect(first?.email).toBe(FIRST_ADMIN_EMAIL);
    expect(first?.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const row = await prisma.user.findUniqueOrThrow({ where: { email: FIRST_ADMIN_EMAIL } });
    expect(row).toMatchObject({ role: "admin", mustChangePassword: true });
    expect(await ensureFirstAdmin()).toBeNull();
  });

  it("admin:create promotes an existing learner", async () => {
    const made = await createAdmin("ana@example.test", "admin-password-123");
    expect(made.created).toBe(false);
    expect((await prisma.user.findUniqueOrThrow({ where: { email: "ana@example.test" } })).role).toBe("admin");
  });
});

describe("sessions", () => {
  it("stores only a hash of the token, and ends on delete or expiry", async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "ana@example.test" } });
    const now = new Date("2026-01-01T00:00:00Z");
    const token = await createSession(user.id, "test-agent", now);
    expect(await prisma.session.count({ where: { id: token } })).toBe(0);
    expect((await sessionUser(token, now))?.email).toBe("ana@example.test");
    expect(await sessionUser(token, new Date("2026-03-01T00:00:00Z"))).toBeNull();
    await deleteSession(token);
    expect(await sessionUser(token, now)).toBeNull();
    expect(await sessionUser("forged-token", now)).toBeNull();
  });
});
