/**
 * Several app processes on one database, told to make their calls at the same moment: the harness of the race
 * tests. Each worker (race-worker.ts) is started once per test file and takes one batch of calls at a time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import { runRaceCall, type RaceCall, type RaceOutcome } from "./race-calls";

const root = path.resolve(import.meta.dirname, "../../..");

export interface RaceWorkers {
  /** Sends each worker its calls and runs `local` here, all at once; every outcome, workers' first. */
  race(perWorker: readonly (readonly RaceCall[])[], local?: readonly RaceCall[]): Promise<RaceOutcome[]>;
  close(): Promise<void>;
}

interface Worker {
  child: ChildProcessWithoutNullStreams;
  lines: Interface;
  next(): Promise<string>;
}

function startWorker(databaseUrl: string, connect: boolean): Promise<Worker> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    [
      "--conditions=react-server",
      path.join(root, "tests/unit/server/race-worker.ts"),
      ...(connect ? [] : ["--no-connect"]),
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["pipe", "pipe", "pipe"] },
  );
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let failed: Error | null = null;
  const fail: ((error: Error) => void)[] = [];
  lines.on("line", (line) => {
    const resolve = waiting.shift();
    if (resolve) resolve(line);
    else queue.push(line);
  });
  child.on("exit", (code) => {
    failed = new Error(`race worker exited ${code}: ${errors}`);
    for (const reject of fail.splice(0)) reject(failed);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = queue.shift();
      if (line !== undefined) return resolve(line);
      if (failed) return reject(failed);
      waiting.push(resolve);
      fail.push(reject);
    });
  return next().then((line) => {
    if (line !== "ready") throw new Error(`race worker said ${line}`);
    return { child, lines, next };
  });
}

/** Starts `count` workers on the database (`connect: false` for a database that does not exist yet). */
export async function raceWorkers(databaseUrl: string, count: number, connect = true): Promise<RaceWorkers> {
  const workers = await Promise.all(Array.from({ length: count }, () => startWorker(databaseUrl, connect)));
  return {
    async race(perWorker, local = []) {
      const answers = workers.map((worker, i) => {
        worker.child.stdin.write(`${JSON.stringify(perWorker[i] ?? [])}\n`);
        return worker.next().then((line) => JSON.parse(line) as RaceOutcome[]);
      });
      const here = Promise.all(local.map(runRaceCall));
      return [...(await Promise.all(answers)).flat(), ...(await here)];
    },
    async close() {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.child.exitCode !== null) return resolve();
              worker.child.on("exit", () => resolve());
              worker.child.stdin.end();
            }),
        ),
      );
    },
  };
}
