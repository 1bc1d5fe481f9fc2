import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "../db";
import { STUDY_SETTINGS_SELECT } from "../study/settings";
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

/** Who is asking and their study settings, in one statement: every signed-in request starts with it. */
export async function sessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const row = await prisma.user.findFirst({
    where: { sessions: { some: { id: tokenId(token), expiresAt: { gt: now } } } },
    select: { id: true, email: true, name: true, role: true, mustChangePassword: true, ...STUDY_SETTINGS_SELECT },
  });
  if (row === null) return null;
  const { id, email, name, role, mustChangePassword, ...study } = row;
  return { id, email, name, role: toRole(role), mustChangePassword, study };
}

/** Every other session of the account ends (a password change); the one named by `keepToken` stays. */
export function otherSessionsDeletion(userId: string, keepToken: string | null) {
  return prisma.session.deleteMany({
    where: keepToken === null ? { userId } : { userId, id: { not: tokenId(keepToken) } },
  });
}

export async function deleteSession(token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: tokenId(token) } });
}
