import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { directSql, prisma } from "../db";
import { sqlTime } from "../sqlite/direct";
import { STUDY_SETTINGS_COLUMNS, studySettingsFromRow } from "../study/settings";
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
const SESSION_USER_SQL =
  'SELECT u."id", u."email", u."name", u."role", u."mustChangePassword", ' +
  STUDY_SETTINGS_COLUMNS.map((column) => `u."${column}"`).join(", ") +
  ' FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ? AND s."expiresAt" > ?';

export async function sessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const sql = await directSql();
  const row = sql.get<Record<string, string | number | null>>(SESSION_USER_SQL, [tokenId(token), sqlTime(now)]);
  if (row === undefined) return null;
  return {
    id: String(row.id),
    email: String(row.email),
    name: row.name === null ? null : String(row.name),
    role: toRole(String(row.role)),
    mustChangePassword: row.mustChangePassword === 1,
    study: studySettingsFromRow(row),
  };
}

export async function deleteSession(token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: tokenId(token) } });
}
