/**
 * Leases: one app instance at a time runs a background job (the interview expiry sweep). A lease is a row
 * with a holder and an expiry; holding it is a compare-and-set, so two instances asking at once never both
 * get it, on SQLite or PostgreSQL. The holder renews it each time it runs; when it stops (the process died),
 * the lease expires and the next instance to ask takes it over. Instances' clocks must agree to well within
 * the lease's length (NTP does).
 */
import "server-only";
import { isUniqueViolation, prisma } from "./db";

/**
 * Holds (takes or renews) the lease `name` for `holder` until `now + ttlMs`: true when `holder` has it now.
 * Taken when nobody holds it, when its holder's expiry has passed, or when `holder` held it already.
 */
export async function holdLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  // PostgreSQL re-checks the condition on the row a concurrent taker just wrote, so only one of them matches.
  const taken = await prisma.lease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lte: now } }] },
    data: { holder, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await prisma.lease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // held by someone else (or created by them just now)
    throw error;
  }
}
