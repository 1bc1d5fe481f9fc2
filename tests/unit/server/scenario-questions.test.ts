/**
 * One scenario question, three places: a mock interview, the flashcard reviewer and the admin's "Generate a
 * sample" must show the same scenario for the same item and seed, and the sample must show the question as
 * interviews ask it. Regressions: interviews applied generator options by filtering seeds (so an option the
 * generator cannot meet at a difficulty was silently dropped) while flashcards rewrote the scenario, and the
 * sample described the scenario with its own prose and a question nobody was asked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { scenarioSample, upsertQuestionSet } from "../../../lib/server/authoring";
import { resultsView, startInterview, submitInterview, takeView } from "../../../lib/server/interviews";
import type { SessionUser } from "../../../lib/server/auth";
import { scenarioVariant } from "../../../lib/content";
import { generatorOptionsSchema, questionSetSchema } from "../../../lib/schemas/question-set";

// difficulty easy never generates a musl client or an nftables cluster (lib/sim/generate.ts): only a rewrite
// of the generated scenario can meet these options
const generator = generatorOptionsSchema.parse({
  difficulty: "easy",
  resolvers: ["musl"],
  proxyModes: ["nftables"],
});
const item = {
  id: "options-dns",
  kind: "scenario" as const,
  front: "Explain each name.",
  back: "",
  tags: [],
  template: "dns-names" as const,
  generator,
};

let admin: SessionUser;
let learner = "";

beforeAll(async () => {
  await useFreshDatabase();
  await upsertQuestionSet(questionSetSchema.parse({ slug: "options-set", title: "Options", items: [item] }), {
    status: "published",
  });
  const a = await prisma.user.create({ data: { email: "admin@test", passwordHash: "x", role: "admin" } });
  admin = { id: a.id, email: a.email, name: null, role: "admin", mustChangePassword: false };
  learner = (await prisma.user.create({ data: { email: "learner@test", passwordHash: "x" } })).id;
});

async function interviewQuestion(now: Date) {
  const started = await startInterview(learner, { set: "options-set", questions: 1, minutes: 5 }, now);
  if (!started.ok) throw new Error(started.message);
  const take = await takeView(learner, started.id, now);
  if (!take.ok) throw new Error(take.message);
  await submitInterview(learner, started.id, now);
  const results = await resultsView(learner, started.id, now);
  if (!results.ok) throw new Error(results.message);
  const stored = await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: started.id } });
  return {
    seed: stored.scenarioSeed ?? 0,
    promptHtml: take.view.questions[0]?.promptHtml,
    trace: results.view.questions[0]?.trace,
  };
}

describe("a scenario question with generator options", () => {
  it("is asked in interviews on a scenario that honours the options", async () => {
    for (let i = 0; i < 5; i += 1) {
      const { trace } = await interviewQuestion(new Date(Date.UTC(2026, 0, 10, 10, i)));
      const client = trace?.scenario.pods.find((p) => `${p.namespace}/${p.name}` === trace.scenario.request.from);
      expect(trace?.scenario.kubeProxy.mode).toBe("nftables");
      expect(client?.resolver).toBe("musl");
    }
  });

  it("shows the interview's scenario on the flashcard and the interview's question in the admin sample", async () => {
    const question = await interviewQuestion(new Date(Date.UTC(2026, 0, 11, 10)));
    expect(question.trace).toEqual(scenarioVariant(question.seed, generator)?.trace);
    const sample = await scenarioSample(admin, {
      template: item.template,
      generator,
      front: item.front,
      seed: question.seed,
    });
    expect(sample.ok).toBe(true);
    expect(sample).toMatchObject({ questionHtml: question.promptHtml });
  });
});
