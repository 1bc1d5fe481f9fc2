/**
 * Mock interviews: start, take (autosave), submit (grading), results, overrides, history.
 * Every function takes the acting user's id (authorisation: a learner only ever sees their own interviews;
 * anyone else's id is "not found", never "forbidden", so ids cannot be probed) and `now` (the clock is
 * injected; route handlers pass `new Date()`, tests pass what they like).
 *
 * Expected failures are values with the HTTP status the API answers (lib/server/interviews-api.ts).
 * Timing, state rules, question drawing and derived results are pure: lib/interview.
 */
import { randomInt } from "node:crypto";
import { createEmptyCard } from "ts-fsrs";
import { prisma } from "./db";
import { renderMarkdown } from "../content/markdown";
import { gradeAnswer, GRADER_VERSION, MAX_ANSWER_CHARS } from "../grade/index";
import type { Trace } from "../sim/index";
import { questionSetSchema, type ItemContent } from "../schemas/question-set";
import {
  storedGradeSchema,
  type SaveAnswerInput,
  type StartInterviewInput,
  type StoredGrade,
} from "../schemas/interview";
import {
  answerSegments,
  conceptsToReview,
  deadlineFor,
  decideRevision,
  decideSave,
  decideSubmit,
  flashcardsForConcepts,
  hopMarks,
  interviewScore,
  interviewVerdict,
  isExpired,
  isInterviewItem,
  LATE_GRACE_MS,
  modelAnswer,
  overridable,
  overriddenScore,
  planQuestions,
  questionPrompt,
  questionScenario,
  remainingMs,
  toStatus,
  type AnswerSegment,
  type HopMark,
  type InterviewItem,
  type SubmittedBy,
} from "../interview";
import type { Prisma } from "./generated/prisma/client";

export interface Failure {
  readonly ok: false;
  readonly status: 400 | 404 | 409 | 413 | 422;
  readonly code: string;
  readonly message: string;
  readonly current?: { readonly answer: string; readonly revision: number };
}
export type Outcome<T> = ({ readonly ok: true } & T) | Failure;

const notFound = (): Failure => ({
  ok: false,
  status: 404,
  code: "NOT_FOUND",
  message: "No such interview (or it is not yours).",
});

type Tx = Prisma.TransactionClient;

// ------------------------------------------------------------------ content snapshots

function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/**
 * The set's items as published in `version` (QuestionSetVersion snapshot), so a past interview renders with
 * the question, model answer and rubric it was taken with, even after the set was edited.
 */
