/**
 * Starting and stopping the real app for the load benchmark and the crash test: `npm start`'s script
 * (lib/server/setup/start.ts: migrate, seed, build when the sources changed, `next start`) in its own process group
 * on 127.0.0.1, so one signal reaches the script and Next.js together (SIGKILL for the crash test).
 *
 * The caller must hold /tmp/e2e.lock: the `.next` folder is shared with the e2e runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly child: ChildProcess;
  /** everything the server printed (for reports and failures) */
  readonly output: () => string;
}

export async function startApp(options: {
  databaseUrl: string;
  port: number;
  secret: string;
  quiet?: boolean;
}): Promise<RunningServer> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "lib/server/setup/start.ts"],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        PORT: String(options.port),
        HOSTNAME: "127.0.0.1",
        AUTH_SECRET: options.secret,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (!options.quiet) process.stderr.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const origin = `http://127.0.0.1:${options.port}`;
  // A build can take a few minutes on a busy 2-core machine.
  for (let i = 0; i < 1800; i += 1) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return { url: origin, origin, child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopGroup(child, "SIGKILL");
  throw new Error(`the app did not answer /api/health:\n${output}`);
}

/** Signals the whole process group (the start script and `next start`). */
export function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
}

/** Server action ids of the current build, by exported name (from Next's server reference manifest). */
export function serverActionIds(): Map<string, string> {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids.set(entry.exportedName, id);
  return ids;
}

/**
 * The request a browser sends for a server action called from JavaScript (React's encodeReply of plain JSON
 * arguments is their JSON text). Origin is the app's own, as Next.js requires.
 */
export function actionRequest(
  origin: string,
  actionId: string,
  cookie: string,
  args: readonly unknown[],
): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      "next-action": actionId,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin,
      cookie,
    },
    body: JSON.stringify(args),
  };
}
