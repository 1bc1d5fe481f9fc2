/**
 * The calls the race tests make at the same time from several processes (tests/unit/server/races.test.ts and
 * release.test.ts; race-worker.ts runs them in the other processes), and what each one answered. Each is an
 * app function as a request handler calls it, so a race here is a race between two app instances.
 */
import type { SessionUser } from "../../../lib/server/auth";
import type { QuestionSetContent } from "../../../lib/schemas/question-set";

export type RaceCall =
  | { readonly op: "undo"; readonly user: SessionUser }
  | {
      readonly op: "rate";
      readonly user: SessionUser;
      readonly itemId: string;
      readonly key: string;
      readonly at: string;
    }
  | { readonly op: "publish"; readonly admin: SessionUser; readonly slug: string }
  | { readonly op: "upsert"; readonly content: QuestionSetContent }
  | { readonly op: "signUp"; readonly email: string }
  | { readonly op: "lease"; readonly holder: string; readonly at: string; readonly ttlMs: number }
  | { readonly op: "release" };

export type RaceOutcome =
  | { readonly op: RaceCall["op"]; readonly ok: boolean; readonly code: string | null; readonly detail: unknown }
  | { readonly op: RaceCall["op"]; readonly threw: string; readonly code: string };

/** Runs one call; an error becomes an outcome (the test asserts there is none). */
export async function runRaceCall(call: RaceCall): Promise<RaceOutcome> {
  try {
    switch (call.op) {
      case "undo": {
        const { undoRating } = await import("../../../lib/server/study");
        const { SEED_SET } = await import("../../../lib/content");
        const result = await undoRating(call.user, { latest: { mode: "set", slug: SEED_SET.slug } }, new Date());
        return { op: call.op, ok: result.ok, code: result.ok ? null : result.code, detail: null };
      }
      case "rate": {
        const { rateCard } = await import("../../../lib/server/study");
        const input = { itemId: call.itemId, rating: 3 as const, idempotencyKey: call.key, durationMs: 1000 };
        const result = await rateCard(call.user, input, new Date(call.at));
        return { op: call.op, ok: result.ok, code: result.ok ? null : result.code, detail: null };
      }
      case "publish": {
        const { publishSet } = await import("../../../lib/server/authoring");
        const result = await publishSet(call.admin, call.slug);
        return { op: call.op, ok: result.ok, code: result.ok ? null : result.code, detail: result.message };
      }
      case "upsert": {
        const { upsertQuestionSet } = await import("../../../lib/server/authoring");
        const summary = await upsertQuestionSet(call.content, { status: "published" });
        return { op: call.op, ok: true, code: null, detail: summary.version };
      }
      case "signUp": {
        const { signUpLearner } = await import("../../../lib/server/auth/accounts");
        const result = await signUpLearner({ email: call.email, name: "", password: "a long enough password" });
        return { op: call.op, ok: result.ok, code: result.ok ? null : result.code, detail: null };
      }
      case "lease": {
        const { holdLease } = await import("../../../lib/server/lease");
        const held = await holdLease("race", call.holder, new Date(call.at), call.ttlMs);
        return { op: call.op, ok: held, code: null, detail: call.holder };
      }
      case "release": {
        const { releaseDatabase } = await import("../../../lib/server/setup/prepare");
        const prepared = await releaseDatabase();
        return { op: call.op, ok: true, code: null, detail: prepared.firstAdmin?.password ?? null };
      }
    }
  } catch (error) {
    const e = error as { message?: unknown; code?: unknown };
    return { op: call.op, threw: String(e.message ?? error), code: String(e.code ?? "") };
  }
}
