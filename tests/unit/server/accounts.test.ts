import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import {
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
