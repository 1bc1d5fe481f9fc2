// One grading thread of the pool in grade-pool.ts: it grades the questions it is sent with lib/interview's
// pure gradeQuestion and sends the grades back. It imports only pure libraries (no "server-only", no
// database): its inputs arrive as plain data, copied by the structured clone algorithm.
import { gradeQuestion, type ClaimSynonym, type GradableQuestion, type InterviewItem } from "../../interview";
import type { Grade } from "../../grade/index";

export interface GradeTask {
  readonly item: InterviewItem | undefined;
  readonly question: GradableQuestion;
}

export interface GradeBatch {
  readonly tasks: readonly GradeTask[];
  readonly synonyms: readonly ClaimSynonym[];
}

export default function gradeBatch({ tasks, synonyms }: GradeBatch): (Grade | null)[] {
  return tasks.map(({ item, question }) => gradeQuestion(item, question, synonyms));
}
