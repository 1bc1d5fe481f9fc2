/**
 * The browser and the server agree: the study screen moves its queue with lib/srs after each rating
 * (app/(study)/_components/study-state.ts) while the server records the rating with the same code. For any
 * run of ratings and waits (fast-check), the browser's next card, counts and predicted FSRS state must equal
 * what the server then says: the card state it stored and the first card of a fresh queue. Fuzz is on, so
 * the review time is what makes both sides compute the same interval.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { testProvider, useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed, upsertQuestionSet } from "../../../lib/server/authoring";
import { questionSetSchema } from "../../../lib/schemas/question-set";
import { rateCard, studySnapshot, type SetSnapshot } from "../../../lib/server/study";
import type { SessionUser } from "../../../lib/server/auth";
import { createScheduler, type Rating } from "../../../lib/srs/index";
import {
  advanced,
  afterRating,
  cardOf,
  countsOfState,
  fromWireSrs,
  pickNext,
  stateOfSnapshot,
  type ScreenState,
} from "../../../app/(study)/_components/study-state";

const T0 = new Date("2026-11-26T10:00:00Z").getTime();
let counter = 0;

/** Longer than the queue the server sends at once (QUEUE_AHEAD), so the browser runs out and asks for more. */
const SLUG = "agreement-set";

/**
 * Runs of the property. The agreement itself is provider-independent (both sides run lib/srs); the PostgreSQL
 * pass checks that its queries read the same queue, and each of its runs costs several times a SQLite one, so
 * it takes fewer runs to stay well inside the time limit on a loaded 2-core machine.
 */
const RUNS = testProvider === "postgresql" ? 6 : 20;

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  await upsertQuestionSet(
    questionSetSchema.parse({
      slug: SLUG,
      title: "Agreement",
      items: Array.from({ length: 40 }, (_, i) => ({ id: `agree-${i}`, kind: "flashcard", front: `Q${i}`, back: "A" })),
    }),
    { status: "published" },
  );
});

type Step = { kind: "rate"; rating: Rating; seconds: number } | { kind: "wait"; minutes: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("rate" as const),
      rating: fc.constantFrom<Rating>(1, 1, 2, 3, 3, 4),
      seconds: fc.integer({ min: 1, max: 90 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      minutes: fc.constantFrom(1, 5, 12, 30, 600, 1440, 4320),
    }),
  },
);

/**
 * Found by this property: after three days away, two learning cards rated Again one second apart were due at
 * the same instant, and the browser and the server broke the tie differently (now both take set order).
 */
const again = (seconds: number): Step => ({ kind: "rate", rating: 1, seconds });
const TIED_LEARNING: [Step[], number, number, boolean] = [
  [
    { kind: "wait", minutes: 4320 },
    { kind: "rate", rating: 2, seconds: 1 },
    ...[68, 57, 1, 61, 1, 1, 86, 1, 4, 1, 19, 1, 1, 1, 1, 31, 1, 4, 1, 19].map(again),
  ],
  8,
  2,
  true,
];

async function snapshot(user: SessionUser, at: number): Promise<SetSnapshot> {
  const found = await studySnapshot(user, SLUG, new Date(at));
  if (!found) throw new Error("no agreement set");
  return found;
}

/** What the browser would show and count, and what a fresh queue from the server says. */
function pickOf(state: ScreenState, at: number) {
  const next = pickNext({ ...state, onScreen: null }, new Date(at));
  return next.kind === "card" ? next.itemId : next.kind;
}

describe("the browser's queue and the server's", () => {
  it("agree after any run of ratings and waits", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 20, maxLength: 60 }),
        fc.integer({ min: 5, max: 30 }),
        fc.integer({ min: 2, max: 20 }),
        fc.boolean(),
        async (rest, newPerDay, reviewsPerDay, burst) => {
          // a burst of Again on new cards fills the learning queue beyond what the server sends at once
          const steps: Step[] = [
            ...(burst
              ? Array.from({ length: 14 }, () => ({ kind: "rate" as const, rating: 1 as Rating, seconds: 1 }))
              : []),
            ...rest,
          ];
          counter += 1;
          const row = await prisma.user.create({
            data: { email: `agree-${counter}@example.test`, passwordHash: "x", newPerDay, reviewsPerDay },
          });
          const user: SessionUser = {
            id: row.id,
            email: row.email,
            name: null,
            role: "learner",
            mustChangePassword: false,
          };
          let at = T0;
          let server = await snapshot(user, at);
          const scheduler = createScheduler(server.scheduler);
          let state = stateOfSnapshot(server, new Date(at), null);
          for (const s of steps) {
            if (s.kind === "wait") {
              at += s.minutes * 60_000;
              // a new study day: the browser takes a fresh queue (its allowance is for the day it was sent)
              if (at >= new Date(server.dayEnd).getTime()) {
                server = await snapshot(user, at);
                state = stateOfSnapshot(server, new Date(at), null);
              }
              continue;
            }
            at += s.seconds * 1000;
            let next = pickNext({ ...state, onScreen: null }, new Date(at));
            if (next.kind === "unknown") {
              // the browser used up what it holds: it asks for more, as the screen does
              server = await snapshot(user, at);
              state = stateOfSnapshot(server, new Date(at), null);
              next = pickNext({ ...state, onScreen: null }, new Date(at));
            }
            const fresh = await snapshot(user, at);
            const expected = pickOf(stateOfSnapshot(fresh, new Date(at), null), at);
            expect(next.kind === "card" ? next.itemId : next.kind).toBe(expected);
            expect(countsOfState(state)).toEqual(countsOfState(stateOfSnapshot(fresh, new Date(at), null)));
            if (next.kind !== "card") continue;
            const card = cardOf(state, next.itemId)!;
            const moved = afterRating(
              { ...state, onScreen: next.itemId },
              next.itemId,
              s.rating,
              new Date(at),
              scheduler,
            )!;
            const rated = await rateCard(
              user,
              {
                itemId: next.itemId,
                rating: s.rating,
                idempotencyKey: randomUUID(),
                durationMs: 1000,
                reps: card.srs.reps,
                reviewedAt: new Date(at).toISOString(),
              },
              new Date(at),
            );
            expect(rated.ok).toBe(true);
            if (!rated.ok) return;
            expect(rated.card).toEqual(moved.outcome?.card);
            const stored = (await snapshot(user, at)).cards.find((c) => c.itemId === next.itemId);
            if (stored) expect(fromWireSrs(stored.srs)).toEqual(moved.outcome?.card);
            state = advanced(moved.state, new Date(at));
          }
        },
      ),
      { numRuns: RUNS, examples: [TIED_LEARNING] },
    );
  }, 300_000);
});
