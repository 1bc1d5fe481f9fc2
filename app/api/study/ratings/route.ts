import { NextResponse } from "next/server";
import { z } from "zod";
import { failureResponse, learnerFromRequest, readBody } from "@/lib/server/http";
import { rateCard, toWireSrs } from "@/lib/server/study";

/**
 * One rating from the study screen's outbox: `{ itemId, rating, idempotencyKey, durationMs, source?, reps?,
 * reviewedAt?, withFace? }` → 200 `{ duplicate, card, face, reviewedAt, serverNow }` (card: the FSRS state the
 * server stored, null for cram and duplicates). 409 STALE / OUT_OF_ORDER when the card moved on: the browser
 * then takes a fresh queue.
 */
export async function POST(request: Request) {
  const auth = await learnerFromRequest(request, { mutation: true });
  if (!auth.ok) return failureResponse(auth);
  const body = await readBody(request, z.unknown());
  if (!body.ok) return failureResponse(body);
  const now = new Date();
  const rated = await rateCard(auth.user, body.value, now);
  if (!rated.ok) return failureResponse(rated);
  return NextResponse.json({
    duplicate: rated.duplicate,
    card: rated.card === null ? null : toWireSrs(rated.card),
    face: rated.face,
    reviewedAt: rated.reviewedAt.toISOString(),
    serverNow: now.toISOString(),
  });
}
