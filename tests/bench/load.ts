/**
 * Load benchmark (`npm run bench:load`): the production build (built first when the sources changed) on a
 * fresh seeded database, on free ports of 127.0.0.1, driven from this process; everything it starts is
 * stopped and its files removed at the end. Three runs by default; the figures printed are the medians of
 * the runs, and every run must meet the targets.
 *
 * 1. Floors: the route floor (GET /api/live, a route handler that does no work) and the page floor
 *    (GET /sign-in signed out, a dynamic page with the real layout and no data). They are what Next.js
 *    itself costs on this machine, and every scenario is held against the matching one.
 * 2. Saturation: each scenario at LOAD_CONNECTIONS closed-loop connections: req/s, p50/p95/p99, errors and
 *    timeouts, the ratio to its floor, and the bare node:http handler (tests/bench/bare-handler.ts) doing the
 *    same work as a reference column. Rate and autosave are answered by the fast lane of our Node server,
 *    before Next.js (lib/server/http/fast-lane.ts), while the floors are Next.js's: those two may pass 100 %.
 * 3. Capacity: the learners workload (tests/bench/load-scenarios.ts LEARNER) at fixed arrival rates, open
 *    loop: the most learners with p99 ≤ 100 ms and no error (doubling, then bisecting), and the latency
 *    table at 25, 50, 75 and 100 % of it. Each trial's line says where the cores went meanwhile (the app,
 *    this load generator, other processes, the hypervisor's steal), so a miss on a busy machine shows as one.
 *
 * Targets (exit status 1 when one is missed, naming it): 0 errors and 0 timeouts in every app scenario of
 * every run; rate ≥ 60 % and autosave ≥ 70 % of the route floor; browse ≥ 80 % of the page floor (each ratio
 * measured in alternating slices of the scenario and its floor, pairedRatio);
 * capacity ≥ 2,000 learners. (The key-press-to-next-card target is tests/e2e/study-loop.spec.ts's.)
 *
 * LOAD_PROFILE=1 instead profiles the server's CPU during the measured seconds of rate and autosave
 * (tests/bench/load-profile.ts) and prints the self time by function and by package. LOAD_SCENARIOS=a,b runs
 * only those scenarios (the floors always run); LOAD_CAPACITY=0 skips the capacity search.
 *
 * LOAD_STAGES=1 instead times the stages of each rating and autosave (tests/bench/load-stages.ts) at
 * saturation, with the probe loaded into the app, and prints them: where a slow request's time goes.
 *
 * Environment: LOAD_RUNS (3), LOAD_SECONDS (10 per scenario, after LOAD_WARMUP_SECONDS, 2, unrecorded),
 * LOAD_CONNECTIONS (50), LOAD_USERS (1000; learner k is user k mod LOAD_USERS), LOAD_REVIEW_LOGS (50000),
 * LOAD_GRADING (interviews graded per run, 300), LOAD_STEP_SECONDS (10 per capacity trial),
 * LOAD_START_LEARNERS (500), LOAD_MAX_LEARNERS (64000). Runs under /tmp/e2e.lock (the npm script takes
 * it): the build in `.next` is shared with the e2e runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { buildLoadFixture, type LoadFixture } from "./load-fixture";
import { groupCpuMs, machineCpuMs, root, startApp, stopGroup, waitForExit } from "./load-server";
import { closedLoop, median, openLoop, sequence, type ClosedScenario, type Figures } from "./load-drive";
import { appScenarios, learnerArrivals, type FloorKind } from "./load-scenarios";
import { collectStages, stageProbeEnv, stageRows } from "./load-stages";
import { busiestProfile, cpuProbeEnv, profileRows, toggleProfiles } from "./load-profile";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const runs = env("LOAD_RUNS", 3);
const seconds = env("LOAD_SECONDS", 10);
const warmupSeconds = env("LOAD_WARMUP_SECONDS", 2);
const connections = env("LOAD_CONNECTIONS", 50);
const userCount = env("LOAD_USERS", 1000);
const reviewLogs = env("LOAD_REVIEW_LOGS", 50_000);
const gradingPerRun = env("LOAD_GRADING", 300);
const stepSeconds = env("LOAD_STEP_SECONDS", 10);
const startLearners = env("LOAD_START_LEARNERS", 500);
const maxLearners = env("LOAD_MAX_LEARNERS", 64_000);
const stagesOnly = process.env.LOAD_STAGES === "1";
const profileOnly = process.env.LOAD_PROFILE === "1";
/** the scenarios to run (comma-separated names; the floors always run), all of them when unset */
const onlyScenarios = (process.env.LOAD_SCENARIOS ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const runCapacity = process.env.LOAD_CAPACITY !== "0";
const chosen = (name: string, floor: FloorKind | null) =>
  floor === null || onlyScenarios.length === 0 || onlyScenarios.includes(name);

export const TARGETS = {
  /** ratio of req/s to the matching floor */
  ofFloor: { rate: 0.6, autosave: 0.7, browse: 0.8 } as Record<string, number>,
  learners: 2000,
  p99Ms: 100,
};

interface Saturation {
  readonly name: string;
  readonly floor: FloorKind | null;
  readonly app: Figures;
  readonly bare: Figures | null;
  /** the app's CPU time per request (ms, all its processes), NaN where /proc is not there */
  readonly appCpu: number;
  /** where the cores went during the measured seconds */
  readonly cores: TrialCpu;
  /** req/s as a share of its floor's, the two measured in alternating slices (pairedRatio); null if not */
  readonly paired: number | null;
}

interface Capacity {
  readonly learners: number;
  /** every trial: learners and whether it passed */
  readonly trials: readonly { learners: number; ok: boolean; p99: number; errors: number }[];
  /** figures per kind at 25, 50, 75 and 100 % of the capacity */
  readonly table: readonly { learners: number; figures: Map<string, Figures> }[];
}

interface Run {
  readonly saturation: Saturation[];
  /** null when LOAD_CAPACITY=0 skipped the search */
  readonly capacity: Capacity | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function startBare(file: string, barePort: number, secret: string): Promise<ChildProcess> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/bench/bare-handler.ts", file, String(barePort), secret],
    { cwd: root, detached: true, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`bare handler exited (${code})`)));
  });
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server has worked off what the last phase left in flight: autocannon stops at the end
 * of its duration without waiting for the answers, and the server still computes them, so the next phase
 * would start behind a queue. Idle means the route floor answers within 50 ms three times running.
 */
