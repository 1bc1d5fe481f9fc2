/**
 * A second app process for tests/unit/server/concurrency.test.ts: its own Prisma client and SQLite connection
 * on the same database file, doing the ratings and autosaves of a plan (JSON file in argv[2]) all at once.
 * Prints "ready" once connected, then one JSON line: every call's outcome, or the error it threw (message and code).
 */
import { readFileSync } from "node:fs";
import type { ConcurrencyPlan, CallOutcome } from "./concurrency-plan";

const plan = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as ConcurrencyPlan;
const { rateCard } = await import("../../../lib/server/study");
const { saveAnswer } = await import("../../../lib/server/interviews");
const { disconnectPrisma, prisma } = await import("../../../lib/server/db");
// Open the connection first and say so, so the test starts its own writes while this process writes too.
await prisma.appMeta.count();
process.stdout.write("ready\n");

function thrown(error: unknown): CallOutcome {
  const e = error as { message?: unknown; code?: unknown };
  return { kind: "threw", message: String(e.message ?? error), code: String(e.code ?? "") };
}

const outcomes = await Promise.all([
  ...plan.ratings.map(async (r): Promise<CallOutcome> => {
    try {
      const result = await rateCard(r.user, r.input, new Date(r.at));
      return { kind: "rating", key: r.input.idempotencyKey, ok: result.ok, code: result.ok ? null : result.code };
    } catch (error) {
      return thrown(error);
    }
  }),
  ...plan.saves.map(async (s): Promise<CallOutcome> => {
    try {
      const result = await saveAnswer(s.userId, s.interviewId, s.position, s.input, new Date(s.at));
      return { kind: "save", ok: result.ok, code: result.ok ? null : result.code };
    } catch (error) {
      return thrown(error);
    }
  }),
]);
await disconnectPrisma();
process.stdout.write(JSON.stringify(outcomes) + "\n");
