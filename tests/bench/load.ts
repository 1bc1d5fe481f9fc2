/**
 * Load benchmark (`npm run bench:load`): the production build on a fresh seeded database (200
 * learners, 50,000 review logs) driven over HTTP on 127.0.0.1 by autocannon from this process, then the same
 * work done by a bare node:http + better-sqlite3 handler calling the same library code
 * (tests/bench/bare-handler.ts) on a copy of the same database.
 *
 * Scenarios (50 connections; request k acts as learner k mod 200, so no two requests in flight share one):
 *   floor    GET /api/interviews with no cookie: 401 before any query (what every request costs at least)
 *   browse   GET the set list page (session, sets, per-set New/Learning/Due counts, rendered HTML)
 *   rate     the study page's rateAction server action (one transaction; the page then loads the next card)
 *   autosave PATCH /api/interviews/:id/questions/:position (growing answer, increasing revision)
 *   grade    POST /api/interviews/:id/submit on one-question interviews with a full answer (grading)
 *
 * Targets: 0 errors; rate and autosave p99 ≤ 100 ms; app throughput ≥ 40 % of the bare handler's.
 * Exits 1 when a target is missed (figures are printed either way). Must run under /tmp/e2e.lock (the npm
 * script takes it): the build in `.next` is shared with the e2e runs.
 *
 * Environment: LOAD_SECONDS (default 10 per scenario, after LOAD_WARMUP_SECONDS, default 2, unrecorded),
 * LOAD_CONNECTIONS (50), LOAD_USERS (200),
 * LOAD_REVIEW_LOGS (50000), LOAD_PORT (3310; the bare handler uses LOAD_PORT + 1).
 */
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os, { loadavg } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { buildLoadFixture, BENCH_ANSWER, SEED_SLUG, type LoadFixture } from "./load-fixture";
import { actionRequest, root, serverActionIds, startApp, stopGroup, waitForExit } from "./load-server";

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const userCount = Number(process.env.LOAD_USERS ?? 200);
const reviewLogs = Number(process.env.LOAD_REVIEW_LOGS ?? 50_000);
const port = Number(process.env.LOAD_PORT ?? 3310);
// at most 4 per learner: each also has an autosave interview, and 5 may run at once (lib/server/interviews MAX_RUNNING)
const gradingInterviews = Number(process.env.LOAD_GRADING ?? 800);

interface Figures {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
  /** the first few failed responses (status and the start of the body), to say what went wrong */
  readonly samples: readonly string[];
}

interface Scenario {
  readonly name: "floor" | "browse" | "rate" | "autosave" | "grade";
  /** builds one request for the connection's learner; `ok` checks the response beyond its status */
  readonly request: (connection: Connection) => {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  };
  readonly ok?: (status: number, body: string) => boolean;
  /** the status every response must have, when it is not a 2xx (the floor's 401) */
  readonly status?: number;
  /** a fixed number of requests instead of a duration (each grading request consumes one interview) */
  readonly amount?: number;
  /** the warm-up's number of requests, for a scenario measured by amount */
  readonly warmupAmount?: number;
}

/**
 * What request number k does: learner k mod users; for autosave, question ⌊k / users⌋ mod 10 with revision k,
 * so each answer's revisions only grow and the requests in flight never touch the same answer. (autocannon
 * resets its per-request context after every request list, so the numbering is ours.)
 */
interface Connection {
  user: number;
  sequence: number;
}

/** Request numbers only grow, across warm-ups and scenarios (autosave revisions must keep increasing). */
let nextRequest = 1000;

/** Each scenario first runs this long (or `warmupAmount` requests) at full concurrency, unrecorded. */
const WARMUP_SECONDS = Number(process.env.LOAD_WARMUP_SECONDS ?? 2);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function drive(origin: string, scenario: Scenario, phase: "warm-up" | "measure"): Promise<Figures> {
  const length =
    phase === "warm-up"
      ? scenario.warmupAmount !== undefined
        ? { amount: scenario.warmupAmount }
        : { duration: WARMUP_SECONDS }
      : scenario.amount !== undefined
        ? { amount: scenario.amount }
        : { duration: seconds };
  const latencies: number[] = [];
  let failedChecks = 0;
  const samples: string[] = [];
  const sample = (status: number, body: string) => {
    if (samples.length < 3) samples.push(`${status} ${body.slice(0, 160).replaceAll("\n", " ")}`);
  };
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        // autocannon refuses more connections than requests (a small LOAD_GRADING's warm-up)
        connections:
          "amount" in length ? Math.max(1, Math.min(connections, length.amount ?? connections)) : connections,
        ...length,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const k = nextRequest;
              nextRequest += 1;
              const built = scenario.request({ user: k % userCount, sequence: k });
              return { ...request, ...built };
            },
            onResponse: (status, body) => {
              const wrongStatus = scenario.status !== undefined ? status !== scenario.status : status >= 400;
              const failedCheck = status < 400 && scenario.ok !== undefined && !scenario.ok(status, body);
              if (scenario.status !== undefined && wrongStatus) failedChecks += 1;
              if (failedCheck) failedChecks += 1;
              if (wrongStatus || failedCheck) sample(status, body);
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  return {
    requests,
    seconds: elapsed,
    rps: requests / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    // autocannon counts timeouts among its connection errors
    errors: result.errors + (scenario.status === undefined ? result.non2xx : 0) + failedChecks,
    samples: [
      ...samples,
      ...(result.timeouts > 0 ? [`${result.timeouts} request(s) timed out after 10 s`] : []),
      ...(result.errors > result.timeouts ? [`${result.errors - result.timeouts} connection error(s)`] : []),
    ],
  };
}

