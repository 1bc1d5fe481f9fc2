import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { instanceSettingProblems } from "../../schemas/env";
import { dataDirectory, env, provider } from "../env";

let cached: string | undefined;

/**
 * The secret that seals session cookies: AUTH_SECRET, or (SQLite, one instance) one generated once and kept in
 * the data folder (mode 0600, never committed, never logged). With PostgreSQL every instance must share it, so
 * it must be set: a secret generated per machine would make a cookie sealed on one instance fail on another.
 */
export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  if (provider() === "postgresql") {
    throw new Error(instanceSettingProblems(env(), "serve").find((p) => p.startsWith("AUTH_SECRET")));
  }
  const file = path.join(dataDirectory(), "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    // "wx": never overwrite a secret another process wrote first
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  cached = readFileSync(file, "utf8").trim();
  if (cached.length < 32) throw new Error(`The auth secret in ${file} is too short; delete the file to regenerate it.`);
  return cached;
}
