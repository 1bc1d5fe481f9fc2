// The production build (`npm run build`, and `npm start` / `npm run release` when the sources changed): one
// artefact in .next that every instance serves. It is stamped with a hash of its inputs, so it is redone
// only when something changed, and that hash is also its build id, so builds of the same sources agree.
import "server-only";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const stampFile = path.join(root, ".next", "hopdrill-source-hash");

const BUILD_INPUTS = [
  "app",
  "lib",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package-lock.json",
  "tsconfig.json",
];
const SKIP = new Set(["generated", "node_modules", ".next"]);

/**
 * A hash of every build input's path and content, and of the server-actions key the build is made with
 * (Next.js derives the action ids from it; only its hash enters, never the key).
 */
export function sourceHash(environment: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) if (!SKIP.has(entry)) visit(path.join(relative, entry));
    } else {
      hash.update(relative).update("\0").update(readFileSync(full)).update("\0");
    }
  };
  BUILD_INPUTS.forEach(visit);
  const key = environment.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ?? "";
  hash.update("server-actions-key\0").update(key === "" ? "" : createHash("sha256").update(key).digest("hex"));
  return hash.digest("hex").slice(0, 32);
}

/** Whether .next holds a finished build of exactly these inputs. */
export function buildIsCurrent(environment: NodeJS.ProcessEnv = process.env): boolean {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, "utf8") === sourceHash(environment);
}

/** Builds when .next does not hold a build of these inputs; exits the process when the build fails. */
export function buildIfNeeded(childEnv: NodeJS.ProcessEnv): void {
  if (buildIsCurrent(childEnv)) return;
  const current = sourceHash(childEnv);
  console.log("Building Hopdrill (sources changed since the last build)…");
  rmSync(stampFile, { force: true }); // a build that fails half way is never taken for a finished one
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    stdio: "inherit",
    env: { ...childEnv, HOPDRILL_BUILD_ID: current },
  });
  if (result.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, current);
}
