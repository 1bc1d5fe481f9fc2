/**
 * Grading on the grading threads (lib/server/interviews/grade-pool.ts): the grades that come back are the
 * grades lib/interview's gradeQuestion gives in this thread (nothing lost in the copy between threads), in the
 * order sent, and the event loop keeps running while a thread grades.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SEED_SET } from "../../../lib/content";
import { gradeQuestion, isInterviewItem, planQuestions, SCENARIO_GENERATOR_VERSION } from "../../../lib/interview";
import { questionSetSchema } from "../../../lib/schemas/question-set";
import { closeGradingPool, gradeInPool } from "../../../lib/server/interviews/grade-pool";

const items = questionSetSchema.parse(SEED_SET).items.filter(isInterviewItem);
const modelAnswer = items.find((i) => i.kind === "freeform")?.back ?? "";
let seed = 11;
const plan = planQuestions(
  items,
  6,
  (max) => max - 1,
  () => (seed = (seed * 48271) % 2147483647),
);
const answers = [
  modelAnswer,
  "I do not know.",
  "",
  "CoreDNS appends the search domain, then kube-proxy copies the bytes to a random pod.",
  modelAnswer.split(".").reverse().join(". "),
  `${modelAnswer}\n\n`.repeat(12),
];
const tasks = plan.map((q, i) => ({
  item: q.item,
  question: {
    answer: answers[i % answers.length] ?? "",
    scenarioSeed: q.scenarioSeed,
    difficulty: q.difficulty,
    generatorVersion: SCENARIO_GENERATOR_VERSION,
  },
}));
const synonyms = [{ conceptId: "search-domain", phrase: "walks the suffix list" }];

afterAll(closeGradingPool);

describe("the grading pool", () => {
  it("returns, in order, exactly the grades gradeQuestion gives in this thread", async () => {
    expect(tasks.length).toBe(6);
    const expected = tasks.map((t) => gradeQuestion(t.item, t.question, synonyms));
    expect(expected.filter((g) => g !== null).length).toBeGreaterThan(3);
    expect(await gradeInPool({ tasks, synonyms })).toEqual(expected);
  });

  it("answers null for a question whose item is gone, and nothing for no questions", async () => {
    const [first] = tasks;
    if (first === undefined) throw new Error("no task");
    expect(await gradeInPool({ tasks: [{ ...first, item: undefined }], synonyms: [] })).toEqual([null]);
    expect(await gradeInPool({ tasks: [], synonyms: [] })).toEqual([]);
  });

  it("grades beside the event loop, which keeps turning while the grades are computed", async () => {
    await gradeInPool({ tasks: tasks.slice(0, 1), synonyms: [] }); // the thread is up
    const long = Array.from({ length: 3 }, () => tasks).flat();
    let turns = 0;
    let turning = true;
    const turn = () => {
      turns += 1;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const started = performance.now();
    const grades = await gradeInPool({ tasks: long, synonyms });
    turning = false;
    expect(grades).toHaveLength(long.length);
    // graded in this thread, the batch would leave no turn until it was done; here the loop turns throughout
    expect(performance.now() - started).toBeGreaterThan(5);
    expect(turns).toBeGreaterThan(20);
  });
});
