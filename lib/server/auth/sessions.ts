import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { rawRows, rowDate, rowDateOrNull, type RowDate } from "../sql-rows";
import { STUDY_SETTINGS_SELECT, type UserStudySettings } from "../study/settings";
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

interface SessionUserRow extends UserStudySettings {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: string;
  readonly mustChangePassword: boolean;
  readonly timeZoneSetAt: RowDate | null;
  readonly expiresAt: RowDate;
}

/** The User columns a request reads with its session, as SessionUserRow names them (the user aliased `u`). */
const SESSION_USER_COLUMNS = [
  "id",
  "email",
  "name",
  "role",
  "mustChangePassword",
  "timeZoneSetAt",
  ...Object.keys(STUDY_SETTINGS_SELECT),
]
  .map((column) => `u."${column}"`)
  .join(", ");

/**
 * Who is asking, their study settings and whether their time zone is still the default (the layout's question),
 * in one statement: every signed-in request starts with it. The session
 * is found by its primary key and the user joined to it by theirs (asking for "the user with such a session"
 * instead made SQLite scan every user), and the expiry is compared here, in one clock for both providers.
 */
export async function sessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const [row] = await rawRows<SessionUserRow>(
    Prisma.sql`SELECT ${Prisma.raw(SESSION_USER_COLUMNS)}, s."expiresAt" FROM "Session" s
      JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${tokenId(token)}`,
  );
  if (row === undefined || rowDate(row.expiresAt).getTime() <= now.getTime()) return null;
  const { id, email, name, role, mustChangePassword, timeZoneSetAt, expiresAt: _expiresAt, ...study } = row;
  const timeZoneUnset = rowDateOrNull(timeZoneSetAt) === null;
  return { id, email, name, role: toRole(role), mustChangePassword, study, timeZoneUnset };
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
