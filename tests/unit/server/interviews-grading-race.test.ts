/**
 * Grading runs before the transaction that stores it (lib/server/interviews/submit.ts, submitById). An autosave that
 * lands after the answers were read but before the status flips must not be lost or graded stale: the
 * transaction rolls back and the newer answer is graded. The autosave is injected from a second connection
 * inside the (mocked) grading pool, exactly between the read and the write.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { executeSync, useFreshDatabase, type TestDatabase } from "./test-database";
import type * as Pool from "../../../lib/server/interviews/grade-pool";

const race = vi.hoisted(() => ({
  database: null as TestDatabase | null,
  pending: [] as { id: string; answer: string; revision: number }[],
  /** every answer the grader saw, with the score it gave */
  graded: [] as { answer: string; score: number | null }[],
}));

// Grading runs on a grading thread (grade-pool.ts), whose module a mock cannot reach: the pool is replaced by
// the same pure gradeQuestion run here, answer by answer, with the autosave injected after each.
vi.mock("../../../lib/server/interviews/grade-pool", async (importOriginal) => {
  const actual = await importOriginal<typeof Pool>();
  const { gradeQuestion } = await import("../../../lib/interview");
  return {
    ...actual,
    gradeInPool: async ({ tasks, synonyms }: Parameters<typeof actual.gradeInPool>[0]) =>
      tasks.map(({ item, question }) => {
        const grade = gradeQuestion(item, question, synonyms);
        race.graded.push({ answer: question.answer, score: grade === null ? null : grade.score });
        // once graded, another tab's autosave lands (a second connection, as a second writer would)
        const next = race.pending.shift();
        if (next !== undefined && race.database !== null) {
          executeSync(
            race.database,
            'UPDATE "InterviewQuestion" SET "answer" = ?, "answerRevision" = ? WHERE "id" = ?',
            [next.answer, next.revision, next.id],
          );
        }
        return grade;
      }),
  };
});

const { prisma } = await import("../../../lib/server/db");
const { runSeed } = await import("../../../lib/server/authoring");
const { SEED_SET } = await import("../../../lib/content");
const { saveAnswer, startInterview, submitInterview } = await import("../../../lib/server/interviews");

const MODEL_ANSWER = SEED_SET.items.find((i) => i.kind === "freeform")?.back ?? "";

let learner = "";

beforeAll(async () => {
  race.database = await useFreshDatabase();
  await runSeed();
  learner = (await prisma.user.create({ data: { email: "race@example.test", passwordHash: "x" } })).id;
});

describe("an autosave racing the grader", () => {
  it("is kept, and the grade stored is the grade of the newer answer", async () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const started = await startInterview(learner, { set: "kubernetes-dns", questions: 1, minutes: 20 }, now);
    if (!started.ok) throw new Error(started.message);
    expect((await saveAnswer(learner, started.id, 1, { answer: "I do not know.", revision: 1 }, now)).ok).toBe(true);
    const question = await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: started.id } });
    race.pending.push({ id: question.id, answer: MODEL_ANSWER, revision: 2 });

    race.graded.length = 0;
    const submitted = await submitInterview(learner, started.id, new Date(now.getTime() + 60_000));

    expect(submitted.ok).toBe(true);
    expect(race.pending).toHaveLength(0);
    const stored = await prisma.interviewQuestion.findUniqueOrThrow({ where: { id: question.id } });
    expect(stored.answerRevision).toBe(2);
    expect(stored.answer).toBe(MODEL_ANSWER);
    // graded twice: the stale answer, then (after the rollback) the newer one, whose score is the one stored
    expect(race.graded.map((g) => g.answer)).toEqual(["I do not know.", MODEL_ANSWER]);
    const [stale, fresh] = race.graded;
    expect(fresh!.score).toBeGreaterThan(stale!.score ?? 0);
    expect(stored.score).toBe(fresh!.score);
    expect(submitted.ok && submitted.score).toBe(stored.score);
    const interview = await prisma.interview.findUniqueOrThrow({ where: { id: started.id } });
    expect(interview.status).toBe("submitted");
    expect(interview.score).toBe(stored.score);
  });

  it("without a race grades once and stores it", async () => {
    const now = new Date("2026-03-02T10:00:00Z");
    const started = await startInterview(learner, { set: "kubernetes-dns", questions: 1, minutes: 20 }, now);
    if (!started.ok) throw new Error(started.message);
    expect((await saveAnswer(learner, started.id, 1, { answer: "I do not know.", revision: 1 }, now)).ok).toBe(true);
    race.graded.length = 0;
    const submitted = await submitInterview(learner, started.id, new Date(now.getTime() + 60_000));
    expect(submitted.ok).toBe(true);
    expect(race.graded.map((g) => g.answer)).toEqual(["I do not know."]);
    const stored = await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: started.id } });
    expect(stored.answerRevision).toBe(1);
    expect(stored.gradedAt).not.toBeNull();
    expect(stored.score).toBe(race.graded[0]!.score);
  });
});