/** Interviews graded in the warm-up (the rest are measured): a tenth, at most 50. */
function gradeWarmup(fixture: LoadFixture): number {
  return Math.min(50, Math.floor(fixture.gradingInterviews.length / 10));
}

/**
 * The work request k does, the same for the app and the bare handler (only the transport differs): learner
 * k mod users; rate card k mod cards with rating 1 + k mod 4; autosave question ⌊k / users⌋ mod 10 with a
 * growing answer and revision k; grading takes the next prepared interview.
 */
function workOf(fixture: LoadFixture) {
  const user = (c: Connection) => fixture.users[c.user] ?? fixture.users[0]!;
  let graded = 0;
  return {
    user,
    rating: (c: Connection) => {
      const u = user(c);
      const card = u.cards[c.sequence % u.cards.length] ?? u.cards[0]!;
      return { u, cardId: card.id, rating: 1 + (c.sequence % 4), idempotencyKey: randomUUID() };
    },
    autosave: (c: Connection) => ({
      u: user(c),
      position: 1 + (Math.floor(c.sequence / userCount) % 10),
      body: JSON.stringify({ answer: BENCH_ANSWER.slice(0, 100 + (c.sequence % 900)), revision: c.sequence }),
    }),
    nextGrading: () => {
      const [u, id] = fixture.gradingInterviews[graded++ % fixture.gradingInterviews.length]!;
      return { cookie: fixture.users[u]!.cookie, id };
    },
    gradingAmounts: {
      amount: fixture.gradingInterviews.length - gradeWarmup(fixture),
      warmupAmount: gradeWarmup(fixture),
    },
  };
}

function appScenarios(fixture: LoadFixture, origin: string, actions: Map<string, string>): Scenario[] {
  const rateId = actions.get("rateAction");
  if (!rateId) throw new Error("rateAction is not in the build's server reference manifest");
  const work = workOf(fixture);
  const json = { origin, "content-type": "application/json" };
  return [
    // the least any request costs: a route handler that finds no session cookie and answers 401, no database
    { name: "floor", status: 401, request: () => ({ method: "GET", path: "/api/interviews", headers: {} }) },
    { name: "browse", request: (c) => ({ method: "GET", path: "/sets", headers: { cookie: work.user(c).cookie } }) },
    {
      name: "rate",
      request: (c) => {
        const { u, ...rating } = work.rating(c);
        const input = { rating: { ...rating, durationMs: 3000 }, back: { mode: "set", slug: SEED_SLUG } };
        return { method: "POST", path: `/study/${SEED_SLUG}`, ...actionRequest(origin, rateId, u.cookie, [input]) };
      },
      // rateAction answers { ok: true } once the rating is stored (the page then loads the next card); a
      // refusal is a 200 with { ok: false, message }
      ok: (_status, body) => body.includes('"ok":true'),
    },
    {
      name: "autosave",
      request: (c) => {
        const { u, position, body } = work.autosave(c);
        const path = `/api/interviews/${u.autosaveInterview}/questions/${position}`;
        return { method: "PATCH", path, headers: { cookie: u.cookie, ...json }, body };
      },
    },
    {
      name: "grade",
      ...work.gradingAmounts,
      request: () => {
        const { cookie, id } = work.nextGrading();
        return { method: "POST", path: `/api/interviews/${id}/submit`, headers: { cookie, origin } };
      },
    },
  ];
}

function bareScenarios(fixture: LoadFixture): Scenario[] {
  const work = workOf(fixture);
  const json = { "content-type": "application/json" };
  return [
    { name: "floor", status: 401, request: () => ({ method: "GET", path: "/interviews", headers: {} }) },
    { name: "browse", request: (c) => ({ method: "GET", path: "/sets", headers: { cookie: work.user(c).cookie } }) },
    {
      name: "rate",
      request: (c) => {
        const { u, ...rating } = work.rating(c);
        return { method: "POST", path: "/rate", headers: { cookie: u.cookie, ...json }, body: JSON.stringify(rating) };
      },
    },
    {
      name: "autosave",
      request: (c) => {
        const { u, position, body } = work.autosave(c);
        return {
          method: "PATCH",
          path: `/autosave/${u.autosaveInterview}/${position}`,
          headers: { cookie: u.cookie, ...json },
          body,
        };
      },
    },
    {
      name: "grade",
      ...work.gradingAmounts,
      request: () => {
        const { cookie, id } = work.nextGrading();
        return { method: "POST", path: `/submit/${id}`, headers: { cookie } };
      },
    },
  ];
}

