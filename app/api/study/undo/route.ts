import { NextResponse } from "next/server";
import { z } from "zod";
import { failureResponse, learnerFromRequest, readBody } from "@/lib/server/http";
import { undoRating } from "@/lib/server/study";

/**
 * Undo: `{ idempotencyKey }` (that rating) or `{ latest: { mode: "set", slug } | { mode: "cram", … } }` (the
 * latest rating there) → 200 `{ itemId, rating, card }`, the card as it is now, with its face. 409
 * NOTHING_TO_UNDO, or STALE when the card was rated again since.
 */
export async function POST(request: Request) {
  const auth = await learnerFromRequest(request, { mutation: true });
  if (!auth.ok) return failureResponse(auth);
  const body = await readBody(request, z.unknown());
  if (!body.ok) return failureResponse(body);
  const undone = await undoRating(auth.user, body.value, new Date());
  if (!undone.ok) return failureResponse(undone);
  const { ok: _ok, ...result } = undone;
  return NextResponse.json(result);
}
