import { plural } from "../content/plural";

/**
 * What asking for more questions than the set has means, said before the interview starts: the set's
 * questions come back, each time on a different generated cluster (questions.ts planQuestions). Null when
 * every question is a different one.
 */
export function repeatNotice(asked: number, available: number): string | null {
  if (!Number.isInteger(asked) || asked <= available || available < 1) return null;
  const again =
    asked === available + 1
      ? `question ${asked} asks ${available === 1 ? "it" : "one of them"} again`
      : `questions ${available + 1}–${asked} ask ${available === 1 ? "it" : "them"} again`;
  return `This set has ${plural(available, "interview question")}: ${again}, each time on a different generated cluster.`;
}
