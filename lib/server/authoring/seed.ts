import "server-only";
import { SEED_SET } from "../../content/seed-set";
import { questionSetSchema } from "../../schemas/question-set";
import { upsertQuestionSet, type UpsertSummary } from "./store";

/**
 * Seeds the built-in question set. Idempotent: items have stable ids, so running it again updates what
 * changed and creates nothing twice. Runs on every start (cheap when nothing changed).
 */
export async function runSeed(): Promise<UpsertSummary> {
  return upsertQuestionSet(questionSetSchema.parse(SEED_SET), { status: "published" });
}
