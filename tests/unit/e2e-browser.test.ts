import { describe, expect, it } from "vitest";
import { browserPlan, ensureBrowser, INSTALL_HINT, type BrowserHost } from "../e2e/setup/browser";

function host(files: string[], over: Partial<BrowserHost> = {}): BrowserHost {
  return { env: {}, isExecutable: (f) => files.includes(f), isRoot: false, ...over };
}

describe("browserPlan (npm test finds or installs Chromium)", () => {
  it("uses CHROMIUM_PATH when it points at an executable", () => {
    expect(browserPlan(host(["/opt/chrome"], { env: { CHROMIUM_PATH: "/opt/chrome" } }))).toEqual({
      kind: "use",
      path: "/opt/chrome",
    });
  });

  it("names a CHROMIUM_PATH that is not executable instead of silently using another browser", () => {
    const plan = browserPlan(host(["/usr/bin/chromium"], { env: { CHROMIUM_PATH: "/nope" }, isRoot: true }));
    expect(plan.kind).toBe("missing");
    if (plan.kind === "missing") expect(plan.message).toContain("CHROMIUM_PATH=/nope");
  });

  it("finds Debian's chromium, then other system browsers", () => {
    expect(browserPlan(host(["/usr/bin/chromium", "/usr/bin/google-chrome"]))).toEqual({
      kind: "use",
      path: "/usr/bin/chromium",
    });
    expect(browserPlan(host(["/usr/bin/google-chrome"]))).toEqual({ kind: "use", path: "/usr/bin/google-chrome" });
  });

  it("installs with apt only as root on a machine with apt-get", () => {
    expect(browserPlan(host(["/usr/bin/apt-get"], { isRoot: true }))).toEqual({ kind: "install-apt" });
    expect(browserPlan(host(["/usr/bin/apt-get"], { isRoot: false }))).toEqual({
      kind: "missing",
      message: INSTALL_HINT,
    });
    expect(browserPlan(host([], { isRoot: true }))).toEqual({ kind: "missing", message: INSTALL_HINT });
  });
});

describe("ensureBrowser (what npm test does before the e2e tests)", () => {
  const root = (files: string[]) => () => host(files, { isRoot: true });

  it("uses a browser that is there without installing anything", () => {
    let installs = 0;
    const outcome = ensureBrowser(root(["/usr/bin/chromium", "/usr/bin/apt-get"]), () => (installs += 1));
    expect(outcome).toEqual({ ok: true, path: "/usr/bin/chromium", installed: false });
    expect(installs).toBe(0);
  });

  it("installs with apt as root, then uses the browser apt put there", () => {
    const files = ["/usr/bin/apt-get"];
    const outcome = ensureBrowser(
      () => host(files, { isRoot: true }),
      () => files.push("/usr/bin/chromium"),
    );
    expect(outcome).toEqual({ ok: true, path: "/usr/bin/chromium", installed: true });
  });

  it("a failed apt-get (offline machine) is one line saying what failed and what to install, not a stack trace (regression)", () => {
    const outcome = ensureBrowser(root(["/usr/bin/apt-get"]), () => {
      throw new Error("Command failed: apt-get update -qq\nE: Failed to fetch http://deb.debian.org/…");
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toBe(
      `Installing Debian's chromium package failed (Command failed: apt-get update -qq). ${INSTALL_HINT}`,
    );
    expect(outcome.message).not.toContain("\n");
  });

  it("says so when apt-get finished but left no browser, and never installs without root", () => {
    const outcome = ensureBrowser(root(["/usr/bin/apt-get"]), () => undefined);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining("/usr/bin/chromium") });
    let installs = 0;
    expect(
      ensureBrowser(
        () => host(["/usr/bin/apt-get"]),
        () => (installs += 1),
      ),
    ).toEqual({
      ok: false,
      message: INSTALL_HINT,
    });
    expect(installs).toBe(0);
  });
});
