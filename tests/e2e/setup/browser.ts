import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

// The e2e tests drive the system's Chromium (Playwright's own browser download is unreachable offline).
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
] as const;

export const INSTALL_HINT =
  "Chromium is needed for the end-to-end tests: install it (Debian/Ubuntu: `sudo apt-get install chromium`) " +
  "or set CHROMIUM_PATH to a Chromium or Chrome binary.";

export interface BrowserHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isExecutable: (file: string) => boolean;
  readonly isRoot: boolean;
}

export type BrowserPlan =
  | { readonly kind: "use"; readonly path: string }
  | { readonly kind: "install-apt" }
  | { readonly kind: "missing"; readonly message: string };

/** Where the browser is, or what to do about it: apt as root, otherwise one line saying what to install. */
export function browserPlan(host: BrowserHost): BrowserPlan {
  const explicit = host.env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== "") {
    return host.isExecutable(explicit)
      ? { kind: "use", path: explicit }
      : { kind: "missing", message: `CHROMIUM_PATH=${explicit} is not an executable file. ${INSTALL_HINT}` };
  }
  const found = CHROMIUM_CANDIDATES.find((file) => host.isExecutable(file));
  if (found !== undefined) return { kind: "use", path: found };
  if (host.isRoot && host.isExecutable("/usr/bin/apt-get")) return { kind: "install-apt" };
  return { kind: "missing", message: INSTALL_HINT };
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function thisHost(): BrowserHost {
  return { env: process.env, isExecutable, isRoot: process.getuid?.() === 0 };
}

/** The browser Playwright launches: CHROMIUM_PATH, else the first system Chromium found. */
export function chromiumPath(): string {
  const plan = browserPlan(thisHost());
  return plan.kind === "use" ? plan.path : (process.env.CHROMIUM_PATH ?? CHROMIUM_CANDIDATES[0]);
}

export type BrowserOutcome =
  | { readonly ok: true; readonly path: string; readonly installed: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * Finds the browser, running `install` first when browserPlan says apt may install it. Never throws: a failed
 * install (offline, no apt sources) comes back as one line saying what failed and what to install.
 */
export function ensureBrowser(host: () => BrowserHost, install: () => void): BrowserOutcome {
  const plan = browserPlan(host());
  if (plan.kind === "use") return { ok: true, path: plan.path, installed: false };
  if (plan.kind === "missing") return { ok: false, message: plan.message };
  try {
    install();
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { ok: false, message: `Installing Debian's chromium package failed (${reason}). ${INSTALL_HINT}` };
  }
  const after = browserPlan(host());
  if (after.kind === "use") return { ok: true, path: after.path, installed: true };
  return {
    ok: false,
    message: `apt-get finished but none of ${CHROMIUM_CANDIDATES.join(", ")} is there. ${INSTALL_HINT}`,
  };
}

export function installWithApt(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
}
