import "server-only";
import { prisma } from "../db";

/** Failed sign-ins allowed per email (and, more loosely, per client address) in the window. */
export const SIGN_IN_LIMIT = { windowMs: 15 * 60_000, perEmail: 5, perIp: 30 } as const;

export type AttemptClaim =
  { readonly allowed: true; readonly attemptId: string } | { readonly allowed: false; readonly retryAt: Date };

/**
 * Claims one sign-in attempt against the limits before the password is checked, so attempts sent at once
 * cannot all pass a check made before any of them was recorded. The attempt is written first, as a failure,
 * and only then are the failures in the window counted, this one included. Every attempt therefore counts
 * every attempt written before it: of any number sent together, at most the limit are let through (the
 * ones written first), whatever the interleaving, on SQLite and PostgreSQL alike. A refused attempt removes
 * its row again: being refused does not extend the lock.
 */
export async function claimSignInAttempt(email: string, ip: string, now = new Date()): Promise<AttemptClaim> {
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs);
  const attempt = await prisma.loginAttempt.create({
    data: { email, ip, success: false, createdAt: now },
    select: { id: true },
  });
  const [byEmail, byIp] = await Promise.all([
    prisma.loginAttempt.count({ where: { email, success: false, createdAt: { gt: since } } }),
    prisma.loginAttempt.count({ where: { ip, success: false, createdAt: { gt: since } } }),
  ]);
  if (byEmail <= SIGN_IN_LIMIT.perEmail && byIp <= SIGN_IN_LIMIT.perIp) {
    return { allowed: true, attemptId: attempt.id };
  }
  await prisma.loginAttempt.delete({ where: { id: attempt.id } });
  return { allowed: false, retryAt: await unlockTime(email, ip, since, now) };
}

/** When the oldest failure that keeps this email (or address) over its limit leaves the window. */
async function unlockTime(email: string, ip: string, since: Date, now: Date): Promise<Date> {
  const blocking = async (where: { email: string } | { ip: string }, limit: number) => {
    // the failure whose expiry brings the count back under the limit: the (count - limit + 1)-th oldest
    const rows = await prisma.loginAttempt.findMany({
      where: { ...where, success: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { createdAt: true },
    });
    return rows.length < limit ? null : rows[limit - 1]!.createdAt;
  };
  const oldest = [await blocking({ email }, SIGN_IN_LIMIT.perEmail), await blocking({ ip }, SIGN_IN_LIMIT.perIp)]
    .filter((at): at is Date => at !== null)
    .map((at) => at.getTime() + SIGN_IN_LIMIT.windowMs);
  return new Date(Math.max(now.getTime() + 1000, ...oldest));
}

/** The claimed attempt's outcome: a success clears the email's failure streak. */
export async function settleSignInAttempt(attemptId: string, email: string, success: boolean): Promise<void> {
  if (!success) return; // it was written as a failure
  await prisma.$transaction([
    prisma.loginAttempt.update({ where: { id: attemptId }, data: { success: true } }),
    prisma.loginAttempt.deleteMany({ where: { email, success: false } }),
  ]);
}
