import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../lib/schemas/env";

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
    [{ DATABASE_URL: "postgres://db" }, "DATABASE_URL"],
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
