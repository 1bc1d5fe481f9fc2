/**
 * Stored interviews replay with exactly the questions they were taken with. tests/fixtures/replay holds a
 * database made by older code (replay.sql) and what that code showed (expected.json, see its README): this
 * opens a copy with today's code, migrated, and compares every question's prompt, scenario (trace) and model
 * answer, every running interview once submitted, and every flashcard's scenario variant.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { fromItemRow, scenarioVariant, stableJson } from "../../../lib/content";
import { deployMigrations } from "../../../lib/server/migrations";
import { prisma } from "../../../lib/server/db";
import { resultsView, submitInterview, takeView } from "../../../lib/server/interviews";
import { cardFace } from "../../../lib/server/study";
import { diagramTraceOf, type Trace } from "../../../lib/sim";

const root = path.resolve(import.meta.dirname, "../../..");
const fixture = path.join(root, "tests/fixtures/replay");

interface ExpectedQuestion {
  readonly position: number;
  readonly promptHtml: string;
}
interface ExpectedResult extends ExpectedQuestion {
  readonly answer: string;
  readonly modelAnswerHtml: string;
  /** `hash`: of the whole trace when the fixture was made; `scenario`: of its question (see scenarioOf), by that code. */
  readonly trace: { hash: string; url: string; scenario: string } | null;
  readonly generated: boolean;
  readonly storedScore: number | null;
}
interface Expected {
  readonly activeNow: string;
  readonly interviews: readonly {
    id: string;
    learner: string;
    status: string;
    questions: readonly ExpectedQuestion[];
  }[];
  readonly results: Readonly<Record<string, readonly ExpectedResult[]>>;
  readonly cards: readonly {
    learner: string;
    itemId: string;
    seed: number;
    template: string;
    matchesOptions: boolean;
    trace: string;
    scenario: string;
    answerHtml: string;
    descriptionHtml: string;
  }[];
  readonly reviews: readonly {
    idempotencyKey: string;
    scenarioSeed: number;
    trace: string | null;
    scenario: string | null;
  }[];
}

const expected = JSON.parse(fs.readFileSync(path.join(fixture, "expected.json"), "utf8")) as Expected;
const now = new Date(expected.activeNow);
/**
 * The question a scenario asks: its request, and the pods and Services the generator made (names, addresses,
 * nodes, ports). The simulation may add fields to a trace, reword a hop or correct what happens (a fix to
 * the simulation shows in the model answer); the question a learner was asked stays the same.
 */
const scenarioOf = (trace: Trace | undefined) =>
  trace === undefined
    ? null
    : createHash("sha256")
        .update(
          stableJson({
            request: trace.scenario.request,
            pods: trace.scenario.pods.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, node: p.node })),
            services: trace.scenario.services.map((svc) => ({
              namespace: svc.namespace,
              name: svc.name,
              type: svc.type,
              clusterIP: svc.clusterIP,
              ports: svc.ports,
            })),
          }),
        )
        .digest("hex");
const users = new Map<string, string>();

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-replay-test-"));
  const file = path.join(dir, "replay.db");
  const db = new Database(file);
  db.exec(fs.readFileSync(path.join(fixture, "replay.sql"), "utf8"));
  db.close();
  process.env.DATABASE_URL = `file:${file}`;
  await deployMigrations({
    databaseUrl: process.env.DATABASE_URL,
    migrationsDir: path.join(root, "prisma", "migrations"),
    schemaPath: path.join(root, "prisma", "schema.prisma"),
  });
  for (const user of await prisma.user.findMany({ select: { id: true, email: true } })) {
    users.set(user.email.split("@")[0] ?? "", user.id);
  }
});

const GENERATED = "a model answer that walks this scenario's request";
/** A generated answer is HTML written from today's trace of the same scenario (scenarioOf checks the scenario). */
const generatedAnswer = (html: string, trace: Trace | null | undefined) =>
  trace != null && /^<(ol|p)>/.test(html) ? GENERATED : html;

const userId = (learner: string) => {
  const id = users.get(learner);
  if (id === undefined) throw new Error(`the fixture has no learner ${learner}`);
  return id;
};

