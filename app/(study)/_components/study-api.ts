import type { CardFace, CramSnapshot, SetSnapshot, WireCard, WireSrsCard } from "@/lib/server/study";
import type { StudyReturn } from "@/lib/schemas/study";
import type { Rating } from "@/lib/srs/types";

/**
 * The study screen's calls to the study API (app/api/study/…), with its error shape `{ error: { code,
 * message } }`. A network failure is `{ ok: false, offline: true }`, never thrown.
 */
export type StudyApiResult<T> =
  | { readonly ok: true; readonly body: T }
  | {
      readonly ok: false;
      readonly offline: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
    }
  | { readonly ok: false; readonly offline: true };

export type StudySnapshot = SetSnapshot | CramSnapshot;

export interface RateBody {
  readonly itemId: string;
  readonly rating: Rating;
  readonly idempotencyKey: string;
  readonly durationMs: number;
  readonly source: "flashcard" | "cram";
  readonly reps: number;
  readonly reviewedAt: string;
  readonly withFace: boolean;
}

export interface Rated {
  readonly duplicate: boolean;
  readonly card: WireSrsCard | null;
  readonly face: CardFace | null;
  readonly reviewedAt: string;
  readonly serverNow: string;
}

export interface Undone {
  readonly itemId: string;
  readonly rating: Rating;
  readonly card: WireCard;
}

/** One rating by its key, or the latest rating where the screen studies. */
export type UndoBody = { readonly idempotencyKey: string } | { readonly latest: StudyReturn };

/** Requests that outlive a request timeout are given up and retried. */
const TIMEOUT_MS = 15_000;

async function call<T>(url: string, init: RequestInit): Promise<StudyApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return { ok: false, offline: true };
  }
  if (response.ok) {
    try {
      return { ok: true, body: (await response.json()) as T };
    } catch {
      return { ok: false, offline: true };
    }
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  return {
    ok: false,
    offline: false,
    status: response.status,
    code: body.error?.code ?? "",
    message: body.error?.message ?? `The server answered ${response.status}.`,
  };
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
  // a rating sent as the page is closed still arrives
  keepalive: true,
});

export function sendRating(body: RateBody): Promise<StudyApiResult<Rated>> {
  return call("/api/study/ratings", json(body));
}

export function sendUndo(body: UndoBody): Promise<StudyApiResult<Undone>> {
  return call("/api/study/undo", json(body));
}

/** The study queue where the screen studies: a set's, or a cram session's. */
export function loadQueue(scope: StudyReturn): Promise<StudyApiResult<StudySnapshot>> {
  const params = new URLSearchParams();
  if (scope.mode === "set") params.set("set", scope.slug);
  else {
    for (const set of scope.sets) params.append("sets", set);
    params.set("date", scope.date);
  }
  return call(`/api/study/queue?${params.toString()}`, { cache: "no-store" });
}
