import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDirectory, env } from "../env";

let cached: string | undefined;

/**
 * The secret that seals session cookies: AUTH_SECRET, or one generated once and kept in the data folder
 * (mode 0600, never committed, never logged).
 */
export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
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
