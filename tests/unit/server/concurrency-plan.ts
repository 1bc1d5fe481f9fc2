import type { SessionUser } from "../../../lib/server/auth";

/** Work shared between the concurrency test and its second process (concurrency-worker.ts). */
export interface PlannedRating {
  readonly user: SessionUser;
  readonly input: {
    readonly itemId: string;
    readonly rating: 1 | 2 | 3 | 4;
    readonly idempotencyKey: string;
    readonly durationMs: number;
  };
  /** ISO time of the review */
  readonly at: string;
}

export interface PlannedSave {
  readonly userId: string;
  readonly interviewId: string;
  readonly position: number;
  readonly input: { readonly answer: string; readonly revision: number };
  readonly at: string;
}

export interface ConcurrencyPlan {
  readonly ratings: readonly PlannedRating[];
  readonly saves: readonly PlannedSave[];
}

export type CallOutcome =
  | { readonly kind: "rating"; readonly key: string; readonly ok: boolean; readonly code: string | null }
  | { readonly kind: "save"; readonly ok: boolean; readonly code: string | null }
  | { readonly kind: "threw"; readonly message: string; readonly code: string };
