import { z } from "zod";
import proxyAddr from "proxy-addr";
import { fieldErrorsOf, issueList } from "./field-errors";

/** Which database a DATABASE_URL names: a SQLite file (`file:`) or a PostgreSQL server. */
export type DatabaseProvider = "sqlite" | "postgresql";

const POSTGRES_URL = /^postgres(?:ql)?:\/\/[^\s]+$/;

/** The provider of a URL the schema accepted (anything that is not PostgreSQL is a SQLite file). */
export function databaseProvider(url: string): DatabaseProvider {
  return POSTGRES_URL.test(url) ? "postgresql" : "sqlite";
}

/** Bytes an AES key may have (Next.js decodes NEXT_SERVER_ACTIONS_ENCRYPTION_KEY into one). */
const AES_KEY_BYTES = new Set([16, 24, 32]);

/** The length of what a padded or unpadded base64 text decodes to, or null when it is not base64. */
function base64Bytes(text: string): number | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const body = text.replace(/=+$/, "");
  if (body.length % 4 === 1) return null;
  return Math.floor((body.length * 3) / 4);
}

/** The environment the app and its scripts read. Defaults need no setup. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .refine(
      (url) => /^file:.+/.test(url) || POSTGRES_URL.test(url),
      "must be a SQLite URL such as file:./data/hopdrill.db or a PostgreSQL URL such as postgresql://user@host:5432/hopdrill",
    )
    .default("file:./data/hopdrill.db"),
  PORT: z.coerce
    .number({ error: "must be a port number from 1 to 65535" })
    .int("must be a whole number")
    .min(1, "must be a port number from 1 to 65535")
    .max(65535, "must be a port number from 1 to 65535")
    .default(3000),
  HOSTNAME: z.string().min(1).default("localhost"),
  /** at least 32 characters; when unset (SQLite only), one is generated once and kept in the data folder */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Next.js's key for server actions (their ids and encrypted closures); required with PostgreSQL */
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z
    .string()
    .refine((key) => AES_KEY_BYTES.has(base64Bytes(key) ?? 0), "must be base64 of 16, 24 or 32 bytes")
    .optional(),
  /** "auto" (Secure when the request came over https), "always" or "never" */
  COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  /**
   * Proxies whose X-Forwarded-For is believed, for the sign-in limits' per-address count: comma-separated
   * addresses, CIDR ranges, or loopback / linklocal / uniquelocal. Empty (the default) believes none: the
   * address is the connection's, and the header, which any client can write, is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((setting) =>
      setting
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ""),
    )
    .superRefine((list, ctx) => {
      try {
        proxyAddr.compile(list);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        ctx.addIssue({
          code: "custom",
          message: `${detail}; use addresses, CIDR ranges, loopback, linklocal or uniquelocal`,
        });
      }
    }),
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

const GENERATE_ONE = "generate one with: openssl rand -base64 32";

/**
 * What several instances on one PostgreSQL database must share, and is missing: one message per variable.
 * `serve` (a web instance) needs both; `build` needs the server-actions key, which Next.js builds into the
 * action ids. SQLite (one instance) needs neither: the secret is generated and Next.js keeps its own key.
 */
export function instanceSettingProblems(env: Env, purpose: "serve" | "build"): string[] {
  if (databaseProvider(env.DATABASE_URL) !== "postgresql") return [];
  const problems: string[] = [];
  if (purpose === "serve" && env.AUTH_SECRET === undefined) {
    problems.push(
      "AUTH_SECRET is required with PostgreSQL: every instance must seal session cookies with the same secret " +
        `(at least 32 characters; ${GENERATE_ONE}).`,
    );
  }
  if (env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY === undefined) {
    problems.push(
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is required with PostgreSQL: the build and every instance must use the " +
        'same server-actions key, or a form sent to one instance fails on another ("Failed to find Server Action") ' +
        `(base64 of 32 bytes; ${GENERATE_ONE}).`,
    );
  }
  return problems;
}