async function settle(origin: string, probePath: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const t = performance.now();
    try {
      await fetch(`${origin}${probePath}`);
    } catch {
      // not answering yet: not idle
    }
    quick = performance.now() - t < 50 ? quick + 1 : 0;
    await sleep(100);
  }
}

/** The figures of the measured seconds, and the server's CPU time per request in them (from the process group). */
async function saturate(
  origin: string,
  scenario: ClosedScenario,
  probePath: string,
  group: number | undefined,
): Promise<{ figures: Figures; cpu: number; cores: TrialCpu }> {
  await closedLoop(origin, scenario, { connections, seconds: warmupSeconds, warmup: true });
  await settle(origin, probePath);
  const before = groupCpuMs(group);
  const meter = cpuMeter(group);
  const figures = await closedLoop(origin, scenario, { connections, seconds, warmup: false });
  const cores = meter();
  // what was still in flight when the load stopped is served (and counted) before the CPU is read again
  await settle(origin, probePath);
  const cpu = (groupCpuMs(group) - before) / Math.max(1, figures.requests);
  return { figures, cpu, cores };
}

/** Alternating slices of a scenario and its floor for a targeted floor ratio (PAIRED_ROUNDS of each). */
const PAIRED_ROUNDS = 4;

/**
 * A scenario's req/s as a share of its floor's, the two measured in alternating slices of `seconds / 4`
 * (floor, scenario, scenario, floor, …; `seconds` of each in all) so that both see the same minutes of the machine. Measured one after
 * the other, 12 s apart, the two can fall on either side of a change in this machine's speed, which has moved
 * by up to 2× within a minute with nothing else running (the CPU cost per request of the same floor moved from
 * 3.7 to 6.8 ms between runs of one invocation): the ratio then measured the machine, not the page.
 */
async function pairedRatio(origin: string, scenario: ClosedScenario, floor: ClosedScenario): Promise<number> {
  const slice = Math.max(1, seconds / PAIRED_ROUNDS);
  const sums = { scenario: { requests: 0, seconds: 0 }, floor: { requests: 0, seconds: 0 } };
  for (let round = 0; round < PAIRED_ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (["floor", "scenario"] as const) : (["scenario", "floor"] as const);
    for (const side of order) {
      const figures = await closedLoop(origin, side === "floor" ? floor : scenario, {
        connections,
        seconds: slice,
        warmup: false,
      });
      if (figures.errors > 0)
        throw new Error(`${side === "floor" ? "the floor" : scenario.name}: ${figures.samples[0]}`);
      sums[side].requests += figures.requests;
      sums[side].seconds += figures.seconds;
    }
  }
  return sums.scenario.requests / sums.scenario.seconds / (sums.floor.requests / sums.floor.seconds);
}

