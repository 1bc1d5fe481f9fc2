/**
 * Who is asking: accounts and passwords, database sessions sealed into a cookie, roles and the checks every
 * page, action and route makes.
 */
import "server-only";

export {
  clientAddress,
  currentSessionToken,
  currentUser,
  endSession,
  requireAdmin,
  requireUser,
  startSession,
} from "./session-cookie";
export {
  changePassword,
  createAdmin,
  ensureFirstAdmin,
  FIRST_ADMIN_EMAIL,
  generatePassword,
  signInWithPassword,
  signUpLearner,
  type ChangePasswordResult,
  type CreatedAdmin,
  type SignInResult,
  type SignUpResult,
} from "./accounts";
export {
  checkAdmin,
  PASSWORD_PAGE,
  ROLES,
  safeNextPath,
  toRole,
  withNext,
  type Access,
  type Role,
  type SessionUser,
} from "./roles";
export { createSession, deleteSession, SESSION_DAYS, sessionUser } from "./sessions";
export { SIGN_IN_LIMIT } from "./sign-in-limit";
export { createUnsealMemo, type UnsealMemo } from "./unseal-memo";
export { requestPath } from "./request-path";