describe("stored interviews replay with the questions they were taken with", () => {
  it("covers submitted and running interviews, generated and authored scenarios", () => {
    expect(expected.interviews.map((i) => i.status)).toEqual(expect.arrayContaining(["submitted", "active"]));
    expect(expected.interviews.length).toBeGreaterThanOrEqual(6);
  });

  it.each(expected.interviews.map((i) => [i.id, i] as const))("%s shows its frozen prompts", async (id, interview) => {
    const take = await takeView(userId(interview.learner), id, now);
    if (!take.ok) throw new Error(take.message);
    expect(take.view.questions.map((q) => ({ position: q.position, promptHtml: q.promptHtml }))).toEqual(
      interview.questions.map((q) => ({ position: q.position, promptHtml: q.promptHtml })),
    );
  });

  it.each(expected.interviews.map((i) => [i.id, i] as const))(
    "%s is graded and shown against the scenario it was taken with",
    async (id, interview) => {
      const learner = userId(interview.learner);
      if (interview.status === "active") {
        const submitted = await submitInterview(learner, id, now);
        expect(submitted.ok).toBe(true);
      }
      const results = await resultsView(learner, id, now);
      if (!results.ok) throw new Error(results.message);
      const shown = results.view.questions.map((q) => ({
        position: q.position,
        promptHtml: q.promptHtml,
        answer: q.answer,
        // an authored model answer is the author's text; a generated one is today's simulation of the same question
        modelAnswerHtml: q.generated ? generatedAnswer(q.modelAnswerHtml, q.trace) : q.modelAnswerHtml,
        trace: q.trace === null ? null : { url: q.trace.scenario.request.url, scenario: scenarioOf(q.trace) },
        generated: q.generated,
        storedScore: interview.status === "submitted" ? q.score : null,
      }));
      expect(shown).toEqual(
        expected.results[id]?.map((q) => ({
          ...q,
          modelAnswerHtml: q.generated ? GENERATED : q.modelAnswerHtml,
          trace: q.trace === null ? null : { url: q.trace.url, scenario: q.trace.scenario },
        })),
      );
    },
  );
});

describe("stored flashcard reviews replay with their scenario variants", () => {
  it.each(expected.cards.map((c) => [`${c.learner} ${c.itemId}`, c] as const))(
    "%s shows the same variant",
    async (_name, card) => {
      const learner = userId(card.learner);
      const row = await prisma.card.findUniqueOrThrow({
        where: { userId_itemId: { userId: learner, itemId: card.itemId } },
        include: { item: true },
      });
      const view = cardFace(row.item, learner, row.reps, row.scenarioSeed);
      expect(view.scenario).not.toBeNull();
      // the face carries only the diagram's part of the trace: the whole one is its seed's variant
      const item = fromItemRow(row.item);
      const variant =
        item?.kind === "scenario" && view.scenario ? scenarioVariant(view.scenario.seed, item.generator) : null;
      expect(view.scenario?.trace).toEqual(variant === null ? undefined : diagramTraceOf(variant.trace));
      expect({
        seed: view.scenario?.seed,
        template: view.scenario?.template,
        matchesOptions: view.scenario?.matchesOptions,
        trace: scenarioOf(variant?.trace),
        answerHtml: generatedAnswer(view.scenario?.answerHtml ?? "", variant?.trace),
      }).toEqual({
        seed: card.seed,
        template: card.template,
        matchesOptions: card.matchesOptions,
        trace: card.scenario,
        answerHtml: GENERATED,
      });
      // The front's description is written by the one scenario prose writer since flashcards, interviews and
      // the admin sample share it (the fixture keeps the older text): it still names this variant's client and URL.
      const scenario = view.scenario?.trace.scenario;
      expect(view.scenario?.descriptionHtml).toContain(scenario?.request.from);
      expect(view.scenario?.descriptionHtml).toContain(scenario?.request.url);
    },
  );

  it("every review's stored seed regenerates the variant it showed", async () => {
    const logs = await prisma.reviewLog.findMany({
      where: { scenarioSeed: { not: null } },
      include: { card: { include: { item: true } } },
    });
    expect(logs.length).toBe(expected.reviews.length);
    const byKey = new Map(logs.map((log) => [log.idempotencyKey, log]));
    for (const review of expected.reviews) {
      const log = byKey.get(review.idempotencyKey);
      const item = log === undefined ? null : fromItemRow(log.card.item);
      if (item?.kind !== "scenario") throw new Error(`review ${review.idempotencyKey} is not of a scenario item`);
      const variant = scenarioVariant(review.scenarioSeed, item.generator);
      expect(variant === null ? null : scenarioOf(variant.trace)).toBe(review.scenario);
    }
  });
});
