import "server-only";
import { randomInt } from "node:crypto";
import { prisma } from "../db";
import type { Result } from "../../schemas/failure";
import { type StartInterviewInput } from "../../schemas/interview";
import {
  deadlineFor,
  LATE_GRACE_MS,
  planQuestions,
  questionPrompt,
  questionScenario,
  SCENARIO_GENERATOR_VERSION,
} from "../../interview";
import type { Prisma } from "../generated/prisma/client";
import { snapshotItems } from "./snapshot";

const randomSeed = (): number => randomInt(1, 2_147_483_647);

/** Interviews a learner may have running at once (each one generates scenarios: keep starts cheap to abuse). */
export const MAX_RUNNING = 5;

export async function startInterview(
  userId: string,
  input: StartInterviewInput,
  now: Date,
): Promise<Result<{ id: string }>> {
  const running = await prisma.interview.count({
    where: { userId, status: "active", deadlineAt: { gt: new Date(now.getTime() - LATE_GRACE_MS) } },
  });
  if (running >= MAX_RUNNING) {
    return {
      ok: false,
      code: "TOO_MANY_RUNNING",
      message: `You already have ${running} interviews running; finish one (or let it time out) before starting another.`,
    };
  }
  const set = await prisma.questionSet.findUnique({ where: { slug: input.set } });
  if (set === null || set.status !== "published") {
    return { ok: false, code: "SET_NOT_FOUND", message: `No published question set "${input.set}".` };
  }
  const items = await snapshotItems(prisma, set.id, set.version);
  const live = new Set(
    (await prisma.item.findMany({ where: { setId: set.id, retiredAt: null }, select: { id: true } })).map((i) => i.id),
  );
  const plan = planQuestions(
    items.filter((i) => live.has(i.id)),
    input.questions,
    (n) => randomInt(n),
    randomSeed,
  );
  if (plan.length === 0) {
    return {
      ok: false,
      code: "NO_INTERVIEW_QUESTIONS",
      message: `"${set.title}" has no free-form or scenario questions, so it cannot be used for a mock interview.`,
    };
  }
  const questions: Prisma.InterviewQuestionCreateWithoutInterviewInput[] = [];
  for (const [index, planned] of plan.entries()) {
    const scenario = questionScenario(
      planned.item,
      planned.scenarioSeed,
      planned.difficulty,
      SCENARIO_GENERATOR_VERSION,
    );
    if (scenario === null) {
      return {
        ok: false,
        code: "INVALID_SCENARIO",
        message: `Question "${planned.item.id}" has a scenario that does not validate; ask an admin to fix the set.`,
      };
    }
    questions.push({
      item: { connect: { id: planned.item.id } },
      position: index + 1,
      prompt: questionPrompt(planned, scenario.trace),
      scenarioSeed: planned.scenarioSeed,
      difficulty: planned.difficulty,
      generatorVersion: SCENARIO_GENERATOR_VERSION,
    });
  }
  const durationSec = input.minutes * 60;
  const interview = await prisma.interview.create({
    data: {
      userId,
      setId: set.id,
      setVersion: set.version,
      status: "active",
      startedAt: now,
      deadlineAt: deadlineFor(now, durationSec),
      durationSec,
      questions: { create: questions },
    },
    select: { id: true },
  });
  return { ok: true, id: interview.id };
}
