import "server-only";
import { prisma } from "../db";

/** Failed sign-ins allowed per email (and, more loosely, per client address) in the window. */
export const SIGN_IN_LIMIT = { windowMs: 15 * 60_000, perEmail: 5, perIp: 30 } as const;

export type LimitCheck = { readonly limited: false } | { readonly limited: true; readonly retryAfterSeconds: number };

export async function checkSignInLimit(email: string, ip: string, now = new Date()): Promise<LimitCheck> {
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs);
  const [byEmail, byIp] = await Promise.all([
    prisma.loginAttempt.findMany({
      where: { email, success: false, createdAt: { gt: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    prisma.loginAttempt.count({ where: { ip, success: false, createdAt: { gt: since } } }),
  ]);
  if (byEmail.length < SIGN_IN_LIMIT.perEmail && byIp < SIGN_IN_LIMIT.perIp) return { limited: false };
  const oldest = byEmail[0]?.createdAt ?? since;
  const retryAfterMs = Math.max(1000, oldest.getTime() + SIGN_IN_LIMIT.windowMs - now.getTime());
  return { limited: true, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
}

export async function recordSignInAttempt(email: string, ip: string, success: boolean): Promise<void> {
  await prisma.loginAttempt.create({ data: { email, ip, success } });
  if (success) {
    // a successful sign-in clears the email's failure streak
    await prisma.loginAttempt.deleteMany({ where: { email, success: false } });
  }
}