/**
 * Where the machine's two cores went during a trial (cores busy on average): the app's process group, this
 * process (the load generator), everything else, and the hypervisor's steal. A trial that misses with "other"
 * or "steal" high was measured on a busy machine, not against the app alone.
 */
interface TrialCpu {
  readonly app: number;
  readonly generator: number;
  readonly other: number;
  readonly steal: number;
}

function cpuMeter(group: number | undefined): () => TrialCpu {
  const started = performance.now();
  const app = groupCpuMs(group);
  const self = process.cpuUsage();
  const machine = machineCpuMs();
  return () => {
    const ms = performance.now() - started;
    const appCores = (groupCpuMs(group) - app) / ms;
    const used = process.cpuUsage(self);
    const generator = (used.user + used.system) / 1000 / ms;
    const now = machineCpuMs();
    const steal = (now.steal - machine.steal) / ms;
    return { app: appCores, generator, other: (now.busy - machine.busy) / ms - appCores - generator - steal, steal };
  };
}

async function trial(fixture: LoadFixture, origin: string, learners: number, group: number | undefined) {
  const meter = cpuMeter(group);
  const figures = await openLoop(origin, learnerArrivals(fixture, origin, learners, stepSeconds, sequence));
  const cpu = meter();
  await settle(origin, "/api/live");
  const all = figures.get("all");
  const ok = all !== undefined && all.errors === 0 && all.p99 <= TARGETS.p99Ms;
  return {
    ok,
    figures,
    p99: all?.p99 ?? NaN,
    errors: all?.errors ?? 0,
    cpu,
    samples: all?.samples ?? [],
    resent: all?.resent ?? 0,
  };
}