async function startBare(file: string, barePort: number, secret: string) {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/bench/bare-handler.ts", file, String(barePort), secret],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`bare handler exited (${code})`)));
  });
  return child;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-bench-load-"));
  const appFile = path.join(dir, "app.db");
  const bareFile = path.join(dir, "bare.db");
  const secret = randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = `file:${appFile}`;
  console.log(`Seeding ${userCount} learners and ${reviewLogs} review logs in ${dir}…`);
  const t0 = performance.now();
  const fixture = await buildLoadFixture({ users: userCount, reviewLogs, gradingInterviews, secret, now: new Date() });
  const { disconnectPrisma } = await import("../../lib/server/db");
  await disconnectPrisma();
  const copy = new Database(appFile);
  copy.exec(`VACUUM INTO '${bareFile.replaceAll("'", "''")}'`);
  copy.close();
  console.log(
    `Seeded in ${fmt((performance.now() - t0) / 1000)} s: ${fixture.users.length} learners, ${fixture.reviewLogs} review logs, ` +
      `${fixture.gradingInterviews.length} interviews to grade.`,
  );

  const results = new Map<string, { app: Figures; bare: Figures }>();
  const app = await startApp({ databaseUrl: `file:${appFile}`, port, secret, quiet: true });
  try {
    const actions = serverActionIds();
    // Each scenario warms up first (the first requests compile modules and JIT the hot paths), unrecorded.
    for (const scenario of appScenarios(fixture, app.origin, actions)) {
      console.log(`app ${scenario.name}…`);
      await drive(app.origin, scenario, "warm-up");
      results.set(scenario.name, {
        app: await drive(app.origin, scenario, "measure"),
        bare: undefined as unknown as Figures,
      });
    }
  } finally {
    stopGroup(app.child, "SIGTERM");
    await waitForExit(app.child);
  }
  const bare = await startBare(bareFile, port + 1, secret);
  try {
    for (const scenario of bareScenarios(fixture)) {
      console.log(`bare ${scenario.name}…`);
      const entry = results.get(scenario.name);
      if (entry === undefined) continue;
      await drive(`http://127.0.0.1:${port + 1}`, scenario, "warm-up");
      entry.bare = await drive(`http://127.0.0.1:${port + 1}`, scenario, "measure");
    }
  } finally {
    bare.kill("SIGTERM");
    await waitForExit(bare);
  }

  console.log(
    `\nLoad benchmark: ${connections} connections, ${seconds} s per scenario after a ${WARMUP_SECONDS} s warm-up ` +
      `(grade: one request per interview, ${gradeWarmup(fixture)} of them in the warm-up), ` +
      `${os.availableParallelism()} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}\n`,
  );
  const header = ["scenario", "target", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"];
  const rows: string[][] = [];
  const missed: string[] = [];
  for (const [name, { app: a, bare: b }] of results) {
    for (const [target, f] of [
      ["app", a],
      ["bare", b],
    ] as const) {
      rows.push([name, target, String(f.requests), fmt(f.rps), fmt(f.p50), fmt(f.p95), fmt(f.p99), String(f.errors)]);
    }
    const ratio = a.rps / b.rps;
    rows.push([
      name,
      "app/bare",
      "",
      `${fmt(ratio * 100, 0)} %`,
      fmt(a.p50 / b.p50, 2),
      fmt(a.p95 / b.p95, 2),
      fmt(a.p99 / b.p99, 2),
      "",
    ]);
    if (a.errors > 0 || b.errors > 0) {
      missed.push(`${name}: ${a.errors} app / ${b.errors} bare errors`);
      for (const [target, f] of [
        ["app", a],
        ["bare", b],
      ] as const)
        for (const line of f.samples) missed.push(`  ${target}: ${line}`);
    }
    if (name === "floor") continue; // no target: it is what the framework costs before any of our code
    if ((name === "rate" || name === "autosave") && a.p99 > 100)
      missed.push(`${name}: app p99 ${fmt(a.p99)} ms > 100 ms`);
    if (ratio < 0.4) missed.push(`${name}: app throughput ${fmt(ratio * 100, 0)} % of bare < 40 %`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const floor = results.get("floor")?.app;
  if (floor !== undefined) {
    // Nothing the app does can be cheaper than its floor: these are the best figures any route could reach.
    console.log(
      `\nFloor: Next.js answers a request that does no work at ${fmt(floor.rps)} req/s, p99 ${fmt(floor.p99)} ms ` +
        `at ${connections} connections. The best app/bare ratio a route can reach is floor ÷ bare:`,
    );
    for (const [name, { bare: b }] of results) {
      if (name !== "floor") console.log(`  ${name.padEnd(8)} ${fmt((floor.rps / b.rps) * 100, 0)} %`);
    }
  }
  console.log(missed.length === 0 ? "\nAll targets met." : `\nTargets missed:\n  ${missed.join("\n  ")}`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = missed.length === 0 ? 0 : 1;
}

await main();
