import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "../db";
import { toRole, type SessionUser } from "./roles";

export const SESSION_DAYS = 30;

function tokenId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new session: the random token goes into the sealed cookie, only its hash into the database. */
export async function createSession(userId: string, userAgent: string | null, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.session.create({
    data: {
      id: tokenId(token),
      userId,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    },
  });
  return token;
}

export async function sessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const session = await prisma.session.findUnique({
    where: { id: tokenId(token) },
    select: {
      expiresAt: true,
      user: { select: { id: true, email: true, name: true, role: true, mustChangePassword: true } },
    },
  });
  if (!session || session.expiresAt <= now) return null;
  return { ...session.user, role: toRole(session.user.role) };
}

export async function deleteSession(token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: tokenId(token) } });
}
