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

export function installWithApt(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
}
