import "server-only";
import { prisma } from "../db";
import type { Result } from "../../schemas/failure";
import { renderMarkdown } from "../../content/markdown";
import type { Trace } from "../../sim/index";
import { storedGradeSchema, type StoredGrade } from "../../schemas/interview";
import type { ConceptStatus } from "../../schemas/grade";
import {
  answerSegments,
  hopMarks,
  conceptsToReview,
  flashcardsForConcepts,
  interviewVerdict,
  isInterviewItem,
  modelAnswer,
  overridable,
  questionScenario,
  usefulFixes,
  type AnswerSegment,
  type HopMark,
  type UsefulFix,
} from "../../interview";
import { notFound } from "./failures";
import { toClaimStatus, type ClaimStatus } from "./overrides";
import { snapshotItems } from "./snapshot";
import { ownInterview } from "./submit";

export interface ResultClaim {
  readonly status: ClaimStatus;
  readonly phrase: string;
  /** the reviewer's reason (shown on a rejection) */
  readonly reviewReason: string | null;
}

export interface ResultConcept {
  readonly id: string;
  readonly label: string;
  readonly status: ConceptStatus;
  readonly outOfOrder: boolean;
  readonly required: boolean;
  /** one actionable sentence in the scenario's own names (empty when fully credited) */
  readonly hint: string;
  /** the learner's "I was right" claim on this concept, if any */
  readonly claim: ResultClaim | null;
  /** whether "I was right" is offered (not fully credited, on an answer with content, not yet claimed) */
  readonly claimable: boolean;
}

export interface ResultStep {
  readonly id: string;
  readonly label: string;
}

export interface ResultOrder {
  /** the required steps in the order the answer tells them */
  readonly learner: readonly ResultStep[];
  /** the same steps in the order they happen on the path the answer describes */
  readonly truth: readonly ResultStep[];
  readonly misplaced: readonly string[];
}

export interface ResultPath {
  readonly index: number;
  readonly of: number;
  readonly reason: string;
  readonly backendPod: string | null;
  readonly backendNode: string | null;
  readonly crossNode: boolean;
}

