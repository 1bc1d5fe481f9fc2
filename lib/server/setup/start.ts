// `npm start` (and `npm run dev`). SQLite (one instance): migrate, seed, create the first admin, build when
// the sources changed, then serve (serve.ts: Next.js behind our Node server) and print the URL: one command from a fresh clone to a running
// app. PostgreSQL (several instances): check the settings every instance must share, check that
// `npm run release` has prepared the database and the build, then serve; an instance never migrates, seeds
// or builds (README: "Running more than one instance").
import "server-only";
import { spawn } from "node:child_process";
import path from "node:path";
import { databaseProvider, instanceSettingProblems, parseEnv } from "../../schemas/env";
import { disconnectPrisma } from "../db";
import { buildIfNeeded, buildIsCurrent } from "./build";
import { prepareDatabase, releaseState, type Prepared } from "./prepare";

const dev = process.argv.includes("--dev");
const serveScript = path.join(process.cwd(), "lib", "server", "setup", "serve.ts");

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

function refuse(lines: readonly string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

async function main(): Promise<void> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) refuse([parsed.message]);
  const config = parsed.env;
  const postgres = databaseProvider(config.DATABASE_URL) === "postgresql";
  const problems = instanceSettingProblems(config, "serve");
  if (problems.length > 0) refuse(problems);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: dev ? "development" : "production",
  };
  let prepared: Prepared | null = null;
  if (postgres) {
    const state = await releaseState();
    await disconnectPrisma();
    if (!state.ready) refuse([state.reason]);
    if (!dev && !buildIsCurrent(childEnv)) {
      refuse([
        "There is no build of these sources made with this NEXT_SERVER_ACTIONS_ENCRYPTION_KEY in .next. With " +
          "PostgreSQL every instance serves the one build `npm run build` (or `npm run release`) made: build " +
          "once, then give each instance the same .next.",
      ]);
    }
  } else {
    prepared = await prepareDatabase();
    await disconnectPrisma();
    if (prepared.applied.length > 0) console.log(`Applied ${prepared.applied.length} database migration(s).`);
    if (!dev) buildIfNeeded(childEnv);
  }

  // our Node server in front of Next.js's handler (serve.ts says why), without the react-server condition
  const args = ["--import", "tsx", serveScript, ...(dev ? ["--dev"] : [])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], env: childEnv });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const url = `http://${config.HOSTNAME}:${config.PORT}`;
  if (await waitUntilServing(url, child)) {
    console.log(`\nHopdrill is ready at ${url}`);
    if (prepared?.firstAdmin) {
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
