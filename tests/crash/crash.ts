/**
 * Crash safety (`npm run test:crash`): the production server (`npm start`'s script and the server it starts)
 * is killed with SIGKILL in the middle of a rating storm and of mock interviews (start, autosave, submit),
 * then started again on the same file. Checks after each restart:
 *   - every acknowledged write is there: each rating answered { ok: true } has its review log (by its
 *     idempotency key); each autosave answered 200 is stored (the stored revision is at least the highest
 *     acknowledged one); each interview answered 201 exists; each submit answered 200 is submitted and graded;
 *   - no half-done transaction: every card equals the replay of its review log (lib/srs);
 *   - `PRAGMA integrity_check` says ok;
 *   - migrations and the seed were not applied twice: one `_prisma_migrations` row per migration folder, all
 *     finished; one seed set, its items once each, its published version unchanged.
 * Two rounds (kill, restart, check, storm again, kill, restart, check). Exits 1 on any failure.
 *
 * Runs under /tmp/e2e.lock (the npm script takes it): `npm start` may rebuild the shared `.next` folder.
 * Loopback only; takes about a minute plus a build when the sources changed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { buildLoadFixture, BENCH_ANSWER, SEED_SLUG, type LoadFixture } from "../bench/load-fixture";
import { root, startApp, stopGroup, waitForExit } from "../bench/load-server";
import { createScheduler, DEFAULT_SCHEDULER_SETTINGS, newCard, toCardState, toRating } from "../../lib/srs/index";

const port = Number(process.env.CRASH_PORT ?? 3340);
const STORM_MS = Number(process.env.CRASH_STORM_MS ?? 6000);
const failures: string[] = [];

function fail(message: string): void {
  failures.push(message);
  console.error(`  FAIL ${message}`);
}

interface Acknowledged {
  ratingKeys: Set<string>;
  /** highest acknowledged revision per "interviewId:position" */
  saves: Map<string, number>;
  started: Set<string>;
  submitted: Set<string>;
}

/** Sends writes from many loops until the server dies (or `stopAt`), recording what it acknowledged. */
async function storm(
  fixture: LoadFixture,
  origin: string,
  ack: Acknowledged,
  revisionBase: number,
  kill: () => void,
): Promise<number> {
  let alive = true;
  let sent = 0;
  const stopAt = Date.now() + STORM_MS;
  setTimeout(() => {
    kill();
    alive = false;
  }, STORM_MS);
  const raters = fixture.users.slice(0, 12).map(async (user, u) => {
    for (let i = 0; alive && Date.now() < stopAt + 5000; i += 1) {
      const card = user.cards[i % user.cards.length];
      if (!card) break;
      const key = randomUUID();
      const body = { itemId: card.itemId, rating: 1 + ((i + u) % 4), idempotencyKey: key, durationMs: 2000 };
      sent += 1;
      try {
        const response = await fetch(`${origin}/api/study/ratings`, {
          method: "POST",
          headers: { cookie: user.cookie, origin, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        // the ratings route answers 200 once the rating is stored
        await response.arrayBuffer();
        if (response.ok) ack.ratingKeys.add(key);
      } catch {
        break; // the server is gone: this rating was never acknowledged
      }
    }
  });
  const interviewers = fixture.users.slice(12, 20).map(async (user) => {
    const json = { cookie: user.cookie, origin, "content-type": "application/json" };
    while (alive) {
      try {
        const started = await fetch(`${origin}/api/interviews`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ set: SEED_SLUG, questions: 2, minutes: 30 }),
        });
        if (started.status !== 201) break;
        const { id } = (await started.json()) as { id: string };
        ack.started.add(id);
        for (let revision = revisionBase + 1; revision <= revisionBase + 3 && alive; revision += 1) {
          for (const position of [1, 2]) {
            const saved = await fetch(`${origin}/api/interviews/${id}/questions/${position}`, {
              method: "PATCH",
              headers: json,
              body: JSON.stringify({ answer: BENCH_ANSWER.slice(0, revision * 120), revision }),
            });
            await saved.arrayBuffer();
            sent += 1;
            const slot = `${id}:${position}`;
            if (saved.ok) ack.saves.set(slot, Math.max(ack.saves.get(slot) ?? 0, revision));
          }
        }
        const submitted = await fetch(`${origin}/api/interviews/${id}/submit`, { method: "POST", headers: json });
        await submitted.arrayBuffer();
        sent += 1;
        if (submitted.ok) ack.submitted.add(id);
      } catch {
        break;
      }
    }
  });
  await Promise.all([...raters, ...interviewers]);
  return sent;
}