/** The most learners with p99 ≤ 100 ms and no error: doubling from LOAD_START_LEARNERS, then bisecting to 5 %. */
async function capacity(
  fixture: LoadFixture,
  origin: string,
  group: number | undefined,
  log: (line: string) => void,
): Promise<Capacity> {
  const trials: Capacity["trials"][number][] = [];
  const attempt = async (learners: number) => {
    const t = await trial(fixture, origin, learners, group);
    trials.push({ learners, ok: t.ok, p99: t.p99, errors: t.errors });
    const { app, generator, other, steal } = t.cpu;
    log(
      `  ${learners} learners: p99 ${fmt(t.p99)} ms, ${t.errors} errors → ${t.ok ? "ok" : "over"}` +
        ` (cores busy: app ${fmt(app, 2)}, load generator ${fmt(generator, 2)}, other ${fmt(other, 2)}, steal ${fmt(steal, 2)})` +
        (t.resent > 0 ? `; ${t.resent} resent on a new connection (the server had closed the kept-alive one)` : "") +
        t.samples.map((sample) => `\n      failed: ${sample}`).join(""),
    );
    return t.ok;
  };
  await trial(fixture, origin, Math.min(250, startLearners), group); // warm-up, unrecorded
  let low = 0;
  let high: number | null = null;
  for (let n = startLearners; high === null; n *= 2) {
    if (n > maxLearners) break;
    if (await attempt(n)) low = n;
    else high = n;
  }
  while (high !== null && high - low > Math.max(50, low * 0.05)) {
    const mid = Math.round((low + high) / 20) * 10;
    if (await attempt(mid)) low = mid;
    else high = mid;
  }
  const table = [];
  for (const share of [0.25, 0.5, 0.75, 1]) {
    const learners = Math.max(1, Math.round(low * share));
    table.push({ learners, figures: (await trial(fixture, origin, learners, group)).figures });
  }
  return { learners: low, trials, table };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const pct = (ratio: number) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(0)} %` : "n/a");

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** other processes' and the hypervisor's share of the cores, which the app's figures do not see */
const elsewhere = (c: TrialCpu) => `other processes ${fmt(c.other, 2)}, steal ${fmt(c.steal, 2)}`;

function floorOf(saturation: readonly Saturation[], kind: FloorKind): Figures | undefined {
  return saturation.find((s) => s.name === `${kind} floor`)?.app;
}

/** The targets one run missed, each said in a line. */
function missedIn(run: Run, index: number): string[] {
  const missed: string[] = [];
  const tag = `run ${index + 1}`;
  for (const s of run.saturation) {
    if (s.app.errors > 0 || s.app.timeouts > 0) {
      missed.push(`${tag} ${s.name}: ${s.app.errors} errors (${s.app.timeouts} timeouts)`);
      for (const sample of s.app.samples) missed.push(`    ${sample}`);
    }
    const target = TARGETS.ofFloor[s.name];
    const floor = s.floor === null ? undefined : floorOf(run.saturation, s.floor);
    const ratio = s.paired ?? (floor === undefined ? NaN : s.app.rps / floor.rps);
    if (target !== undefined && floor !== undefined && ratio < target) {
      const floorCores = run.saturation.find((f) => f.name === `${s.floor} floor`)?.cores;
      missed.push(
        `${tag} ${s.name}: ${pct(ratio)} of the ${s.floor} floor${s.paired === null ? "" : " (alternating)"} < ${pct(target)}` +
          ` (cores busy elsewhere: ${elsewhere(s.cores)}; during the floor: ${floorCores ? elsewhere(floorCores) : "n/a"})`,
      );
    }
  }
  if (run.capacity === null) {
    missed.push(`${tag} capacity: not measured (LOAD_CAPACITY=0)`);
  } else if (run.capacity.learners < TARGETS.learners) {
    missed.push(
      `${tag} capacity: ${run.capacity.learners} learners < ${TARGETS.learners} at p99 ≤ ${TARGETS.p99Ms} ms`,
    );
  }
  return missed;
}

function report(results: readonly Run[]): string[] {
  const first = results[0];
  if (first === undefined) return ["no run finished"];
  const med = (pick: (run: Run) => number) => median(results.map(pick));
  const satOf = (run: Run, name: string) => run.saturation.find((s) => s.name === name);
  console.log(
    `\nbench:load: ${results.length} run(s), medians shown. ${connections} connections, ${seconds} s per scenario ` +
      `after ${warmupSeconds} s of warm-up; ${userCount} learners' data; ${os.availableParallelism()} cores, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}.\n`,
  );
  const floors = {
    route: med((r) => floorOf(r.saturation, "route")?.rps ?? NaN),
    page: med((r) => floorOf(r.saturation, "page")?.rps ?? NaN),
  };
  const cpuOf = (run: Run, name: string) => run.saturation.find((s) => s.name === name)?.appCpu ?? NaN;
  const floorCpu = { route: med((r) => cpuOf(r, "route floor")), page: med((r) => cpuOf(r, "page floor")) };
  console.log(
    `Floors: route ${fmt(floors.route, 0)} req/s (p99 ${fmt(med((r) => floorOf(r.saturation, "route")?.p99 ?? NaN))} ms), ` +
      `page ${fmt(floors.page, 0)} req/s (p99 ${fmt(med((r) => floorOf(r.saturation, "page")?.p99 ?? NaN))} ms)\n`,
  );
  const rows = first.saturation.map((s) => {
    const m = (pick: (f: Figures) => number, target: "app" | "bare" = "app") =>
      med((r) => {
        const found = satOf(r, s.name);
        const f = target === "app" ? found?.app : found?.bare;
        return f ? pick(f) : NaN;
      });
    const errors = results.reduce((n, r) => n + (satOf(r, s.name)?.app.errors ?? 0), 0);
    const timeouts = results.reduce((n, r) => n + (satOf(r, s.name)?.app.timeouts ?? 0), 0);
    const floor = s.floor === null ? NaN : floors[s.floor];
    const bareRps = m((f) => f.rps, "bare");
    const cpu = med((r) => cpuOf(r, s.name));
    return [
      s.name,
      fmt(
        m((f) => f.rps),
        0,
      ),
      fmt(m((f) => f.p50)),
      fmt(m((f) => f.p95)),
      fmt(m((f) => f.p99)),
      String(errors),
      String(timeouts),
      s.floor === null ? "" : `${pct(m((f) => f.rps) / floor)} of ${s.floor}`,
      s.paired === null ? "" : pct(med((r) => satOf(r, s.name)?.paired ?? NaN)),
      TARGETS.ofFloor[s.name] === undefined ? "" : `≥ ${pct(TARGETS.ofFloor[s.name] ?? NaN)}`,
      fmt(cpu, 2),
      s.floor === null ? "" : pct(floorCpu[s.floor] / cpu),
      s.bare === null ? "" : fmt(bareRps, 0),
      s.bare === null ? "" : fmt(m((f) => f.p99, "bare")),
    ];
  });
  console.log(
    "Saturation (errors and timeouts: all runs together; alternating: req/s as a share of the floor's with the two " +
      "measured in alternating slices, which the targets are held to; cpu: the app's CPU time per request, and the " +
      "floor's as a share of it, which other work on the machine moves far less than req/s)",
  );
  printTable(
    [
      "scenario",
      "req/s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "errors",
      "timeouts",
      "of floor",
      "alternating",
      "target",
      "cpu ms/req",
      "cpu of floor",
      "bare req/s",
      "bare p99",
    ],
    rows,
  );
  const measured = results.flatMap((r) => (r.capacity === null ? [] : [r.capacity]));
  if (measured.length === 0) {
    console.log("\nCapacity: not measured (LOAD_CAPACITY=0).");
    return results.flatMap(missedIn);
  }
  const capacities = measured.map((c) => c.learners);
  const medianCapacity = median(capacities);
  console.log(
    `\nCapacity (open loop, p99 ≤ ${TARGETS.p99Ms} ms, no error): median ${fmt(medianCapacity, 0)} learners per ` +
      `${os.availableParallelism()}-core box (runs: ${capacities.join(", ")}; target ≥ ${TARGETS.learners}). ` +
      `A learner rates every 8 s, loads a page every 2 min; one in ten autosaves every 20 s.`,
  );
  // the latency table of the run whose capacity is the median
  const typical = [...measured].sort((a, b) => a.learners - b.learners)[Math.floor((measured.length - 1) / 2)];
  const tableRows: string[][] = [];
  for (const { learners, figures } of typical?.table ?? []) {
    for (const kind of ["all", "rate", "page", "autosave"]) {
      const f = figures.get(kind);
      if (f === undefined) continue;
      tableRows.push([String(learners), kind, fmt(f.rps), fmt(f.p50), fmt(f.p95), fmt(f.p99), String(f.errors)]);
    }
  }
  printTable(["learners", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"], tableRows);
  return results.flatMap(missedIn);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-bench-load-"));
  const children: ChildProcess[] = [];
  const cleanUp = () => {
    for (const child of children) stopGroup(child, "SIGTERM");
  };
  process.once("SIGINT", () => {
    cleanUp();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  try {
    const appFile = path.join(dir, "app.db");
    const bareFile = path.join(dir, "bare.db");
    const secret = randomBytes(32).toString("base64url");
    process.env.DATABASE_URL = `file:${appFile}`;
    console.log(`Seeding ${userCount} learners and ${reviewLogs} review logs in ${dir}…`);
    const fixture = await buildLoadFixture({
      users: userCount,
      reviewLogs,
      gradingInterviews: gradingPerRun * runs,
      secret,
      now: new Date(),
    });
    const { disconnectPrisma } = await import("../../lib/server/db");
    await disconnectPrisma();
    const copy = new Database(appFile);
    copy.exec(`VACUUM INTO '${bareFile.replaceAll("'", "''")}'`);
    copy.close();
    const [port, barePort] = [await freePort(), await freePort()];
    console.log(`Starting the app on 127.0.0.1:${port} (building first if the sources changed)…`);
    const probeBase = path.join(dir, "stages");
    const app = await startApp({
      databaseUrl: `file:${appFile}`,
      port,
      secret,
      quiet: true,
      env: stagesOnly ? stageProbeEnv(probeBase) : profileOnly ? cpuProbeEnv(probeBase) : {},
    });
    children.push(app.child);
    if (stagesOnly) {
      const rows: string[][] = [];
      const loops: string[] = [];
      for (const scenario of appScenarios(fixture, app.origin, 1, 0)) {
        if (scenario.name !== "rate" && scenario.name !== "autosave") continue;
        await closedLoop(app.origin, scenario, { connections, seconds: warmupSeconds, warmup: true });
        await settle(app.origin, "/api/live");
        await collectStages(app.child, probeBase); // the warm-up's records are dropped
        const figures = await closedLoop(app.origin, scenario, { connections, seconds, warmup: false });
        const { loop, records } = await collectStages(app.child, probeBase);
        const prefix = scenario.name === "rate" ? "/api/study/ratings" : "/api/interviews/";
        rows.push(...stageRows(records, prefix));
        loops.push(`${scenario.name}: ${fmt(figures.rps, 0)} req/s, p99 ${fmt(figures.p99)} ms; ${loop}`);
      }
      console.log(`\nStages at ${connections} connections (ms)`);
      printTable(["requests", "stage", "n", "p50", "p99"], rows);
      for (const line of loops) console.log(line);
      return;
    }
    if (profileOnly) {
      for (const scenario of appScenarios(fixture, app.origin, 1, 0)) {
        if (!(onlyScenarios.length === 0 ? ["rate", "autosave"] : onlyScenarios).includes(scenario.name)) continue;
        await closedLoop(app.origin, scenario, { connections, seconds: warmupSeconds, warmup: true });
        await settle(app.origin, "/api/live");
        toggleProfiles(app.child);
        await sleep(200);
        const figures = await closedLoop(app.origin, scenario, { connections, seconds, warmup: false });
        toggleProfiles(app.child);
        const found = await busiestProfile(probeBase);
        await settle(app.origin, "/api/live");
        if (found === null) throw new Error(`no CPU profile was written for ${scenario.name}`);
        const keep = process.env.LOAD_PROFILE_KEEP;
        if (keep) fs.copyFileSync(found.file + ".read", path.join(keep, `${scenario.name}.cpuprofile`));
        const { functions, places, idle } = profileRows(found.profile);
        const perRequest = (found.profile.endTime - found.profile.startTime) / 1000 / Math.max(1, figures.requests);
        console.log(
          `\n${scenario.name}: ${fmt(figures.rps, 0)} req/s, p99 ${fmt(figures.p99)} ms, ${figures.requests} requests; ` +
            `${idle}; ${fmt(perRequest, 2)} ms of wall time per request`,
        );
        printTable(["self time by function", "ms", "of busy"], functions);
        console.log("");
        printTable(["self time by place", "ms", "of busy"], places);
      }
      return;
    }
    const bare = await startBare(bareFile, barePort, secret);
    children.push(bare);
    const bareOrigin = `http://127.0.0.1:${barePort}`;
    const results: Run[] = [];
    for (let run = 0; run < runs; run += 1) {
      const saturation: Saturation[] = [];
      const scenarios = appScenarios(fixture, app.origin, runs, run);
      for (const scenario of scenarios) {
        if (!chosen(scenario.name, scenario.floor)) continue;
        process.stdout.write(`run ${run + 1}/${runs} ${scenario.name}… `);
        const measured = await saturate(app.origin, scenario, "/api/live", app.child.pid);
        // each run's own figures: a run that misses a target can be read beside the medians
        process.stdout.write(
          `${fmt(measured.figures.rps, 0)} req/s, p99 ${fmt(measured.figures.p99)} ms, ${fmt(measured.cpu, 2)} ms CPU/req\n`,
        );
        const bareFigures =
          scenario.bare === null ? null : (await saturate(bareOrigin, scenario.bare, "/interviews", bare.pid)).figures;
        const floorScenario = scenarios.find((f) => f.floor === null && f.name === `${scenario.floor} floor`);
        let paired: number | null = null;
        if (TARGETS.ofFloor[scenario.name] !== undefined && floorScenario !== undefined) {
          paired = await pairedRatio(app.origin, scenario, floorScenario);
          await settle(app.origin, "/api/live");
          console.log(
            `run ${run + 1}/${runs} ${scenario.name} and the ${scenario.floor} floor alternating… ${pct(paired)}`,
          );
        }
        saturation.push({
          name: scenario.name,
          floor: scenario.floor,
          app: measured.figures,
          bare: bareFigures,
          appCpu: measured.cpu,
          cores: measured.cores,
          paired,
        });
      }
      if (runCapacity) console.log(`run ${run + 1}/${runs} capacity…`);
      const found = runCapacity
        ? await capacity(fixture, app.origin, app.child.pid, (line) => console.log(line))
        : null;
      results.push({ saturation, capacity: found });
    }
    const missed = report(results);
    console.log(missed.length === 0 ? "\nAll targets met." : `\nTargets missed:\n  ${missed.join("\n  ")}`);
    process.exitCode = missed.length === 0 ? 0 : 1;
  } finally {
    cleanUp();
    await Promise.all(children.map((child) => waitForExit(child)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
