import "server-only";
import { z } from "zod";
import {
  failureAnswer,
  jsonBodyOf,
  learnerOf,
  okAnswer,
  type JsonAnswer,
  type JsonRequest,
} from "../http/json-endpoint";
import { toWireSrs } from "./queue-rows";
import { rateCard } from "./rate";
import { undoRating } from "./undo";

/**
 * The study loop's JSON endpoints, served by app/api/study/…/route.ts under `next dev` and by the fast lane
 * in front of Next.js under `npm start` (lib/server/http/fast-lane.ts): one implementation for both.
 */

/**
 * One rating from the study screen's outbox: `{ itemId, rating, idempotencyKey, durationMs, source?, reps?,
 * reviewedAt?, withFace? }` → 200 `{ duplicate, card, face, reviewedAt, serverNow }` (card: the FSRS state the
 * server stored, null for cram and duplicates). 409 STALE / OUT_OF_ORDER when the card moved on: the browser
 * then takes a fresh queue.
 */
export async function ratingEndpoint(request: JsonRequest): Promise<JsonAnswer> {
  const auth = await learnerOf(request, { mutation: true });
  if (!auth.ok) return failureAnswer(auth);
  const body = await jsonBodyOf(request, z.unknown());
  if (!body.ok) return failureAnswer(body);
  const now = new Date();
  const rated = await rateCard(auth.user, body.value, now);
  if (!rated.ok) return failureAnswer(rated);
  return okAnswer({
    duplicate: rated.duplicate,
    card: rated.card === null ? null : toWireSrs(rated.card),
    face: rated.face,
    reviewedAt: rated.reviewedAt.toISOString(),
    serverNow: now.toISOString(),
  });
}

/**
 * Undo: `{ idempotencyKey }` (that rating) or `{ latest: { mode: "set", slug } | { mode: "cram", … } }` (the
 * latest rating there) → 200 `{ itemId, rating, card }`, the card as it is now, with its face. 409
 * NOTHING_TO_UNDO, or STALE when the card was rated again since.
 */
export async function undoEndpoint(request: JsonRequest): Promise<JsonAnswer> {
  const auth = await learnerOf(request, { mutation: true });
  if (!auth.ok) return failureAnswer(auth);
  const body = await jsonBodyOf(request, z.unknown());
  if (!body.ok) return failureAnswer(body);
  const undone = await undoRating(auth.user, body.value, new Date());
  if (!undone.ok) return failureAnswer(undone);
  const { ok: _ok, ...result } = undone;
  return okAnswer(result);
}
