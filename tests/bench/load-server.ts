/**
 * Starting and stopping the real app for the load benchmark and the crash test: `npm start`'s script
 * (lib/server/setup/start.ts: migrate, seed, build when the sources changed, `next start`) in its own process group
 * on 127.0.0.1, so one signal reaches the script and Next.js together (SIGKILL for the crash test).
 *
 * The caller must hold /tmp/e2e.lock: the `.next` folder is shared with the e2e runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
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
  /** more environment for the app's processes */
  env?: Record<string, string>;
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
        ...options.env,
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