function check(
  file: string,
  migrationsOnDisk: number,
  seedItems: number,
  seedVersion: number,
  ack: Acknowledged,
  raters: ReadonlySet<string>,
) {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") fail(`integrity_check: ${String(integrity)}`);
    else console.log("  integrity_check: ok");

    const keys = new Set(
      (
        db.prepare("SELECT idempotencyKey FROM ReviewLog WHERE idempotencyKey IS NOT NULL").all() as {
          idempotencyKey: string;
        }[]
      ).map((r) => r.idempotencyKey),
    );
    const lost = [...ack.ratingKeys].filter((k) => !keys.has(k));
    if (lost.length > 0) fail(`${lost.length} acknowledged ratings are missing`);
    console.log(`  acknowledged ratings present: ${ack.ratingKeys.size - lost.length}/${ack.ratingKeys.size}`);

    let savesPresent = 0;
    for (const [slot, revision] of ack.saves) {
      const [id, position] = slot.split(":");
      const row = db
        .prepare("SELECT answerRevision FROM InterviewQuestion WHERE interviewId = ? AND position = ?")
        .get(id, Number(position)) as { answerRevision: number } | undefined;
      if (!row || row.answerRevision < revision) fail(`autosave ${slot} rev ${revision} lost (${row?.answerRevision})`);
      else savesPresent += 1;
    }
    console.log(`  acknowledged autosaves present: ${savesPresent}/${ack.saves.size}`);
    for (const id of ack.started) {
      if (!db.prepare("SELECT 1 FROM Interview WHERE id = ?").get(id)) fail(`started interview ${id} missing`);
    }
    let graded = 0;
    for (const id of ack.submitted) {
      const row = db.prepare("SELECT status, score FROM Interview WHERE id = ?").get(id) as
        { status: string; score: number | null } | undefined;
      const ungraded = db
        .prepare("SELECT COUNT(*) AS n FROM InterviewQuestion WHERE interviewId = ? AND gradedAt IS NULL")
        .get(id) as { n: number };
      if (row?.status !== "submitted" || row.score === null || ungraded.n > 0) fail(`submitted interview ${id} lost`);
      else graded += 1;
    }
    console.log(
      `  interviews started ${ack.started.size}, acknowledged submits graded ${graded}/${ack.submitted.size}`,
    );

    // Atomicity: a card and its log move together, so each card equals the replay of its log.
    const scheduler = createScheduler(DEFAULT_SCHEDULER_SETTINGS);
    const logs = db
      .prepare("SELECT cardId, rating, review FROM ReviewLog WHERE source = 'flashcard' ORDER BY rowid")
      .all() as { cardId: string; rating: number; review: string }[];
    const byCard = new Map<string, typeof logs>();
    for (const log of logs) byCard.set(log.cardId, [...(byCard.get(log.cardId) ?? []), log]);
    let mismatched = 0;
    // Only the raters' cards: a graded interview makes missed concepts' cards due now, outside the log.
    const cards = (db.prepare("SELECT * FROM Card").all() as { userId: string }[]).filter((c) =>
      raters.has(c.userId),
    ) as unknown as {
      id: string;
      createdAt: string;
      reps: number;
      state: number;
      stability: number;
      due: string;
    }[];
    for (const card of cards) {
      const own = byCard.get(card.id) ?? [];
      if (own.length === 0) continue;
      // the fixture's cards start new at their first review (load-fixture.ts)
      let replayed = newCard(new Date(own[0]!.review));
      for (const log of own) replayed = scheduler.rate(replayed, toRating(log.rating) ?? 3, new Date(log.review)).card;
      if (
        replayed.reps !== card.reps ||
        replayed.state !== toCardState(card.state) ||
        Math.abs(replayed.stability - card.stability) > 1e-9 ||
        replayed.due.getTime() !== new Date(card.due).getTime()
      ) {
        mismatched += 1;
      }
    }
    if (mismatched > 0) fail(`${mismatched} cards differ from the replay of their review log`);
    console.log(`  cards equal to their replayed log: ${cards.length - mismatched}/${cards.length}`);

    const migrations = db
      .prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations")
      .all() as { migration_name: string; finished_at: string | null; rolled_back_at: string | null }[];
    const names = new Set(migrations.map((m) => m.migration_name));
    if (migrations.length !== migrationsOnDisk || names.size !== migrationsOnDisk) {
      fail(`_prisma_migrations has ${migrations.length} rows for ${migrationsOnDisk} migrations`);
    }
    if (migrations.some((m) => m.finished_at === null || m.rolled_back_at !== null)) fail("an unfinished migration");
    const sets = db.prepare("SELECT id, version FROM QuestionSet WHERE slug = ?").all(SEED_SLUG) as {
      id: string;
      version: number;
    }[];
    const items = sets[0]
      ? (db.prepare("SELECT COUNT(*) AS n FROM Item WHERE setId = ?").get(sets[0].id) as { n: number }).n
      : 0;
    if (sets.length !== 1 || items !== seedItems || sets[0]?.version !== seedVersion) {
      fail(`seed applied twice? ${sets.length} sets, ${items} items, version ${sets[0]?.version}`);
    }
    console.log(
      `  migrations: ${migrations.length} row(s) for ${migrationsOnDisk} folder(s); seed set once, ${items} items, version ${sets[0]?.version}`,
    );
  } finally {
    db.close();
  }
}

