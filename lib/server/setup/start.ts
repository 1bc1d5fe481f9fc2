// `npm start` (and `npm run dev`): migrate, seed, create the first admin, build when the sources changed,
// then serve with Next.js and print the URL. One command from a fresh clone to a running app.
import "server-only";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "../../schemas/env";
import { disconnectPrisma } from "../db";
import { prepareDatabase } from "./prepare";

const root = process.cwd();
const dev = process.argv.includes("--dev");
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

/** A hash of every build input's path and content, so a build is redone only when something changed. */
function sourceHash(): string {
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
  return hash.digest("hex");
}

function buildIfNeeded(childEnv: NodeJS.ProcessEnv): void {
  const current = sourceHash();
  const built =
    existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampFile) ? readFileSync(stampFile, "utf8") : "";
  if (built === current) return;
  console.log("Building Hopdrill (sources changed since the last build)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: childEnv });
  if (result.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, current);
}

async function waitUntilServing(url: string, child: ReturnType<typeof spawn>): Promise<boolean> {
  for (let i = 0; i < 300 && child.exitCode === null; i += 1) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function main(): Promise<void> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(1);
  }
  const config = parsed.env;
  const prepared = await prepareDatabase();
  await disconnectPrisma();
  if (prepared.applied.length > 0) console.log(`Applied ${prepared.applied.length} database migration(s).`);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: dev ? "development" : "production",
  };
  if (!dev) buildIfNeeded(childEnv);

  const args = [nextBin, dev ? "dev" : "start", "--port", String(config.PORT), "--hostname", config.HOSTNAME];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], env: childEnv });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const url = `http://${config.HOSTNAME}:${config.PORT}`;
  if (await waitUntilServing(url, child)) {
    console.log(`\nHopdrill is ready at ${url}`);
    if (prepared.firstAdmin) {
      console.log(
        `First admin created. Email: ${prepared.firstAdmin.email}  One-time password: ${prepared.firstAdmin.password}\n` +
          "(shown only this once; you will be asked to choose your own password at first sign-in)",
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