async function snapshotItems(db: Tx | typeof prisma, setId: string, version: number): Promise<ItemContent[]> {
  const row = await db.questionSetVersion.findUnique({ where: { setId_version: { setId, version } } });
  if (row !== null) {
    try {
      const parsed = questionSetSchema.safeParse(JSON.parse(row.snapshot));
      if (parsed.success) return parsed.data.items;
    } catch {
      // fall through to the live rows
    }
  }
  const items = await db.item.findMany({ where: { setId }, orderBy: { position: "asc" } });
  const out: ItemContent[] = [];
  for (const item of items) {
    const tags = parseTags(item.tags);
    const base = { id: item.id, front: item.front, back: item.back, tags };
    const extra: unknown =
      item.rubric !== null ? JSON.parse(item.rubric) : item.scenario !== null ? JSON.parse(item.scenario) : {};
    const candidate =
      item.kind === "freeform"
        ? { ...base, kind: "freeform", ...(extra as object), rubric: (extra as { tuning?: unknown }).tuning ?? null }
        : item.kind === "scenario"
          ? { ...base, kind: "scenario", ...(extra as object) }
          : { ...base, kind: "flashcard" };
    const parsed = questionSetSchema.shape.items.element.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

// ------------------------------------------------------------------ start

export interface InterviewSetOption {
  readonly slug: string;
  readonly title: string;
  readonly defaultMinutes: number;
  readonly interviewItems: number;
}

/** Published sets that have at least one interview question (free-form or scenario). */
export async function listInterviewSets(): Promise<InterviewSetOption[]> {
  const sets = await prisma.questionSet.findMany({
    where: { status: "published" },
    orderBy: { title: "asc" },
    select: {
      slug: true,
      title: true,
      interviewMinutes: true,
      items: { where: { retiredAt: null, kind: { in: ["freeform", "scenario"] } }, select: { id: true } },
    },
  });
  return sets
    .filter((s) => s.items.length > 0)
    .map((s) => ({ slug: s.slug, title: s.title, defaultMinutes: s.interviewMinutes, interviewItems: s.items.length }));
}

const randomSeed = (): number => randomInt(1, 2_147_483_647);

/** Interviews a learner may have running at once (each one generates scenarios: keep starts cheap to abuse). */
export const MAX_RUNNING = 5;

export interface RunningInterview {
  readonly id: string;
  readonly setTitle: string;
  readonly deadlineAt: string;
}

/** The learner's interviews still running, so the start page can offer to continue them. */
export async function runningInterviews(userId: string, now: Date): Promise<RunningInterview[]> {
  const rows = await prisma.interview.findMany({
    where: { userId, status: "active", deadlineAt: { gt: new Date(now.getTime() - LATE_GRACE_MS) } },
    orderBy: { deadlineAt: "asc" },
    include: { set: { select: { title: true } } },
  });
  return rows.map((r) => ({ id: r.id, setTitle: r.set.title, deadlineAt: r.deadlineAt.toISOString() }));
}

export async function startInterview(
  userId: string,
  input: StartInterviewInput,
  now: Date,
): Promise<Outcome<{ id: string }>> {
  const running = await prisma.interview.count({
    where: { userId, status: "active", deadlineAt: { gt: new Date(now.getTime() - LATE_GRACE_MS) } },
  });
  if (running >= MAX_RUNNING) {
    return {
      ok: false,
      status: 409,
      code: "TOO_MANY_RUNNING",
      message: `You already have ${running} interviews running; finish one (or let it time out) before starting another.`,
    };
  }
  const set = await prisma.questionSet.findUnique({ where: { slug: input.set } });
  if (set === null || set.status !== "published") {
    return { ok: false, status: 404, code: "SET_NOT_FOUND", message: `No published question set "${input.set}".` };
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
      status: 422,
      code: "NO_INTERVIEW_QUESTIONS",
      message: `"${set.title}" has no free-form or scenario questions, so it cannot be used for a mock interview.`,
    };
  }
  const questions: Prisma.InterviewQuestionCreateWithoutInterviewInput[] = [];
  for (const [index, planned] of plan.entries()) {
    const scenario = questionScenario(planned.item, planned.scenarioSeed, planned.difficulty);
    if (scenario === null) {
      return {
        ok: false,
        status: 422,
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

// ------------------------------------------------------------------ submit and grade

interface SubmitSummary {
  readonly status: "submitted";
  readonly alreadySubmitted: boolean;
  readonly submittedBy: SubmittedBy;
  readonly score: number | null;
}

/** Upserts the learner's card for a flashcard and makes it due now (never later than it already was). */
async function makeDue(tx: Tx, userId: string, itemId: string, now: Date): Promise<void> {
  const card = await tx.card.findUnique({ where: { userId_itemId: { userId, itemId } } });
  if (card !== null) {
    if (card.due.getTime() > now.getTime()) await tx.card.update({ where: { id: card.id }, data: { due: now } });
    return;
  }
  const empty = createEmptyCard(now);
  await tx.card.create({
    data: {
      userId,
      itemId,
      due: empty.due,
      stability: empty.stability,
      difficulty: empty.difficulty,
      elapsedDays: empty.elapsed_days,
      scheduledDays: empty.scheduled_days,
      learningSteps: empty.learning_steps,
      reps: empty.reps,
      lapses: empty.lapses,
      state: empty.state,
      lastReview: empty.last_review ?? null,
    },
  });
}

function gradeQuestion(
  item: InterviewItem | undefined,
  q: { answer: string; scenarioSeed: number | null; difficulty: string | null },
) {
  if (item === undefined) return null;
  const scenario = questionScenario(item, q.scenarioSeed, q.difficulty);
  if (scenario === null) return null;
  const result = gradeAnswer(q.answer.slice(0, MAX_ANSWER_CHARS), scenario.trace, scenario.tuning);
  return result.ok ? result.grade : null;
}

/**
 * Submits and grades once. Safe to run twice or concurrently (the learner's Finish, a second tab, the expiry
 * sweep): the status flips active → submitted in a conditional update inside the transaction that stores the
 * grades, so exactly one caller grades and every other sees "already submitted".
 *
 * Grading (a scenario, its trace and the grader, milliseconds per question) runs before that transaction, not
 * in it: a transaction holds the app's only database connection, and every other request would wait for it.
 * So the transaction stores each grade only if the answer's revision is still the one graded; an autosave
 * that landed in between (saves are allowed until the flip) makes it roll back and grade again.
 */
async function submitById(interviewId: string, now: Date, requestedBy: SubmittedBy): Promise<SubmitSummary | null> {
  const interview = await prisma.interview.findUnique({ where: { id: interviewId } });
  if (interview === null) return null;
  const decision = decideSubmit(
    { status: toStatus(interview.status), deadlineAt: interview.deadlineAt },
    now,
    requestedBy,
  );
  if (decision.action === "not-due") return null;
  if (decision.action === "already-submitted") {
    return {
      status: "submitted",
      alreadySubmitted: true,
      submittedBy: interview.submittedBy === "deadline" ? "deadline" : "learner",
      score: interview.score,
    };
  }
  const items = new Map(
    (await snapshotItems(prisma, interview.setId, interview.setVersion)).filter(isInterviewItem).map((i) => [i.id, i]),
  );
  const flashcards = (
    await prisma.item.findMany({
      where: { setId: interview.setId, kind: "flashcard", retiredAt: null },
      select: { id: true, tags: true },
    })
  ).map((f) => ({ id: f.id, tags: parseTags(f.tags) }));
  // A submit after the deadline is recorded at the deadline: time used never exceeds the time allowed.
  const submittedAt = decision.by === "deadline" ? interview.deadlineAt : now;

  for (let attempt = 1; ; attempt += 1) {
    const questions = await prisma.interviewQuestion.findMany({ where: { interviewId }, orderBy: { position: "asc" } });
    const graded: { id: string; revision: number; grade: ReturnType<typeof gradeQuestion>; score: number }[] = [];
    for (const q of questions) {
      // Grading is CPU work (milliseconds to tens of milliseconds a question) and the database answers
      // synchronously, so without this a ten-question interview would hold every other request until done.
      await yieldToEventLoop();
      const grade = gradeQuestion(items.get(q.itemId), q);
      graded.push({ id: q.id, revision: q.answerRevision, grade, score: grade?.score ?? 0 });
    }
    const review = new Set<string>();
    for (const { grade } of graded) if (grade !== null) for (const id of conceptsToReview(grade)) review.add(id);
    const total = interviewScore(graded.map((g) => g.score));
    try {
      return await prisma.$transaction(async (tx) => {
        const flipped = await tx.interview.updateMany({
          where: { id: interviewId, status: "active" },
          data: { status: "submitted", submittedAt, submittedBy: decision.by },
        });
        if (flipped.count === 0) {
          const current = await tx.interview.findUnique({ where: { id: interviewId } });
          return {
            status: "submitted" as const,
            alreadySubmitted: true,
            submittedBy: current?.submittedBy === "deadline" ? ("deadline" as const) : ("learner" as const),
            score: current?.score ?? null,
          };
        }
        for (const g of graded) {
          const stored = await tx.interviewQuestion.updateMany({
            where: { id: g.id, answerRevision: g.revision },
            data: { grade: g.grade === null ? null : JSON.stringify(g.grade), score: g.score, gradedAt: now },
          });
          if (stored.count !== 1) throw new AnswerChangedWhileGrading();
        }
        await tx.interview.update({
          where: { id: interviewId },
          data: { score: total, verdict: interviewVerdict(total), graderVersion: GRADER_VERSION },
        });
        for (const itemId of flashcardsForConcepts([...review], flashcards).keys()) {
          await makeDue(tx, interview.userId, itemId, now);
        }
        return { status: "submitted" as const, alreadySubmitted: false, submittedBy: decision.by, score: total };
      });
    } catch (error) {
      // rolled back, the interview still active: grade the newer answers (a learner cannot type forever)
      if (error instanceof AnswerChangedWhileGrading && attempt < MAX_GRADING_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Lets the event loop serve other requests before going on. better-sqlite3 answers synchronously, so a chain
 * of queries and CPU work never yields by itself: a sweep grading a hundred interviews stalled every request
 * for seconds (bench:load saw 5–8 s) before this.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Thrown inside the grading transaction to roll it back when an answer changed after it was graded. */
class AnswerChangedWhileGrading extends Error {
  constructor() {
    super("An answer was saved while the interview was being graded.");
  }
}

const MAX_GRADING_ATTEMPTS = 5;

/** The learner's Finish (or the page noticing time ran out). Idempotent. */
export async function submitInterview(userId: string, id: string, now: Date): Promise<Outcome<SubmitSummary>> {
  const owned = await prisma.interview.findFirst({ where: { id, userId }, select: { id: true } });
  if (owned === null) return notFound();
  const summary = await submitById(id, now, "learner");
  return summary === null ? notFound() : { ok: true, ...summary };
}

/** Submits an expired active interview (the "next request touching it" rule). */
async function expireIfDue(interview: { id: string; status: string; deadlineAt: Date }, now: Date): Promise<boolean> {
  if (interview.status !== "active" || !isExpired(interview.deadlineAt, now)) return false;
  await submitById(interview.id, now, "deadline");
  return true;
}

/**
 * The app's own timer: submits every active interview whose deadline (and grace) has passed, browser or not.
 * Idempotent and safe to run concurrently with itself and with requests (see submitById).
 */
export async function sweepExpiredInterviews(now: Date): Promise<number> {
  const due = await prisma.interview.findMany({
    where: { status: "active", deadlineAt: { lt: new Date(now.getTime() - LATE_GRACE_MS) } },
    select: { id: true },
    take: 100,
  });
  let submitted = 0;
  for (const { id } of due) {
    await yieldToEventLoop(); // a sweep of many interviews must not stall the requests in between
    const summary = await submitById(id, now, "deadline");
    if (summary !== null && !summary.alreadySubmitted) submitted += 1;
  }
  return submitted;
}

// ------------------------------------------------------------------ taking

export interface TakeQuestion {
  readonly id: string;
  readonly position: number;
  readonly promptHtml: string;
  readonly answer: string;
  readonly revision: number;
  readonly flagged: boolean;
  readonly savedAt: string | null;
}

export interface TakeView {
  readonly id: string;
  readonly setTitle: string;
  readonly status: "active" | "submitted";
  readonly startedAt: string;
  readonly deadlineAt: string;
  readonly serverNow: string;
  readonly remainingMs: number;
  readonly durationSec: number;
  readonly questions: readonly TakeQuestion[];
}

/** The interview as the take page and `GET /api/interviews/:id` show it; expired sessions are submitted first. */
export async function takeView(userId: string, id: string, now: Date): Promise<Outcome<{ view: TakeView }>> {
  let interview = await prisma.interview.findFirst({ where: { id, userId }, include: { set: true } });
  if (interview === null) return notFound();
  if (await expireIfDue(interview, now)) {
    interview = await prisma.interview.findFirst({ where: { id, userId }, include: { set: true } });
    if (interview === null) return notFound();
  }
  const questions = await prisma.interviewQuestion.findMany({
    where: { interviewId: id },
    orderBy: { position: "asc" },
  });
  return {
    ok: true,
    view: {
      id: interview.id,
      setTitle: interview.set.title,
      status: toStatus(interview.status),
      startedAt: interview.startedAt.toISOString(),
      deadlineAt: interview.deadlineAt.toISOString(),
      serverNow: now.toISOString(),
      remainingMs: interview.status === "active" ? remainingMs(interview.deadlineAt, now) : 0,
      durationSec: interview.durationSec,
      questions: questions.map((q) => ({
        id: q.id,
        position: q.position,
        promptHtml: renderMarkdown(q.prompt),
        answer: q.answer,
        revision: q.answerRevision,
        flagged: q.flagged,
        savedAt: q.answerSavedAt?.toISOString() ?? null,
      })),
    },
  };
}

export interface SaveResult {
  /** the stored answer revision, null for a flag-only save */
  readonly revision: number | null;
  /** the stored flag, null when the save did not touch it */
  readonly flagged: boolean | null;
  readonly savedAt: string;
  readonly remainingMs: number;
}

/**
 * Autosave of one question's answer and/or flag. Late (past the deadline's grace) → 409 LATE, and the
 * session is submitted; after a Finish → 409 SUBMITTED; an older revision than stored → 409 STALE_REVISION
 * with the stored text and revision (last write wins).
 */
export async function saveAnswer(
  userId: string,
  id: string,
  position: number,
  input: SaveAnswerInput,
  now: Date,
): Promise<Outcome<SaveResult>> {
  if (input.answer !== undefined && input.answer.length > MAX_ANSWER_CHARS) {
    return {
      ok: false,
      status: 413,
      code: "ANSWER_TOO_LONG",
      message: `The answer is ${input.answer.length} characters; the limit is ${MAX_ANSWER_CHARS}.`,
    };
  }
  const interview = await prisma.interview.findFirst({
    where: { id, userId },
    select: { id: true, status: true, deadlineAt: true },
  });
  if (interview === null) return notFound();
  const decision = decideSave({ status: toStatus(interview.status), deadlineAt: interview.deadlineAt }, now);
  if (!decision.ok) {
    await expireIfDue(interview, now);
    return { ok: false, status: 409, code: decision.code, message: decision.message };
  }
  const stillOpen = { status: "active", deadlineAt: { gte: new Date(now.getTime() - LATE_GRACE_MS) } };
  const data: Prisma.InterviewQuestionUpdateManyMutationInput = {};
  if (input.flagged !== undefined) data.flagged = input.flagged;
  const revision = input.answer !== undefined ? input.revision : undefined;
  if (input.answer !== undefined && revision !== undefined) {
    data.answer = input.answer;
    data.answerRevision = revision;
    data.answerSavedAt = now;
  }
  // One conditional UPDATE, no read first (autosave is the hot path): the interview must still be open and
  // the stored revision older than this one, so a concurrent submit or a newer save from another tab wins.
  const updated = await prisma.interviewQuestion.updateMany({
    where: {
      interviewId: id,
      position,
      interview: { is: stillOpen },
      ...(revision !== undefined ? { answerRevision: { lt: revision } } : {}),
    },
    data,
  });
  if (updated.count === 0) {
    // Why not: no such question, the interview closed meanwhile, or a newer revision is stored.
    const question = await prisma.interviewQuestion.findUnique({
      where: { interviewId_position: { interviewId: id, position } },
    });
    if (question === null) {
      return { ok: false, status: 404, code: "NOT_FOUND", message: `This interview has no question ${position}.` };
    }
    const fresh = await prisma.interview.findUnique({ where: { id }, select: { status: true } });
    const again = decideSave({ status: toStatus(fresh?.status ?? "submitted"), deadlineAt: interview.deadlineAt }, now);
    if (!again.ok) return { ok: false, status: 409, code: again.code, message: again.message };
    if (revision !== undefined && decideRevision(question.answerRevision, revision) === "stale") {
      return staleFailure(question.answer, question.answerRevision);
    }
    return { ok: false, status: 409, code: "CONFLICT", message: "The answer changed while saving; try again." };
  }
  return {
    ok: true,
    revision: revision ?? null,
    flagged: input.flagged ?? null,
    savedAt: now.toISOString(),
    remainingMs: remainingMs(interview.deadlineAt, now),
  };
}

function staleFailure(answer: string, revision: number): Failure {
  return {
    ok: false,
    status: 409,
    code: "STALE_REVISION",
    message: "A newer version of this answer was saved (probably from another tab).",
    current: { answer, revision },
  };
}

// ------------------------------------------------------------------ results

export interface ResultConcept {
  readonly id: string;
  readonly label: string;
  readonly status: "found" | "missing" | "out-of-order";
  readonly required: boolean;
  readonly overridden: boolean;
  readonly overridable: boolean;
}

export interface ResultQuestion {
  readonly id: string;
  readonly position: number;
  readonly promptHtml: string;
  readonly answer: string;
  readonly segments: readonly AnswerSegment[];
  readonly grade: StoredGrade | null;
  readonly score: number;
  readonly overriddenScore: number;
  readonly concepts: readonly ResultConcept[];
  readonly modelAnswerHtml: string;
  readonly trace: Trace | null;
  readonly marks: readonly (readonly [number, HopMark])[];
  readonly generated: boolean;
}

export interface ScheduledCard {
  readonly itemId: string;
  readonly title: string;
  readonly concepts: readonly string[];
}

export interface ResultsView {
  readonly id: string;
  readonly setTitle: string;
  readonly setSlug: string;
  readonly startedAt: string;
  readonly submittedAt: string | null;
  readonly submittedBy: string | null;
  readonly timeUsedSec: number;
  readonly durationSec: number;
  readonly score: number;
  readonly overriddenScore: number;
  readonly verdict: string;
  readonly graderVersion: string | null;
  readonly questions: readonly ResultQuestion[];
  readonly scheduledCards: readonly ScheduledCard[];
}

function parseGrade(json: string | null): StoredGrade | null {
  if (json === null) return null;
  try {
    const parsed = storedGradeSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** First line of a Markdown text without its Markdown marks, for naming a card in a list. */
function titleOf(markdown: string): string {
  const line = markdown.split("\n").find((l) => l.trim().length > 0) ?? "";
  const plain = line.replace(/[`*_#>]/g, "").trim();
  return plain.length > 140 ? `${plain.slice(0, 137)}…` : plain;
}

export async function resultsView(userId: string, id: string, now: Date): Promise<Outcome<{ view: ResultsView }>> {
  let interview = await prisma.interview.findFirst({ where: { id, userId }, include: { set: true } });
  if (interview === null) return notFound();
  if (await expireIfDue(interview, now)) {
    interview = await prisma.interview.findFirst({ where: { id, userId }, include: { set: true } });
    if (interview === null) return notFound();
  }
  if (interview.status !== "submitted") {
    return {
      ok: false,
      status: 409,
      code: "NOT_SUBMITTED",
      message: "This interview is still running; finish it to see the results.",
    };
  }
  const [questions, snapshot] = await Promise.all([
    prisma.interviewQuestion.findMany({
      where: { interviewId: id },
      orderBy: { position: "asc" },
      include: { overrides: { select: { conceptId: true } } },
    }),
    snapshotItems(prisma, interview.setId, interview.setVersion),
  ]);
  const items = new Map(snapshot.map((i) => [i.id, i]));
  const flashcards = snapshot
    .filter((i) => i.kind === "flashcard")
    .map((i) => ({ id: i.id, tags: i.tags, front: i.front }));
  const review = new Set<string>();
  const out: ResultQuestion[] = questions.map((q) => {
    const grade = parseGrade(q.grade);
    const item = items.get(q.itemId);
    const interviewItem = item !== undefined && isInterviewItem(item) ? item : undefined;
    const scenario = interviewItem ? questionScenario(interviewItem, q.scenarioSeed, q.difficulty) : null;
    const overrides = new Set(q.overrides.map((o) => o.conceptId));
    if (grade !== null) for (const c of conceptsToReview(grade)) review.add(c);
    return {
      id: q.id,
      position: q.position,
      promptHtml: renderMarkdown(q.prompt),
      answer: q.answer,
      segments: grade === null ? [{ text: q.answer, mark: null }] : answerSegments(q.answer, grade),
      grade,
      score: q.score ?? 0,
      overriddenScore: grade === null ? (q.score ?? 0) : overriddenScore(grade, overrides),
      concepts:
        grade === null
          ? []
          : grade.concepts.map((c) => ({
              id: c.id,
              label: c.label,
              status: !c.found ? "missing" : c.outOfOrder ? "out-of-order" : "found",
              required: c.required,
              overridden: overrides.has(c.id),
              overridable: overridable(grade, c.id),
            })),
      modelAnswerHtml:
        interviewItem && scenario ? renderMarkdown(modelAnswer(interviewItem, q.difficulty, scenario.trace)) : "",
      trace: scenario?.trace ?? null,
      marks: scenario && grade ? [...hopMarks(scenario.trace, grade, overrides).entries()] : [],
      generated: q.difficulty !== null,
    };
  });
  const scheduled = flashcardsForConcepts([...review], flashcards);
  const started = interview.startedAt.getTime();
  const ended = (interview.submittedAt ?? interview.deadlineAt).getTime();
  return {
    ok: true,
    view: {
      id: interview.id,
      setTitle: interview.set.title,
      setSlug: interview.set.slug,
      startedAt: interview.startedAt.toISOString(),
      submittedAt: interview.submittedAt?.toISOString() ?? null,
      submittedBy: interview.submittedBy,
      timeUsedSec: Math.min(interview.durationSec, Math.max(0, Math.round((ended - started) / 1000))),
      durationSec: interview.durationSec,
      score: interview.score ?? 0,
      overriddenScore: interviewScore(out.map((q) => q.overriddenScore)),
      verdict: interview.verdict ?? interviewVerdict(interview.score ?? 0),
      graderVersion: interview.graderVersion,
      questions: out,
      scheduledCards: [...scheduled.entries()].map(([itemId, concepts]) => ({
        itemId,
        title: titleOf(flashcards.find((f) => f.id === itemId)?.front ?? itemId),
        concepts,
      })),
    },
  };
}

// ------------------------------------------------------------------ overrides

/** "I was right" on one concept of a graded question (missing or out of order). Idempotent. */
export async function setOverride(
  userId: string,
  id: string,
  position: number,
  conceptId: string,
  claimed: boolean,
): Promise<Outcome<{ overriddenScore: number; interviewOverriddenScore: number }>> {
  const interview = await prisma.interview.findFirst({ where: { id, userId }, select: { id: true, status: true } });
  if (interview === null) return notFound();
  if (interview.status !== "submitted") {
    return { ok: false, status: 409, code: "NOT_SUBMITTED", message: "Overrides are for graded interviews." };
  }
  const question = await prisma.interviewQuestion.findUnique({
    where: { interviewId_position: { interviewId: id, position } },
  });
  if (question === null) {
    return { ok: false, status: 404, code: "NOT_FOUND", message: `This interview has no question ${position}.` };
  }
  const grade = parseGrade(question.grade);
  if (grade === null || !overridable(grade, conceptId)) {
    return {
      ok: false,
      status: 422,
      code: "NOT_OVERRIDABLE",
      message: `Concept "${conceptId}" is not missing or out of order in this answer's grade.`,
    };
  }
  if (claimed) {
    await prisma.gradeOverride.upsert({
      where: { questionId_conceptId: { questionId: question.id, conceptId } },
      create: { questionId: question.id, userId, conceptId },
      update: {},
    });
  } else {
    await prisma.gradeOverride.deleteMany({ where: { questionId: question.id, conceptId } });
  }
  const all = await prisma.interviewQuestion.findMany({
    where: { interviewId: id },
    include: { overrides: { select: { conceptId: true } } },
  });
  const scores = all.map((q) => {
    const g = parseGrade(q.grade);
    return g === null ? (q.score ?? 0) : overriddenScore(g, new Set(q.overrides.map((o) => o.conceptId)));
  });
  const mine = all.find((q) => q.id === question.id);
  const myGrade = mine ? parseGrade(mine.grade) : null;
  return {
    ok: true,
    overriddenScore:
      myGrade === null
        ? (question.score ?? 0)
        : overriddenScore(myGrade, new Set(mine?.overrides.map((o) => o.conceptId))),
    interviewOverriddenScore: interviewScore(scores),
  };
}

// ------------------------------------------------------------------ history

export interface HistoryEntry {
  readonly id: string;
  readonly setSlug: string;
  readonly setTitle: string;
  readonly startedAt: string;
  readonly status: "active" | "submitted";
  readonly score: number | null;
  readonly verdict: string | null;
  readonly questions: number;
  readonly timeUsedSec: number | null;
  readonly durationSec: number;
  readonly submittedBy: string | null;
}

/** The learner's interviews, newest first (expired ones are submitted on the way). */
export async function historyView(userId: string, now: Date): Promise<HistoryEntry[]> {
  const expired = await prisma.interview.findMany({
    where: { userId, status: "active", deadlineAt: { lt: new Date(now.getTime() - LATE_GRACE_MS) } },
    select: { id: true, status: true, deadlineAt: true },
  });
  for (const interview of expired) await expireIfDue(interview, now);
  const rows = await prisma.interview.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    take: 200,
    include: { set: { select: { slug: true, title: true } }, _count: { select: { questions: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    setSlug: r.set.slug,
    setTitle: r.set.title,
    startedAt: r.startedAt.toISOString(),
    status: toStatus(r.status),
    score: r.score,
    verdict: r.verdict,
    questions: r._count.questions,
    timeUsedSec:
      r.submittedAt === null
        ? null
        : Math.min(r.durationSec, Math.max(0, Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 1000))),
    durationSec: r.durationSec,
    submittedBy: r.submittedBy,
  }));
}
