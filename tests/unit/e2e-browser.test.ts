import { describe, expect, it } from "vitest";
import { browserPlan, INSTALL_HINT, type BrowserHost } from "../e2e/setup/browser";

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