/**
 * One request down each path first, as a user outside the storm: the first request to a route loads its
 * modules, which on a busy machine takes seconds that the storm would otherwise spend waiting.
 */
async function warmUp(fixture: LoadFixture, origin: string): Promise<void> {
  const user = fixture.users[fixture.users.length - 1];
  const card = user?.cards[0];
  if (!user || !card) throw new Error("fixture has no spare user");
  const rating = { itemId: card.itemId, rating: 3, idempotencyKey: randomUUID(), durationMs: 1000 };
  await (
    await fetch(`${origin}/api/study/ratings`, {
      method: "POST",
      headers: { cookie: user.cookie, origin, "content-type": "application/json" },
      body: JSON.stringify(rating),
    })
  ).arrayBuffer();
  const json = { cookie: user.cookie, origin, "content-type": "application/json" };
  const started = await fetch(`${origin}/api/interviews`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ set: SEED_SLUG, questions: 1, minutes: 30 }),
  });
  const { id } = (await started.json()) as { id: string };
  await (
    await fetch(`${origin}/api/interviews/${id}/questions/1`, {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ answer: "warm", revision: 1 }),
    })
  ).arrayBuffer();
  await (await fetch(`${origin}/api/interviews/${id}/submit`, { method: "POST", headers: json })).arrayBuffer();
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-crash-"));
  const file = path.join(dir, "hopdrill.db");
  const secret = randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = `file:${file}`;
  const fixture = await buildLoadFixture({
    users: 20,
    reviewLogs: 2000,
    gradingInterviews: 0,
    secret,
    now: new Date(),
  });
  const { disconnectPrisma } = await import("../../lib/server/db");
  await disconnectPrisma();
  const migrationsOnDisk = fs
    .readdirSync(path.join(root, "prisma", "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory()).length;
  const before = new Database(file, { readonly: true });
  const seed = before.prepare("SELECT id, version FROM QuestionSet WHERE slug = ?").get(SEED_SLUG) as {
    id: string;
    version: number;
  };
  const seedItems = (before.prepare("SELECT COUNT(*) AS n FROM Item WHERE setId = ?").get(seed.id) as { n: number }).n;
  before.close();

  const ack: Acknowledged = { ratingKeys: new Set(), saves: new Map(), started: new Set(), submitted: new Set() };
  for (let round = 1; round <= 2; round += 1) {
    const app = await startApp({ databaseUrl: `file:${file}`, port, secret, quiet: true });
    await warmUp(fixture, app.origin);
    console.log(`Round ${round}: storm for ${STORM_MS} ms, then SIGKILL to the server's process group`);
    const sent = await storm(fixture, app.origin, ack, round * 100, () => stopGroup(app.child, "SIGKILL"));
    await waitForExit(app.child);
    console.log(`  killed (signal ${app.child.signalCode}) after ${sent} writes sent`);
    // restart: `npm start` migrates and seeds again on the crashed file
    const again = await startApp({ databaseUrl: `file:${file}`, port, secret, quiet: true });
    const health = await fetch(`${again.origin}/api/health`);
    if (!health.ok) fail(`health after restart: ${health.status}`);
    stopGroup(again.child, "SIGTERM");
    await waitForExit(again.child);
    check(file, migrationsOnDisk, seedItems, seed.version, ack, new Set(fixture.users.slice(0, 12).map((u) => u.id)));
    // the storm must have been acknowledged before the kill, or the checks above prove nothing
    if (ack.ratingKeys.size === 0 || ack.saves.size === 0 || ack.started.size === 0 || ack.submitted.size === 0) {
      fail("the storm got no acknowledged ratings, autosaves, starts or submits before the kill");
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`\nCrash test FAILED:\n  ${failures.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log("\nCrash test passed: every acknowledged write survived SIGKILL; integrity ok; nothing applied twice.");
  }
}

await main();
