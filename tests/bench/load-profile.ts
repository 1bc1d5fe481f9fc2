/**
 * Where a server's CPU goes under one scenario, for `LOAD_PROFILE=1 npm run bench:load`: the app runs with
 * tests/bench/cpu-probe.mjs loaded (NODE_OPTIONS=--import), which profiles exactly the measured seconds
 * (SIGUSR2 starts and stops it); here the profile of the busiest process is read and summarised as self time
 * by function, by where the code lives (a package of node_modules, the app's own build, Node itself) and the
 * share of idle time. The profile file is kept when LOAD_PROFILE_KEEP names a folder, for Chrome's DevTools.
 */
import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { root } from "./load-server";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export function cpuProbeEnv(base: string): Record<string, string> {
  const probe = path.join(root, "tests", "bench", "cpu-probe.mjs");
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${probe}`.trim(), CPU_PROBE_FILE: base };
}

/** Signals every process of the app's group: the first call starts their profilers, the second stops them. */
export function toggleProfiles(child: ChildProcess): void {
  if (child.pid !== undefined) process.kill(-child.pid, "SIGUSR2");
}

/** The profile of the process that was busiest (the server's, serve.ts), after the second toggle. */
export async function busiestProfile(base: string): Promise<{ file: string; profile: CpuProfile } | null> {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  let best: { file: string; profile: CpuProfile; busy: number } | null = null;
  for (const name of fs.readdirSync(path.dirname(base))) {
    if (!name.startsWith(`${path.basename(base)}.`) || !name.endsWith(".cpuprofile")) continue;
    const file = path.join(path.dirname(base), name);
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
    const busy = profile.samples.length - selfSamples(profile, (f) => f.functionName === "(idle)");
    if (best === null || busy > best.busy) best = { file, profile, busy };
    fs.renameSync(file, `${file}.read`);
  }
  return best;
}

function selfSamples(profile: CpuProfile, pick: (frame: ProfileNode["callFrame"]) => boolean): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  return profile.samples.filter((id) => {
    const node = byId.get(id);
    return node !== undefined && pick(node.callFrame);
  }).length;
}

/** Where a frame's code lives: a package, the app's build, Node's own code, or V8's pseudo-frames. */
function placeOf(url: string): string {
  if (url === "") return "(V8: GC, native, idle)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    return name === "next" ? `next/${rest[2] === "compiled" ? `compiled/${rest[3]}` : (rest[2] ?? "")}` : `${name}`;
  }
  if (url.startsWith("node:")) return "node:*";
  if (url.includes("/.next/")) return `.next/${url.split("/.next/")[1]?.split("/").slice(0, 2).join("/")}`;
  return path.relative(root, url.replace(/^file:\/\//, ""));
}

/** Self time by function (top `top`) and by place, as table rows: [what, ms, share of the busy time]. */
export function profileRows(
  profile: CpuProfile,
  top = 30,
): { functions: string[][]; places: string[][]; idle: string } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    total += us;
    if (frame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    const where = frame.url === "" ? "" : ` ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    const fn = `${frame.functionName || "(anonymous)"}${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const place = placeOf(frame.url);
    places.set(place, (places.get(place) ?? 0) + us);
  }
  const busy = total - idle;
  const rows = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([what, us]) => [what, (us / 1000).toFixed(0), `${((us / busy) * 100).toFixed(1)} %`]);
  return {
    functions: rows(functions, top),
    places: rows(places, 20),
    idle: `busy ${(busy / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms`,
  };
}
