/**
 * Where one request's time goes, for `LOAD_STAGES=1 npm run bench:load`: the app runs with
 * tests/bench/stage-probe.mjs loaded (NODE_OPTIONS=--import), which times each request's stages from Next.js's
 * own trace spans and better-sqlite3's statements; here they are collected (SIGUSR2) and summarised:
 *
 *   waiting  arrival to Next.js's first span: the request queued behind others in the one event loop
 *   spans    each of Next.js's own spans by name ("Middleware.execute" is proxy.ts,
 *            "AppRouteRouteHandlers.runHandler" a route handler, "AppRender.getBodyResult" a page render)
 *   sql      time inside SQLite statements, and how many ran
 *   total    arrival to the response's end
 */
import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { percentile } from "./load-drive";
import { root } from "./load-server";

interface StageRecord {
  readonly url: string;
  readonly total: number;
  readonly sql: number;
  readonly statements: number;
  readonly spans: readonly { name: string; start: number; end: number }[];
}

/** The environment that loads the probe into the app's processes, writing to files next to `base`. */
export function stageProbeEnv(base: string): Record<string, string> {
  const probe = path.join(root, "tests", "bench", "stage-probe.mjs");
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${probe}`.trim(), STAGE_PROBE_FILE: base };
}

/** Asks every process of the app's group for its records, and reads them. */
export async function collectStages(
  child: ChildProcess,
  base: string,
): Promise<{ loop: string; records: StageRecord[] }> {
  for (const file of fs.readdirSync(path.dirname(base))) {
    if (file.startsWith(`${path.basename(base)}.`)) fs.rmSync(path.join(path.dirname(base), file));
  }
  if (child.pid !== undefined) process.kill(-child.pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const records: StageRecord[] = [];
  const loops: string[] = [];
  for (const file of fs.readdirSync(path.dirname(base))) {
    if (!file.startsWith(`${path.basename(base)}.`)) continue;
    const [head, ...lines] = fs
      .readFileSync(path.join(path.dirname(base), file), "utf8")
      .trim()
      .split("\n");
    const loop = (JSON.parse(head ?? "{}") as { loop?: { p50: number; p99: number; max: number } }).loop;
    if (loop && lines.length > 0) {
      loops.push(
        `event-loop delay p50 ${loop.p50.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms`,
      );
    }
    for (const line of lines) if (line) records.push(JSON.parse(line) as StageRecord);
  }
  return { loop: loops.join("; "), records };
}

/**
 * p50 / p99 of each stage of the requests whose URL starts with `prefix`, as table rows: the wait before
 * Next.js's first span, every span Next.js reported (by name, nested ones included), SQL time and
 * statements, and the total.
 */
export function stageRows(records: readonly StageRecord[], prefix: string): string[][] {
  const mine = records.filter((r) => r.url.startsWith(prefix));
  const stages = new Map<string, number[]>();
  const add = (name: string, value: number) => {
    const values = stages.get(name) ?? [];
    values.push(value);
    stages.set(name, values);
  };
  for (const r of mine) {
    add("waiting (before the first span)", Math.min(...r.spans.map((s) => s.start), r.total));
    for (const span of r.spans) add(span.name, span.end - span.start);
    add("sql", r.sql);
    add("statements", r.statements);
    add("total", r.total);
  }
  return [...stages].map(([name, values]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    return [prefix, name, String(sorted.length), percentile(sorted, 50).toFixed(2), percentile(sorted, 99).toFixed(2)];
  });
}
