import { z } from "zod";
import { fieldErrorsOf, issueList } from "./field-errors";

/** The environment the app and its scripts read. Defaults need no setup. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, "must be a SQLite URL such as file:./data/hopdrill.db")
    .default("file:./data/hopdrill.db"),
  PORT: z.coerce
    .number({ error: "must be a port number from 1 to 65535" })
    .int("must be a whole number")
    .min(1, "must be a port number from 1 to 65535")
    .max(65535, "must be a port number from 1 to 65535")
    .default(3000),
  HOSTNAME: z.string().min(1).default("localhost"),
  /** at least 32 characters; when unset, one is generated once and kept in the data folder */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** "auto" (Secure when the request came over https), "always" or "never" */
  COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  /** Chromium for the e2e tests */
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
});

export type Env = z.output<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; message: string };

/** Validates an environment; the message names each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== "") picked[key] = value;
  }
  const parsed = envSchema.safeParse(picked);
  if (parsed.success) return { ok: true, env: parsed.data };
  const lines = issueList(fieldErrorsOf(parsed.error)).map(({ path, message }) => `  ${path}: ${message}`);
  return { ok: false, message: `Invalid environment:\n${lines.join("\n")}` };
}
