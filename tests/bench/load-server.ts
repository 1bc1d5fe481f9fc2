/**
 * Starting and stopping the real app for the load benchmark and the crash test: `npm start`'s script
 * (lib/server/setup/start.ts: migrate, seed, build when the sources changed, then serve.ts: our Node server, the
 * study loop's fast lane in it, in front of Next.js's handler) in its own process group
 * on 127.0.0.1, so one signal reaches the script and Next.js together (SIGKILL for the crash test).
 *
 * The caller must hold /tmp/e2e.lock: the `.next` folder is shared with the e2e runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
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

/** Signals the whole process group (the start script and the server it started). */
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

/**
 * CPU time (user + system, ms) used so far by every live process of a process group, from /proc (Linux; NaN
 * elsewhere). Divided by the requests served, it is the server's own cost per request, which the other work
 * on a shared machine changes far less than the request rate.
 */
export function groupCpuMs(groupId: number | undefined): number {
  if (groupId === undefined || !fs.existsSync("/proc/self/stat")) return NaN;
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // the command name (field 2) may hold spaces: the fields after it start past its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== groupId) continue; // field 5, pgrp
    ticks += Number(fields[11]) + Number(fields[12]); // fields 14 and 15, utime and stime
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The machine's CPU time so far (ms, all cores together), from /proc/stat's first line: busy (everything
 * but idle and iowait) and steal (time the hypervisor gave another guest, which this machine's processes
 * never see as their own). NaN without /proc.
 */
export function machineCpuMs(): { busy: number; steal: number } {
  let line: string;
  try {
    line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  } catch {
    return { busy: NaN, steal: NaN };
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  return { busy: ms(user + nice + system + irq + softirq + steal), steal: ms(steal) };
}

/** USER_HZ, 100 on every Linux architecture Node runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS_PER_SECOND = 100;
