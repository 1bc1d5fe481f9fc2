/**
 * What bench:load asks of the app and of the bare handler: the saturation scenarios (each with the floor
 * it is held against) and the open-loop "learners" workload. Request k acts as learner k mod users, so no
 * two requests in flight at 50 connections share one.
 */
import { randomUUID } from "node:crypto";
import { BENCH_ANSWER, SEED_SLUG, type LoadFixture, type LoadUser } from "./load-fixture";
import type { Arrival, ClosedScenario } from "./load-drive";

/** Which floor a scenario is held against: a route handler's, or a page's (rendered with the layout). */
export type FloorKind = "route" | "page";

export interface AppScenario extends ClosedScenario {
  /** null for the floors themselves */
  readonly floor: FloorKind | null;
  /** the bare handler's scenario of the same work, when it has one */
  readonly bare: ClosedScenario | null;
}

/** The learners workload (issue: a rating every 8 s, a page every 2 minutes, one in ten autosaving every 20 s). */
export const LEARNER = { rateEveryMs: 8_000, pageEveryMs: 120_000, autosaveEveryMs: 20_000, autosaving: 0.1 };

/** Work shared by the app's and the bare handler's scenarios, so only the transport differs. */
function work(fixture: LoadFixture) {
  const users = fixture.users.length;
  const user = (k: number): LoadUser => fixture.users[k % users] ?? fixture.users[0]!;
  return {
    user,
    rating: (k: number) => {
      const u = user(k);
      const card = u.cards[Math.floor(k / users) % u.cards.length] ?? u.cards[0]!;
      return { u, card, rating: 1 + (k % 4), idempotencyKey: randomUUID() };
    },
    /** question ⌊k / users⌋ mod 10 of the learner's interview, revision k (revisions only grow) */
    autosave: (k: number) => ({
      u: user(k),
      position: 1 + (Math.floor(k / users) % 10),
      body: JSON.stringify({ answer: BENCH_ANSWER.slice(0, 100 + (k % 900)), revision: k }),
    }),
  };
}

/** Interviews to grade, split between runs (each is submitted once); a tenth of each run's share warms up. */
export function gradingShare(fixture: LoadFixture, runs: number, run: number) {
  const per = Math.floor(fixture.gradingInterviews.length / runs);
  const share = fixture.gradingInterviews.slice(run * per, (run + 1) * per);
  let next = 0;
  return {
    take: () => {
      const [u, id] = share[next++ % share.length]!;
      return { cookie: fixture.users[u]!.cookie, id };
    },
    warmupAmount: Math.max(1, Math.min(50, Math.floor(per / 10))),
    amount: Math.max(1, per - Math.max(1, Math.min(50, Math.floor(per / 10)))),
  };
}

