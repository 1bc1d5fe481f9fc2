import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import { SEED_SET } from "../../../lib/content";
import {
  MAX_RUNNING,
  historyView,
  listInterviewSets,
  runningInterviews,
  resultsView,
  saveAnswer,
  setOverride,
  withdrawOverride,
  startInterview,
  submitInterview,
  sweepExpiredInterviews,
  takeView,
} from "../../../lib/server/interviews";
import { CONCEPT_FLASHCARDS, LATE_GRACE_MS } from "../../../lib/interview";

const MODEL_ANSWER = SEED_SET.items.find((i) => i.kind === "freeform")?.back ?? "";
const BAD_ANSWER = "kube-proxy answers the DNS query and returns the pod IP, then the request goes to the pod.";

let learner = "";
let other = "";
const minutes = (n: number) => n * 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  learner = (await prisma.user.create({ data: { email: "l@example.test", passwordHash: "x" } })).id;
  other = (await prisma.user.create({ data: { email: "o@example.test", passwordHash: "x" } })).id;
});

async function start(now: Date, questions = 3, mins = 20): Promise<string> {
  const started = await startInterview(learner, { set: "kubernetes-dns", questions, minutes: mins }, now);
  if (!started.ok) throw new Error(started.message);
  return started.id;
}

describe("starting an interview", () => {
  it("stores the deadline, frozen prompts and a seed per generated scenario", async () => {
    const now = new Date("2026-01-10T10:00:00Z");
    const id = await start(now, 3, 25);
    const interview = await prisma.interview.findUniqueOrThrow({ where: { id }, include: { questions: true } });
    expect(interview.deadlineAt.toISOString()).toBe("2026-01-10T10:25:00.000Z");
    expect(interview.durationSec).toBe(25 * 60);
    expect(interview.questions).toHaveLength(3);
    // the seed set has one free-form question: asked once on its own scenario, then on two generated variants
    const own = interview.questions.filter((q) => q.difficulty === null);
    expect(own).toHaveLength(1);
    expect(own[0]?.prompt).toContain('http.get("https://bar/")');
    for (const q of interview.questions) {
      expect(q.scenarioSeed).toEqual(expect.any(Number));
      expect(q.prompt).toMatch(/kube-proxy in \*\*(iptables|ipvs|nftables)\*\* mode/);
      expect(q.prompt).toMatch(/namespace \*\*[a-z-]+\*\*/);
    }
  });

  it("refuses an unknown set (404) and a set without interview questions (422)", async () => {
    const now = new Date();
    const missing = await startInterview(learner, { set: "no-such-set", questions: 3, minutes: 20 }, now);
    expect(missing).toMatchObject({ ok: false, code: "SET_NOT_FOUND" });
    await prisma.questionSet.create({
      data: {
        slug: "cards-only",
        title: "Cards only",
        status: "published",
        items: { create: [{ id: "only-card", kind: "flashcard", position: 0, front: "q", back: "a" }] },
      },
    });
    const noQuestions = await startInterview(learner, { set: "cards-only", questions: 1, minutes: 5 }, now);
    expect(noQuestions).toMatchObject({ ok: false, code: "NO_INTERVIEW_QUESTIONS" });
  });
});

describe("running interviews", () => {
  it("allows at most MAX_RUNNING at once; expired ones do not count", async () => {
    const busy = (await prisma.user.create({ data: { email: "busy@example.test", passwordHash: "x" } })).id;
    const t0 = new Date("2026-08-01T09:00:00Z");
    for (let i = 0; i < MAX_RUNNING; i += 1) {
      expect((await startInterview(busy, { set: "kubernetes-dns", questions: 1, minutes: 5 }, t0)).ok).toBe(true);
    }
    expect(await runningInterviews(busy, t0)).toHaveLength(MAX_RUNNING);
    const refused = await startInterview(busy, { set: "kubernetes-dns", questions: 1, minutes: 5 }, t0);
    expect(refused).toMatchObject({ ok: false, code: "TOO_MANY_RUNNING" });
    const later = at(t0, minutes(6));
    expect(await runningInterviews(busy, later)).toHaveLength(0);
    expect((await startInterview(busy, { set: "kubernetes-dns", questions: 1, minutes: 5 }, later)).ok).toBe(true);
  });
});

