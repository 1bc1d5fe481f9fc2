import "server-only";
import { prisma } from "../db";
import type { Result } from "../../schemas/failure";
import { renderMarkdown } from "../../content/markdown";
import type { Trace } from "../../sim/index";
import { storedGradeSchema, type StoredGrade } from "../../schemas/interview";
import {
  answerSegments,
  hopMarks,
  conceptsToReview,
  flashcardsForConcepts,
  interviewScore,
  interviewVerdict,
  isInterviewItem,
  modelAnswer,
  overridable,
  overriddenScore,
  questionScenario,
  type AnswerSegment,
  type HopMark,
} from "../../interview";
import { notFound } from "./failures";
import { snapshotItems } from "./snapshot";
import { ownInterview } from "./submit";

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

export function parseGrade(json: string | null): StoredGrade | null {
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

export async function resultsView(userId: string, id: string, now: Date): Promise<Result<{ view: ResultsView }>> {
  const interview = await ownInterview(userId, id, now);
  if (interview === null) return notFound();
  if (interview.status !== "submitted") {
    return {
      ok: false,
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
    const scenario = interviewItem
      ? questionScenario(interviewItem, q.scenarioSeed, q.difficulty, q.generatorVersion)
      : null;
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