export function appScenarios(fixture: LoadFixture, origin: string, runs: number, run: number): AppScenario[] {
  const w = work(fixture);
  const json = { origin, "content-type": "application/json" };
  const bareJson = { "content-type": "application/json" };
  const grading = gradingShare(fixture, runs, run);
  const bareGrading = gradingShare(fixture, runs, run);
  return [
    {
      name: "route floor",
      floor: null,
      status: 204,
      // a route handler that does no work (app/api/live/route.ts); /api/* skips the proxy, as rate and autosave do
      request: () => ({ method: "GET", path: "/api/live", headers: {} }),
      bare: { name: "floor", status: 401, request: () => ({ method: "GET", path: "/interviews", headers: {} }) },
    },
    {
      name: "page floor",
      floor: null,
      // a dynamic page with the real layout and no data: signed out, so neither the layout nor the page reads
      request: () => ({ method: "GET", path: "/sign-in", headers: {} }),
      ok: (body) => body.includes("<h1>Sign in</h1>"),
      bare: null,
    },
    {
      name: "browse",
      floor: "page",
      request: (k) => ({ method: "GET", path: "/sets", headers: { cookie: w.user(k).cookie } }),
      ok: (body) => body.includes(`/sets/${SEED_SLUG}`),
      bare: {
        name: "browse",
        request: (k) => ({ method: "GET", path: "/sets", headers: { cookie: w.user(k).cookie } }),
      },
    },
    {
      name: "study page",
      floor: "page",
      request: (k) => ({ method: "GET", path: `/study/${SEED_SLUG}`, headers: { cookie: w.user(k).cookie } }),
      bare: null,
    },
    {
      name: "queue",
      floor: "route",
      request: (k) => ({
        method: "GET",
        path: `/api/study/queue?set=${SEED_SLUG}`,
        headers: { cookie: w.user(k).cookie },
      }),
      bare: null,
    },
    {
      name: "rate",
      floor: "route",
      request: (k) => {
        const { u, card, rating, idempotencyKey } = w.rating(k);
        const body = JSON.stringify({ itemId: card.itemId, rating, idempotencyKey, durationMs: 3000 });
        return { method: "POST", path: "/api/study/ratings", headers: { cookie: u.cookie, ...json }, body };
      },
      bare: {
        name: "rate",
        request: (k) => {
          const { u, card, rating, idempotencyKey } = w.rating(k);
          const body = JSON.stringify({ cardId: card.id, rating, idempotencyKey });
          return { method: "POST", path: "/rate", headers: { cookie: u.cookie, ...bareJson }, body };
        },
      },
    },
    {
      name: "autosave",
      floor: "route",
      request: (k) => {
        const { u, position, body } = w.autosave(k);
        const path = `/api/interviews/${u.autosaveInterview}/questions/${position}`;
        return { method: "PATCH", path, headers: { cookie: u.cookie, ...json }, body };
      },
      bare: {
        name: "autosave",
        request: (k) => {
          const { u, position, body } = w.autosave(k);
          const path = `/autosave/${u.autosaveInterview}/${position}`;
          return { method: "PATCH", path, headers: { cookie: u.cookie, ...bareJson }, body };
        },
      },
    },
    {
      name: "grade",
      floor: "route",
      amount: grading.amount,
      warmupAmount: grading.warmupAmount,
      request: () => {
        const { cookie, id } = grading.take();
        return { method: "POST", path: `/api/interviews/${id}/submit`, headers: { cookie, origin } };
      },
      bare: {
        name: "grade",
        amount: bareGrading.amount,
        warmupAmount: bareGrading.warmupAmount,
        request: () => {
          const { cookie, id } = bareGrading.take();
          return { method: "POST", path: `/submit/${id}`, headers: { cookie } };
        },
      },
    },
  ];
}

/**
 * `learners` learners for `seconds`, open loop: learner i rates at its own phase and every 8 s after, loads
 * a page (the set list or its study page, in turn) every 2 minutes, and one in ten autosaves every 20 s.
 * Phases are spread evenly, so the arrival rate is steady: learners/8 ratings a second, and so on.
 */
export function learnerArrivals(
  fixture: LoadFixture,
  origin: string,
  learners: number,
  seconds: number,
  sequence: { next: () => number },
): Arrival[] {
  const w = work(fixture);
  const json = { origin, "content-type": "application/json" };
  const span = seconds * 1000;
  const arrivals: Arrival[] = [];
  const every = (phase: number, period: number, add: (at: number) => void) => {
    for (let at = phase * period; at < span; at += period) add(at);
  };
  const autosavers = Math.round(learners * LEARNER.autosaving);
  for (let i = 0; i < learners; i += 1) {
    const phase = (i + 0.5) / learners;
    every(phase, LEARNER.rateEveryMs, (at) =>
      arrivals.push({
        at,
        kind: "rate",
        build: () => {
          const { u, card, rating, idempotencyKey } = w.rating(sequence.next() * fixture.users.length + i);
          const body = JSON.stringify({ itemId: card.itemId, rating, idempotencyKey, durationMs: 3000 });
          return { method: "POST", path: "/api/study/ratings", headers: { cookie: u.cookie, ...json }, body };
        },
      }),
    );
    every((phase * 7.31) % 1, LEARNER.pageEveryMs, (at) =>
      arrivals.push({
        at,
        kind: "page",
        build: () => {
          const path = (sequence.next() + i) % 2 === 0 ? "/sets" : `/study/${SEED_SLUG}`;
          return { method: "GET", path, headers: { cookie: w.user(i).cookie } };
        },
      }),
    );
  }
  for (let j = 0; j < autosavers; j += 1) {
    // autosaver j is learner 10 j: question ⌊j / users⌋ of its interview, so no two share an answer
    every((j + 0.5) / autosavers, LEARNER.autosaveEveryMs, (at) =>
      arrivals.push({
        at,
        kind: "autosave",
        build: () => {
          const k = sequence.next();
          const u = w.user(j);
          const position = 1 + (Math.floor(j / fixture.users.length) % 10);
          const body = JSON.stringify({ answer: BENCH_ANSWER.slice(0, 100 + (k % 900)), revision: k });
          const path = `/api/interviews/${u.autosaveInterview}/questions/${position}`;
          return { method: "PATCH", path, headers: { cookie: u.cookie, ...json }, body };
        },
      }),
    );
  }
  return arrivals;
}