describe("taking an interview", () => {
  it("autosaves with last-write-wins revisions and keeps the server's remaining time", async () => {
    const t0 = new Date("2026-02-01T09:00:00Z");
    const id = await start(t0);
    const saved = await saveAnswer(learner, id, 1, { answer: "first draft", revision: 1 }, at(t0, 1000));
    expect(saved).toMatchObject({ ok: true, revision: 1 });
    const newer = await saveAnswer(learner, id, 1, { answer: "second draft", revision: 2 }, at(t0, 2000));
    expect(newer).toMatchObject({ ok: true, revision: 2 });
    // an older save arriving late (another tab, a retry) never overwrites the newer text
    const stale = await saveAnswer(learner, id, 1, { answer: "stale draft", revision: 2 }, at(t0, 3000));
    expect(stale).toMatchObject({
      ok: false,
      code: "STALE_REVISION",
      current: { answer: "second draft", revision: 2 },
    });
    const flagged = await saveAnswer(learner, id, 2, { flagged: true }, at(t0, 3000));
    expect(flagged).toMatchObject({ ok: true, flagged: true });

    // a "reload" ten minutes in: same answers, and the time left is deadline − now
    const view = await takeView(learner, id, at(t0, minutes(10)));
    if (!view.ok) throw new Error(view.message);
    expect(view.view.questions[0]).toMatchObject({ answer: "second draft", revision: 2 });
    expect(view.view.questions[1]?.flagged).toBe(true);
    expect(view.view.remainingMs).toBe(minutes(10));
  });

  it("refuses an answer longer than 20,000 characters with 413", async () => {
    const t0 = new Date("2026-02-02T09:00:00Z");
    const id = await start(t0, 1);
    const long = await saveAnswer(learner, id, 1, { answer: "x".repeat(20_001), revision: 1 }, at(t0, 1000));
    expect(long).toMatchObject({ ok: false, code: "ANSWER_TOO_LONG" });
  });

  it("hides another user's interview behind a 404", async () => {
    const t0 = new Date("2026-02-03T09:00:00Z");
    const id = await start(t0, 1);
    expect(await takeView(other, id, t0)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await saveAnswer(other, id, 1, { answer: "mine now", revision: 1 }, t0)).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await submitInterview(other, id, t0)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await resultsView(other, id, t0)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("deadline", () => {
  it("refuses a late save, and the request that touches it submits the interview", async () => {
    const t0 = new Date("2026-03-01T09:00:00Z");
    const id = await start(t0, 2, 5);
    await saveAnswer(learner, id, 1, { answer: MODEL_ANSWER, revision: 1 }, at(t0, minutes(4)));
    // within the grace a save that left the browser just before zero still counts
    const justInTime = await saveAnswer(learner, id, 2, { answer: "almost", revision: 1 }, at(t0, minutes(5) + 500));
    expect(justInTime.ok).toBe(true);
    const late = await saveAnswer(
      learner,
      id,
      2,
      { answer: "too late", revision: 2 },
      at(t0, minutes(5) + LATE_GRACE_MS + 1),
    );
    expect(late).toMatchObject({ ok: false, code: "LATE" });
    if (!late.ok) expect(late.message).toMatch(/Time is up/);
    const interview = await prisma.interview.findUniqueOrThrow({ where: { id }, include: { questions: true } });
    expect(interview.status).toBe("submitted");
    expect(interview.submittedBy).toBe("deadline");
    // time used is capped at the time allowed
    expect(interview.submittedAt?.toISOString()).toBe(interview.deadlineAt.toISOString());
    expect(interview.questions.find((q) => q.position === 2)?.answer).toBe("almost");
    expect(interview.graderVersion).toEqual(expect.any(String));
  });

  it("a sweep grading several interviews lets other work run in between (the database never yields)", async () => {
    const t0 = new Date("2026-03-03T09:00:00Z");
    const ids = [await start(t0, 3, 5), await start(t0, 3, 5)];
    // other requests arrive as event-loop tasks: count how many get a turn while the sweep runs
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const graded = await sweepExpiredInterviews(at(t0, minutes(6)));
    done = true;
    expect(graded).toBeGreaterThanOrEqual(2);
    // at least one turn per graded interview (without yielding there were none at all)
    expect(turns).toBeGreaterThanOrEqual(graded);
    for (const id of ids) {
      expect((await prisma.interview.findUniqueOrThrow({ where: { id } })).status).toBe("submitted");
    }
  });

  it("the sweep submits expired sessions once, however often it runs", async () => {
    const t0 = new Date("2026-03-02T09:00:00Z");
    const id = await start(t0, 1, 5);
    await sweepExpiredInterviews(at(t0, minutes(4)));
    expect((await prisma.interview.findUniqueOrThrow({ where: { id } })).status).toBe("active");
    const after = at(t0, minutes(6));
    const runs = await Promise.all([sweepExpiredInterviews(after), sweepExpiredInterviews(after)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const again = await sweepExpiredInterviews(at(t0, minutes(7)));
    expect(again).toBe(0);
    const interview = await prisma.interview.findUniqueOrThrow({ where: { id }, include: { questions: true } });
    expect(interview.status).toBe("submitted");
    expect(interview.questions.every((q) => q.gradedAt !== null)).toBe(true);
  });
});

describe("submitting and results", () => {
  it("grades every answer once; a double submit is harmless and answers cannot change afterwards", async () => {
    const t0 = new Date("2026-04-01T09:00:00Z");
    const id = await start(t0, 3);
    const view = await takeView(learner, id, t0);
    if (!view.ok) throw new Error(view.message);
    const ownPosition = (
      await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: id, difficulty: null } })
    ).position;
    const badPosition = ownPosition === 1 ? 2 : 1;
    await saveAnswer(learner, id, ownPosition, { answer: MODEL_ANSWER, revision: 1 }, at(t0, 1000));
    await saveAnswer(learner, id, badPosition, { answer: BAD_ANSWER, revision: 1 }, at(t0, 2000));

    const [a, b] = await Promise.all([
      submitInterview(learner, id, at(t0, minutes(3))),
      submitInterview(learner, id, at(t0, minutes(3))),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.alreadySubmitted, b.alreadySubmitted].sort()).toEqual([false, true]);
    expect(a.score).toBe(b.score);
    const third = await submitInterview(learner, id, at(t0, minutes(4)));
    expect(third).toMatchObject({ ok: true, alreadySubmitted: true, submittedBy: "learner" });

    const change = await saveAnswer(learner, id, ownPosition, { answer: "changed", revision: 5 }, at(t0, minutes(5)));
    expect(change).toMatchObject({ ok: false, code: "SUBMITTED" });

    const results = await resultsView(learner, id, at(t0, minutes(6)));
    if (!results.ok) throw new Error(results.message);
    const own = results.view.questions.find((q) => q.position === ownPosition);
    const bad = results.view.questions.find((q) => q.position === badPosition);
    const empty = results.view.questions.find((q) => q.position !== ownPosition && q.position !== badPosition);
    expect(own?.answer).toBe(MODEL_ANSWER);
    expect(own?.score ?? 0).toBeGreaterThan(bad?.score ?? 100);
    expect(empty?.score).toBe(0);
    expect(bad?.grade?.misconceptions.length ?? 0).toBeGreaterThan(0);
    // the highlighted pieces put the answer back together exactly
    expect(own?.segments.map((s) => s.text).join("")).toBe(MODEL_ANSWER);
    expect(own?.segments.some((s) => s.mark?.kind === "concept")).toBe(true);
    expect(own?.trace?.hops.length ?? 0).toBeGreaterThan(0);
    expect(own?.marks.length ?? 0).toBeGreaterThan(0);
    expect(own?.modelAnswerHtml).toContain("10.96.12.34");
    // the generated variants get a model answer written from their own trace
    expect(empty?.modelAnswerHtml).toContain("<ol>");
    expect(results.view.score).toBe(Math.round(((own?.score ?? 0) + (bad?.score ?? 0) + 0) / 3));
  });

  it("makes the flashcards of missed concepts due, and the results name them", async () => {
    const t0 = new Date("2026-05-01T09:00:00Z");
    const id = await start(t0, 1);
    await submitInterview(learner, id, at(t0, 60_000));
    const results = await resultsView(learner, id, at(t0, 120_000));
    if (!results.ok) throw new Error(results.message);
    // an empty answer misses every required concept, so every card the documented table links to one of
    // them is due (whichever scenario was drawn, resolv.conf is always required)
    const required = results.view.questions[0]?.concepts.filter((c) => c.required).map((c) => c.id) ?? [];
    const expected = new Set(required.flatMap((c) => CONCEPT_FLASHCARDS[c] ?? []));
    const ids = results.view.scheduledCards.map((c) => c.itemId);
    expect(new Set(ids)).toEqual(expected);
    expect(ids).toContain("resolv-conf-config");
    const cards = await prisma.card.findMany({ where: { userId: learner, itemId: { in: ids } } });
    expect(cards).toHaveLength(ids.length);
    for (const card of cards) expect(card.due.getTime()).toBeLessThanOrEqual(at(t0, 60_000).getTime());
  });

  it("records an 'I was right' claim that changes no score until an admin accepts it", async () => {
    const t0 = new Date("2026-06-01T09:00:00Z");
    const id = await start(t0, 1);
    const answer = "The resolver reads resolv.conf. The stub tacks app.svc.cluster.local onto the name.";
    await saveAnswer(learner, id, 1, { answer, revision: 1 }, at(t0, 1000));
    await submitInterview(learner, id, at(t0, 2000));
    const before = await resultsView(learner, id, at(t0, 3000));
    if (!before.ok) throw new Error(before.message);
    const missing = before.view.questions[0]?.concepts.find((c) => c.claimable && c.required);
    expect(missing).toBeDefined();
    const found = before.view.questions[0]?.concepts.find((c) => c.status === "found" && !c.outOfOrder);
    if (found)
      expect(await setOverride(learner, id, 1, found.id, "resolv.conf")).toMatchObject({ code: "NOT_OVERRIDABLE" });
    expect(await setOverride(learner, id, 1, missing?.id ?? "", "not in the answer")).toMatchObject({
      code: "INVALID_REQUEST",
    });
    const claimed = await setOverride(learner, id, 1, missing?.id ?? "", "tacks app.svc.cluster.local");
    expect(claimed).toMatchObject({ ok: true, status: "pending" });
    const after = await resultsView(learner, id, at(t0, 4000));
    if (!after.ok) throw new Error(after.message);
    const q = after.view.questions[0];
    expect(q?.score).toBe(before.view.questions[0]?.score);
    expect(q?.concepts.find((c) => c.id === missing?.id)?.claim?.status).toBe("pending");
    expect(await prisma.gradeOverride.count({ where: { userId: learner } })).toBe(1);
    expect(await withdrawOverride(learner, id, 1, missing?.id ?? "")).toMatchObject({ ok: true, withdrawn: true });
  });

  it("past results still render after the set is edited", async () => {
    const t0 = new Date("2026-07-01T09:00:00Z");
    const id = await start(t0, 1);
    const ownQuestion = await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: id } });
    await submitInterview(learner, id, at(t0, 1000));
    const { upsertQuestionSet } = await import("../../../lib/server/authoring");
    const { questionSetSchema } = await import("../../../lib/schemas/question-set");
    const edited = questionSetSchema.parse({
      ...SEED_SET,
      items: SEED_SET.items.map((i) =>
        i.kind === "freeform" ? { ...i, front: "Edited question", back: "Edited answer" } : i,
      ),
    });
    await upsertQuestionSet(edited, { status: "published" });
    const results = await resultsView(learner, id, at(t0, 2000));
    if (!results.ok) throw new Error(results.message);
    expect(results.view.questions[0]?.promptHtml).not.toContain("Edited question");
    expect(results.view.questions[0]?.promptHtml).toContain("Scenario");
    expect(ownQuestion.prompt).not.toContain("Edited");
    if (ownQuestion.difficulty === null)
      expect(results.view.questions[0]?.modelAnswerHtml).not.toContain("Edited answer");
  });

  it("lists past interviews newest first with score and time used", async () => {
    const history = await historyView(learner, new Date("2026-12-01T00:00:00Z"));
    expect(history.length).toBeGreaterThan(3);
    const times = history.map((h) => h.startedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(history.every((h) => h.status === "submitted")).toBe(true);
    expect(history.every((h) => (h.timeUsedSec ?? 0) <= h.durationSec)).toBe(true);
  });
});

describe("sets offered for interviews", () => {
  it("count the questions an interview may ask: outside-client scenario questions are asked too", async () => {
    const { upsertQuestionSet } = await import("../../../lib/server/authoring");
    const { questionSetSchema } = await import("../../../lib/schemas/question-set");
    const outside = (id: string) => ({
      id,
      kind: "scenario" as const,
      front: "Which source address does the backend pod see?",
      template: "client-source" as const,
      generator: { difficulty: "medium" as const, client: "outside" as const },
    });
    await upsertQuestionSet(
      questionSetSchema.parse({ slug: "outside-only", title: "Outside only", items: [outside("o-1")] }),
      { status: "published" },
    );
    await upsertQuestionSet(
      questionSetSchema.parse({
        slug: "outside-and-freeform",
        title: "Outside and free-form",
        items: [outside("o-2"), SEED_SET.items.find((i) => i.kind === "freeform")!].map((i) => ({
          ...i,
          id: `${i.id}-x`,
        })),
      }),
      { status: "published" },
    );
    const offered = await listInterviewSets();
    expect(offered.find((s) => s.slug === "outside-only")?.interviewItems).toBe(1);
    expect(offered.find((s) => s.slug === "outside-and-freeform")?.interviewItems).toBe(2);
  });
});
