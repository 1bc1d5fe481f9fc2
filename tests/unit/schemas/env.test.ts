import { describe, expect, it } from "vitest";
import { databaseProvider, instanceSettingProblems, parseEnv } from "../../../lib/schemas/env";

describe("parseEnv", () => {
  it("needs no setup: every variable has a default", () => {
    const result = parseEnv({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.env.DATABASE_URL).toBe("file:./data/hopdrill.db");
    expect(result.env.PORT).toBe(3000);
    expect(result.env.AUTH_SECRET).toBeUndefined();
  });

  it("reads and coerces given values", () => {
    const result = parseEnv({ PORT: "4100", DATABASE_URL: "file:/tmp/x.db", COOKIE_SECURE: "always" });
    expect(result).toMatchObject({
      ok: true,
      env: { PORT: 4100, DATABASE_URL: "file:/tmp/x.db", COOKIE_SECURE: "always" },
    });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://db" }, "DATABASE_URL"],
    [{ DATABASE_URL: "./data/hopdrill.db" }, "DATABASE_URL"],
    [{ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "not base64!" }, "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY"],
    // 20 bytes: not an AES key length
    [
      { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(20, 7).toString("base64") },
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY",
    ],
    [{ AUTH_SECRET: "too-short" }, "AUTH_SECRET"],
    [{ COOKIE_SECURE: "sometimes" }, "COOKIE_SECURE"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
  ])("names the bad variable in %j", (source, variable) => {
    const result = parseEnv(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(new RegExp(`^\\s+${variable}: `, "m"));
  });

  it("names every bad variable at once", () => {
    const result = parseEnv({ PORT: "0", AUTH_SECRET: "x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain("PORT:");
    expect(result.message).toContain("AUTH_SECRET:");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", AUTH_SECRET: "" })).toMatchObject({ ok: true, env: { PORT: 3000 } });
  });
});

describe("the database provider", () => {
  it.each([
    ["file:./data/hopdrill.db", "sqlite"],
    ["file:/srv/hopdrill.db?mode=rwc", "sqlite"],
    ["postgresql://hopdrill:secret@db.internal:5432/hopdrill", "postgresql"],
    ["postgres://db/hopdrill?sslmode=require", "postgresql"],
  ] as const)("of %s is %s, and the URL is accepted", (url, provider) => {
    expect(databaseProvider(url)).toBe(provider);
    expect(parseEnv({ DATABASE_URL: url })).toMatchObject({ ok: true, env: { DATABASE_URL: url } });
  });
});

describe("settings several instances must share", () => {
  const postgres = "postgresql://db/hopdrill";
  const secret = "s".repeat(32);
  const key = Buffer.alloc(32, 1).toString("base64");
  const problems = (source: Record<string, string>, purpose: "serve" | "build") => {
    const parsed = parseEnv(source);
    if (!parsed.ok) throw new Error(parsed.message);
    return instanceSettingProblems(parsed.env, purpose);
  };

  it("are not needed on SQLite (one instance)", () => {
    expect(problems({}, "serve")).toEqual([]);
  });

  it("on PostgreSQL: a web instance needs AUTH_SECRET and the server-actions key, one message each", () => {
    const missing = problems({ DATABASE_URL: postgres }, "serve");
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatch(/^AUTH_SECRET is required with PostgreSQL/);
    expect(missing[1]).toMatch(/^NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is required with PostgreSQL/);
    expect(problems({ DATABASE_URL: postgres, AUTH_SECRET: secret }, "serve")).toEqual([missing[1]]);
    expect(problems({ DATABASE_URL: postgres, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }, "serve")).toEqual([
      missing[0],
    ]);
    expect(
      problems({ DATABASE_URL: postgres, AUTH_SECRET: secret, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }, "serve"),
    ).toEqual([]);
  });

  it("on PostgreSQL: the build needs the server-actions key only", () => {
    expect(problems({ DATABASE_URL: postgres }, "build")).toEqual([
      expect.stringMatching(/^NEXT_SERVER_ACTIONS_ENCRYPTION_KEY/),
    ]);
    expect(problems({ DATABASE_URL: postgres, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }, "build")).toEqual([]);
  });

  it("accept every AES key length Next.js takes, padded or not", () => {
    for (const bytes of [16, 24, 32]) {
      const text = Buffer.alloc(bytes, 9).toString("base64");
      expect(parseEnv({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: text }).ok, `${bytes} bytes`).toBe(true);
      expect(parseEnv({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: text.replace(/=+$/, "") }).ok).toBe(true);
    }
  });
});