export interface ResultQuestion {
  readonly id: string;
  readonly position: number;
  readonly promptHtml: string;
  readonly answer: string;
  readonly segments: readonly AnswerSegment[];
  readonly grade: StoredGrade | null;
  /** the question's score: the grade's, with accepted claims the grade does not credit counted */
  readonly score: number;
  readonly concepts: readonly ResultConcept[];
  readonly order: ResultOrder | null;
  readonly modelAnswerHtml: string;
  /** the valid path the answer describes (the one its grade matched; the seeded one for older grades) */
  readonly trace: Trace | null;
  readonly path: ResultPath | null;
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
  readonly verdict: string;
  readonly graderVersion: string | null;
  readonly questions: readonly ResultQuestion[];
  /** the fixes that would raise the score most, across the questions (at most three) */
  readonly fixes: readonly (UsefulFix & { readonly position: number })[];
  readonly scheduledCards: readonly ScheduledCard[];
  /** labels of the required concepts missed or put out of order (what the flashcards are for) */
  readonly reviewConcepts: readonly string[];
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

function orderView(grade: StoredGrade): ResultOrder | null {
  const { learner, truth, misplaced } = grade.order;
  if (learner === undefined || truth === undefined) return null;
  const labels = new Map(grade.concepts.map((c) => [c.id, c.label]));
  const step = (id: (typeof learner)[number]): ResultStep => ({ id, label: labels.get(id) ?? id });
  return { learner: learner.map(step), truth: truth.map(step), misplaced: (misplaced ?? []).map((m) => m.message) };
}

function conceptView(
  grade: StoredGrade,
  answer: string,
  claims: ReadonlyMap<string, ResultClaim>,
): (c: StoredGrade["concepts"][number]) => ResultConcept {
  return (c) => {
    const claim = claims.get(c.id) ?? null;
    return {
      id: c.id,
      label: c.label,
      status: c.status ?? (c.found ? "found" : "missing"),
      outOfOrder: c.outOfOrder,
      required: c.required,
      hint: c.hint ?? "",
      claim,
      claimable: claim === null && overridable(grade, c.id, answer),
    };
  };
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
      include: { overrides: { select: { conceptId: true, status: true, phrase: true, reviewReason: true } } },
    }),
    snapshotItems(prisma, interview.setId, interview.setVersion),
  ]);
  const items = new Map(snapshot.map((i) => [i.id, i]));
  const flashcards = snapshot
    .filter((i) => i.kind === "flashcard")
    .map((i) => ({ id: i.id, tags: i.tags, front: i.front }));
  const review = new Set<string>();
  const reviewLabels = new Set<string>();
  const fixes: (UsefulFix & { position: number })[] = [];
  const out: ResultQuestion[] = questions.map((q) => {
    const grade = parseGrade(q.grade);
    const item = items.get(q.itemId);
    const interviewItem = item !== undefined && isInterviewItem(item) ? item : undefined;
    const scenario = interviewItem
      ? questionScenario(interviewItem, q.scenarioSeed, q.difficulty, q.generatorVersion)
      : null;
    const claims = new Map(
      q.overrides.map((o) => [
        o.conceptId,
        { status: toClaimStatus(o.status), phrase: o.phrase, reviewReason: o.reviewReason },
      ]),
    );
    const accepted = new Set(q.overrides.filter((o) => o.status === "accepted").map((o) => o.conceptId));
    if (grade !== null) {
      for (const c of conceptsToReview(grade)) {
        if (accepted.has(c)) continue;
        review.add(c);
        reviewLabels.add(grade.concepts.find((g) => g.id === c)?.label ?? c);
      }
      for (const fix of usefulFixes(grade, accepted)) fixes.push({ ...fix, position: q.position });
    }
    // the diagram shows the valid path the answer describes (the one the grade matched)
    const matched = grade?.path !== undefined ? scenario?.paths[grade.path.index] : undefined;
    const trace = matched ?? scenario?.trace ?? null;
    return {
      id: q.id,
      position: q.position,
      promptHtml: renderMarkdown(q.prompt),
      answer: q.answer,
      segments: grade === null ? [{ text: q.answer, mark: null }] : answerSegments(q.answer, grade),
      grade,
      score: q.score ?? 0,
      concepts: grade === null ? [] : grade.concepts.map(conceptView(grade, q.answer, claims)),
      order: grade === null ? null : orderView(grade),
      modelAnswerHtml: interviewItem && trace ? renderMarkdown(modelAnswer(interviewItem, q.difficulty, trace)) : "",
      trace,
      path:
        trace === null
          ? null
          : {
              index: matched !== undefined && grade?.path ? grade.path.index : 0,
              of: scenario?.paths.length ?? 1,
              reason: matched !== undefined ? (grade?.path?.reason ?? "") : "",
              backendPod: matched !== undefined ? (grade?.path?.backendPod ?? null) : null,
              backendNode: matched !== undefined ? (grade?.path?.backendNode ?? null) : null,
              crossNode: matched !== undefined ? (grade?.path?.crossNode ?? false) : false,
            },
      marks: trace && grade ? [...hopMarks(trace, grade, accepted).entries()] : [],
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
      verdict: interview.verdict ?? interviewVerdict(interview.score ?? 0),
      graderVersion: interview.graderVersion,
      questions: out,
      fixes: fixes.sort((a, b) => b.gain - a.gain).slice(0, 3),
      scheduledCards: [...scheduled.entries()].map(([itemId, concepts]) => ({
        itemId,
        title: titleOf(flashcards.find((f) => f.id === itemId)?.front ?? itemId),
        concepts,
      })),
      reviewConcepts: [...reviewLabels],
    },
  };
}
