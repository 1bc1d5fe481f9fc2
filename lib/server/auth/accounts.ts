import "server-only";
import { randomBytes } from "node:crypto";
import { isUniqueViolation, prisma } from "../db";
import { plural } from "../../content";
import { failure, type Failure, type Result } from "../../schemas/failure";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords";
import { claimSignInAttempt, settleSignInAttempt } from "./sign-in-limit";
import { otherSessionsDeletion } from "./sessions";
import { toRole, type SessionUser } from "./roles";
import type { SignInInput, SignUpInput } from "../../schemas/auth";

export type SignInResult =
  Result<{ user: SessionUser }, "WRONG_CREDENTIALS"> | (Failure<"RATE_LIMITED"> & { readonly retryAt: Date });

export async function signInWithPassword(input: SignInInput, ip: string, now = new Date()): Promise<SignInResult> {
  const claim = await claimSignInAttempt(input.email, ip, now);
  if (!claim.allowed) {
    const minutes = Math.max(1, Math.ceil((claim.retryAt.getTime() - now.getTime()) / 60_000));
    return {
      ...failure(
        "RATE_LIMITED",
        `Too many failed sign-ins for this account. Try again in ${plural(minutes, "minute")}.`,
      ),
      retryAt: claim.retryAt,
    };
  }
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  await settleSignInAttempt(claim.attemptId, input.email, valid && user !== null);
  if (!user || !valid) return failure("WRONG_CREDENTIALS", "Wrong email or password.");
  return { ok: true, user: toSessionUser(user) };
}

export type SignUpResult = Result<{ user: SessionUser }, "EMAIL_TAKEN">;

export async function signUpLearner(input: SignUpInput): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  const taken = () => failure("EMAIL_TAKEN", "An account with this email already exists.");
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return taken();
  try {
    const user = await prisma.user.create({
      data: { email: input.email, name: input.name || null, passwordHash, role: "learner" },
    });
    return { ok: true, user: toSessionUser(user) };
  } catch (error) {
    if (isUniqueViolation(error)) return taken(); // the same sign-up sent twice at once (two tabs, two instances)
    throw error;
  }
}

/** A readable one-time password: 4 groups of 5 base32-ish characters. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
  return chars.match(/.{5}/g)!.join("-");
}

export interface CreatedAdmin {
  readonly email: string;
  readonly password: string;
  readonly created: boolean;
}

/** Makes (or promotes) an admin. A generated password must be changed at first sign-in. */
export async function createAdmin(email: string, password?: string): Promise<CreatedAdmin> {
  const finalPassword = password ?? generatePassword();
  const passwordHash = await hashPassword(finalPassword);
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  await prisma.user.upsert({
    where: { email },
    create: { email, passwordHash, role: "admin", mustChangePassword: password === undefined },
    update: { passwordHash, role: "admin", mustChangePassword: password === undefined },
  });
  return { email, password: finalPassword, created: existing === null };
}

export const FIRST_ADMIN_EMAIL = "admin@hopdrill.local";

/** On the very first start with no admin: create one and return its one-time credentials (print once). */
export async function ensureFirstAdmin(): Promise<CreatedAdmin | null> {
  const admins = await prisma.user.count({ where: { role: "admin" } });
  if (admins > 0) return null;
  return createAdmin(FIRST_ADMIN_EMAIL);
}

export type ChangePasswordResult = Result<{ readonly signedOut: number }, "WRONG_CREDENTIALS">;

/**
 * A new password, and every other session of the account signed out in the same transaction (a stolen
 * session, or one opened with a one-time password, must not outlive the change); the session making the
 * change, named by its token, stays signed in.
 */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionToken: string | null,
): Promise<ChangePasswordResult> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return failure("WRONG_CREDENTIALS", "That is not your current password.");
  }
  const passwordHash = await hashPassword(newPassword);
  const [, signedOut] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false } }),
    otherSessionsDeletion(userId, keepSessionToken),
  ]);
  return { ok: true, signedOut: signedOut.count };
}

function toSessionUser(user: {
  id: string;
  email: string;
  name: string | null;
  role: string;
  mustChangePassword: boolean;
}): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: toRole(user.role),
    mustChangePassword: user.mustChangePassword,
  };
}
