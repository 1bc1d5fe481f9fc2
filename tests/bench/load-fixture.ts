/**
 * A seeded database for the load benchmark and the crash test: migrations and the built-in set (the same
 * prepareDatabase `npm start` runs), then learners with signed-in sessions, each with a card per flashcard
 * item whose state is the replay of its review log (lib/srs), and mock interviews to autosave into and to
 * grade. Users, cards and logs are written with Prisma's createMany; the FSRS values come from lib/srs, so
 * every card equals what replaying its log gives.
 *
 * Sessions are made as the app makes them (random token, SHA-256 id in the database, token sealed into the
 * `hopdrill_session` cookie with iron-session), so the benchmark never signs in over HTTP (which the sign-in
 * rate limit would throttle) and every request carries a real cookie the app checks.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sealData } from "iron-session";

export const SESSION_COOKIE = "hopdrill_session";
export const SEED_SLUG = "kubernetes-dns";

export interface LoadUser {
  readonly id: string;
  readonly email: string;
  readonly cookie: string;
  /** the user's flashcard cards (id and current review count) */
  readonly cards: readonly { readonly id: string; readonly itemId: string }[];
  /** an active 10-question interview for autosaving */
  readonly autosaveInterview: string;
}

export interface LoadFixture {
  readonly users: readonly LoadUser[];
  /** active one-question interviews with a full answer, ready to submit (grade), as [userIndex, id] */
  readonly gradingInterviews: readonly (readonly [number, string])[];
  readonly reviewLogs: number;
  readonly secret: string;
}

export interface LoadFixtureOptions {
  readonly users: number;
  readonly reviewLogs: number;
  readonly gradingInterviews: number;
  /** AUTH_SECRET the server will run with */
  readonly secret: string;
  readonly now: Date;
}

/** A model-quality explanation of the seed request path, so grading does real work. */
export const BENCH_ANSWER =
  "The app in pod foo calls https://bar/. The glibc stub resolver reads /etc/resolv.conf, which kubelet " +
  "wrote: nameserver 10.96.0.10, search app.svc.cluster.local svc.cluster.local cluster.local, options " +
  "ndots:5. bar has fewer than five dots, so the search list is tried first and bar.app.svc.cluster.local is " +
  "queried for A and AAAA records. The packet to the kube-dns ClusterIP is DNATed by kube-proxy's iptables " +
  "rules to a CoreDNS pod. CoreDNS watches Services and EndpointSlices through the API and answers with the " +
  "ClusterIP of the bar Service, 10.96.12.34, not a pod IP. The reply is reverse-translated by conntrack. " +
  "The app then opens a TCP connection to 10.96.12.34:443. In the OUTPUT chain the packet hits " +
  "KUBE-SERVICES, jumps to the KUBE-SVC chain, which picks one endpoint at random with probability 1/n, and " +
  "the KUBE-SEP chain DNATs it to the pod IP and target port 8443. Conntrack records the translation. The " +
  "packet is routed to the node that hosts the backend pod over the CNI overlay, the pod replies to foo's " +
  "IP, and conntrack rewrites the reply's source back to the ClusterIP so the connection matches.";

export async function sealedCookie(token: string, secret: string): Promise<string> {
  const sealed = await sealData({ token }, { password: secret, ttl: 30 * 86_400 });
  return `${SESSION_COOKIE}=${sealed}`;
}

function cuidLike(): string {
  // Interview ids must match /^[a-z0-9]+$/ (lib/schemas/interview); a UUID without dashes does.
  return `b${randomUUID().replaceAll("-", "")}`;
}

/**
 * Fills the database at process.env.DATABASE_URL (already pointing at a fresh file). Uses the app's own
 * modules through dynamic imports so DATABASE_URL is read after the caller sets it.
 */
