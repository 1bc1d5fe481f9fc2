import type { QuestionSetContent } from "../schemas/question-set";
import { stableJson } from "./set-diff";

export interface SetVersionDecision {
  /** the set's version after the change */
  readonly version: number;
  /** whether that version needs its snapshot written */
  readonly snapshot: boolean;
}

/**
 * The version a set has after a save or a publish, decided in one place. A published set's content is frozen
 * in the snapshot of its version, so past interviews keep the questions they were taken with: content that
 * differs from that snapshot gets the next version and a snapshot of its own; a published set without one
 * gets it; an unpublished set keeps its number and writes none.
 */
export function setVersionAfter(
  current: { readonly version: number; readonly snapshot: string | null },
  content: QuestionSetContent,
  published: boolean,
): SetVersionDecision {
  if (!published) return { version: current.version, snapshot: false };
  if (current.snapshot === null) return { version: current.version, snapshot: true };
  return sameContent(current.snapshot, content)
    ? { version: current.version, snapshot: false }
    : { version: current.version + 1, snapshot: true };
}

function sameContent(snapshot: string, content: QuestionSetContent): boolean {
  try {
    return stableJson(JSON.parse(snapshot)) === stableJson(content);
  } catch {
    return false; // an unreadable snapshot is not the content: the change gets a version of its own
  }
}
