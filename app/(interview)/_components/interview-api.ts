import type { TakeView } from "@/lib/server/interviews";

/**
 * The take page's calls to the interview API (app/api/interviews/…), with its error shape
 * `{ error: { code, message, current? } }`. A network failure is `{ ok: false, offline: true }`, never thrown.
 */
export interface ApiError {
  readonly code?: string;
  readonly message?: string;
  /** the stored answer, with a STALE_REVISION */
  readonly current?: { readonly answer: string; readonly revision: number };
}

export type ApiResult<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly offline: false; readonly status: number; readonly error: ApiError }
  | { readonly ok: false; readonly offline: true };

export interface SaveBody {
  readonly answer?: string;
  readonly revision?: number;
  readonly flagged?: boolean;
}

export interface Saved {
  readonly revision: number | null;
  readonly savedAt: string;
}

async function call<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, offline: true };
  }
  if (response.ok) return { ok: true, body: (await response.json()) as T };
  const body = (await response.json().catch(() => ({}))) as { error?: ApiError };
  return { ok: false, offline: false, status: response.status, error: body.error ?? {} };
}

/**
 * The one writer of a question's answer and flag (PATCH). `keepalive` lets the request outlive the page when
 * the tab is hidden or closed.
 */
export function saveQuestion(
  interviewId: string,
  position: number,
  body: SaveBody,
  { keepalive = false }: { keepalive?: boolean } = {},
): Promise<ApiResult<Saved>> {
  return call(`/api/interviews/${interviewId}/questions/${position}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    keepalive,
  });
}

/** The interview as the server has it now (answers saved from other tabs, the server's clock). */
export function loadInterview(interviewId: string): Promise<ApiResult<TakeView>> {
  return call(`/api/interviews/${interviewId}`, { cache: "no-store" });
}

/** Finish: grades every answer once (a second submit is harmless). */
export function submitInterview(interviewId: string): Promise<ApiResult<unknown>> {
  return call(`/api/interviews/${interviewId}/submit`, { method: "POST" });
}

/** LATE and SUBMITTED lock the page: nothing more can be saved. */
export function lockOf(error: ApiError): { kind: "late" | "submitted"; message: string } | null {
  if (error.code !== "LATE" && error.code !== "SUBMITTED") return null;
  return { kind: error.code === "LATE" ? "late" : "submitted", message: error.message ?? "Not saved." };
}