export async function buildLoadFixture(options: LoadFixtureOptions): Promise<LoadFixture> {
  const { prepareDatabase } = await import("../../lib/server/setup/prepare");
  const { prisma } = await import("../../lib/server/db");
  const { startInterview, saveAnswer } = await import("../../lib/server/interviews");
  const { createScheduler, newCard, DEFAULT_SCHEDULER_SETTINGS } = await import("../../lib/srs/index");
  const { seededRandom } = await import("../../lib/sim/random");

  await prepareDatabase();
  const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SEED_SLUG } });
  const flashcards = await prisma.item.findMany({
    where: { setId: set.id, kind: "flashcard", retiredAt: null },
    orderBy: { position: "asc" },
    select: { id: true },
  });
  const scheduler = createScheduler(DEFAULT_SCHEDULER_SETTINGS);

  const random = seededRandom(20261126);
  const logsPerCard = Math.max(1, Math.ceil(options.reviewLogs / (options.users * flashcards.length)));
  const users: LoadUser[] = [];
  let logCount = 0;
  const userRows = [];
  const sessionRows = [];
  const cardRows = [];
  const logRows = [];
  const cookies: string[] = [];
  const cardsOf: { id: string; itemId: string }[][] = [];
  for (let u = 0; u < options.users; u += 1) {
    const id = cuidLike();
    userRows.push({ id, email: `learner${u}@bench.test`, passwordHash: "not-a-password-hash" });
    const token = randomBytes(32).toString("base64url");
    sessionRows.push({
      id: createHash("sha256").update(token).digest("hex"),
      userId: id,
      expiresAt: new Date(options.now.getTime() + 30 * 86_400_000),
    });
    cookies.push(await sealedCookie(token, options.secret));
    const cards: { id: string; itemId: string }[] = [];
    for (const item of flashcards) {
      const cardId = cuidLike();
      // Reviews spread over the past year, so the logs cover many study days.
      let at = new Date(options.now.getTime() - 365 * 86_400_000 + Math.floor(random.float() * 86_400_000));
      let card = newCard(at);
      for (let r = 0; r < logsPerCard && logCount < options.reviewLogs; r += 1) {
        const rating = (1 + Math.floor(random.float() * 4)) as 1 | 2 | 3 | 4;
        const outcome = scheduler.rate(card, rating, at);
        logRows.push({
          id: cuidLike(),
          cardId,
          userId: id,
          rating,
          state: outcome.log.state,
          due: outcome.log.due,
          stability: outcome.log.stability,
          difficulty: outcome.log.difficulty,
          elapsedDays: outcome.log.elapsedDays,
          lastElapsedDays: outcome.log.lastElapsedDays,
          scheduledDays: outcome.log.scheduledDays,
          learningSteps: outcome.log.learningSteps,
          review: at,
          source: "flashcard",
          durationMs: 4000,
          idempotencyKey: randomUUID(),
        });
        logCount += 1;
        card = outcome.card;
        // the next review a little after the card fell due, never in the future
        const next = card.due.getTime() + Math.floor(random.float() * 3 * 86_400_000);
        at = new Date(Math.min(next, options.now.getTime() - 60_000));
      }
      cardRows.push({ id: cardId, userId: id, itemId: item.id, ...card, due: card.due, lastReview: card.lastReview });
      cards.push({ id: cardId, itemId: item.id });
    }
    cardsOf.push(cards);
  }
  await prisma.user.createMany({ data: userRows });
  await prisma.session.createMany({ data: sessionRows });
  await prisma.card.createMany({ data: cardRows });
  for (let i = 0; i < logRows.length; i += 5000) {
    await prisma.reviewLog.createMany({ data: logRows.slice(i, i + 5000) });
  }

  for (let u = 0; u < options.users; u += 1) {
    const userId = userRows[u]?.id ?? "";
    const started = await startInterview(userId, { set: SEED_SLUG, questions: 10, minutes: 60 }, options.now);
    if (!started.ok) throw new Error(`fixture: ${started.message}`);
    users.push({
      id: userId,
      email: userRows[u]?.email ?? "",
      cookie: cookies[u] ?? "",
      cards: cardsOf[u] ?? [],
      autosaveInterview: started.id,
    });
  }
  const gradingInterviews: [number, string][] = [];
  for (let g = 0; g < options.gradingInterviews; g += 1) {
    const u = g % options.users;
    const userId = users[u]?.id ?? "";
    const started = await startInterview(userId, { set: SEED_SLUG, questions: 1, minutes: 60 }, options.now);
    if (!started.ok) throw new Error(`fixture: ${started.message}`);
    const saved = await saveAnswer(userId, started.id, 1, { answer: BENCH_ANSWER, revision: 1 }, options.now);
    if (!saved.ok) throw new Error(`fixture: ${saved.message}`);
    gradingInterviews.push([u, started.id]);
  }
  return { users, gradingInterviews, reviewLogs: logCount, secret: options.secret };
}
