/**
 * The load benchmark's baseline: the same four operations as the app (set list, rating, autosave, grading)
 * served by a bare `node:http` handler with better-sqlite3 and the app's own code for the work (lib/srs,
 * lib/grade, lib/interview, and lib/server/study's settings columns and card mapping), with no framework, no
 * ORM and no React. The app/bare ratio says what Next.js + Prisma + rendering cost on top of the work itself.
 *
 *   tsx --conditions=react-server tests/bench/bare-handler.ts <sqlite file> <port> <auth secret>
 *
 * Each request does what the app does for it: unseal the session cookie (iron-session), look the session up
 * by its SHA-256 id, then the operation's queries in one transaction where the app uses one. Prints
 * "listening" on stdout when ready. Loopback only.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";
import { unsealData } from "iron-session";
import { CARD_STATE, createScheduler, schedulerSettingsFrom, type Rating } from "../../lib/srs/index";
import { gradeAnswer } from "../../lib/grade/index";
import { questionSetSchema } from "../../lib/schemas/question-set";
import {
  interviewScore,
  interviewVerdict,
  isInterviewItem,
  questionScenario,
  type InterviewItem,
} from "../../lib/interview";
import { createUnsealMemo } from "../../lib/server/auth/unseal-memo";
import { cardColumns, fsrsLogColumns, srsCardOf, STUDY_SETTINGS_SELECT } from "../../lib/server/study";
import { SESSION_COOKIE } from "./load-fixture";

const [file, portText, secret] = process.argv.slice(2);
if (!file || !portText || !secret) {
  console.error("usage: bare-handler.ts <sqlite file> <port> <auth secret>");
  process.exit(2);
}

const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");

/** Prisma's SQLite DateTime text ("2026-11-26T13:55:49.448+00:00"), so comparisons match the app's rows. */
const stamp = (date: Date): string => date.toISOString().replace("Z", "+00:00");

const sessionStatement = db.prepare(
  "SELECT u.id AS id FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ? AND s.expiresAt > ?",
);

/** As the app (lib/server/auth/session-cookie.ts): successful unseals are remembered for a minute by the sealed text. */
const unseals = createUnsealMemo({ ttlMs: 60_000, maxEntries: 10_000 });
function tokenOf(sealed: string): Promise<string | null> {
  return unseals.token(sealed, Date.now(), async (text) => {
    const data = await unsealData<{ token?: string }>(text, { password: secret ?? "" });
    return data.token ?? null;
  });
}

async function userOf(request: http.IncomingMessage): Promise<string | null> {
  const cookie = (request.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) return null;
  const token = await tokenOf(cookie.slice(SESSION_COOKIE.length + 1));
  if (!token) return null;
  const id = createHash("sha256").update(token).digest("hex");
  const row = sessionStatement.get(id, stamp(new Date())) as { id: string } | undefined;
  return row?.id ?? null;
}

async function bodyOf(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

// ------------------------------------------------------------------ set list

const setsStatement = db.prepare(
  "SELECT q.id, q.slug, q.title, i.kind FROM QuestionSet q JOIN Item i ON i.setId = q.id " +
    "WHERE q.status = 'published' AND i.retiredAt IS NULL ORDER BY q.title",
);
const countStatement = db.prepare(
  "SELECT " +
    `SUM(c.state <> ${CARD_STATE.new}) AS started, ` +
    `SUM(c.state IN (${CARD_STATE.learning}, ${CARD_STATE.relearning}) AND c.due < @end) AS learning, ` +
    `SUM(c.state = ${CARD_STATE.review} AND c.due < @end) AS due ` +
    "FROM Card c JOIN Item i ON i.id = c.itemId WHERE c.userId = @user AND i.setId = @set AND i.retiredAt IS NULL",
);

function setList(userId: string): string {
  const sets = new Map<string, { slug: string; title: string; items: number }>();
  for (const row of setsStatement.all() as { id: string; slug: string; title: string }[]) {
    const entry = sets.get(row.id) ?? { slug: row.slug, title: row.title, items: 0 };
    entry.items += 1;
    sets.set(row.id, entry);
  }
  const end = stamp(new Date(Date.now() + 86_400_000));
  const parts: string[] = [];
  for (const [id, set] of sets) {
    const counts = countStatement.get({ end, user: userId, set: id }) as {
      started: number;
      learning: number;
      due: number;
    };
    const fresh = Math.min(20, set.items - (counts.started ?? 0));
    parts.push(
      `<li><h2><a href="/sets/${set.slug}">${set.title}</a></h2><p>${fresh} new · ${counts.learning ?? 0} ` +
        `learning · ${counts.due ?? 0} due</p></li>`,
    );
  }
  return `<!doctype html><html><body><h1>Question sets</h1><ul>${parts.join("")}</ul></body></html>`;
}

// ------------------------------------------------------------------ rating

interface CardRow {
  id: string;
  itemId: string;
  due: string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: string | null;
  updatedAt: string;
}

const replayStatement = db.prepare("SELECT userId, cardId FROM ReviewLog WHERE idempotencyKey = ?");
// the learner's own scheduler settings, read with the app's column list (lib/server/study STUDY_SETTINGS_SELECT)
const settingsStatement = db.prepare(`SELECT ${Object.keys(STUDY_SETTINGS_SELECT).join(", ")} FROM User WHERE id = ?`);

function schedulerOf(userId: string) {
  const row = settingsStatement.get(userId) as {
    desiredRetention: number;
    learningSteps: string;
    relearningSteps: string;
    enableFuzz: number;
    maximumInterval: number;
  };
  return createScheduler(schedulerSettingsFrom({ ...row, enableFuzz: row.enableFuzz === 1 }));
}

const dateOrNull = (text: string | null) => (text === null ? null : new Date(text));
const stampOrNull = (date: Date | null) => (date === null ? null : stamp(date));
const cardStatement = db.prepare("SELECT * FROM Card WHERE id = ? AND userId = ?");
const updateCard = db.prepare(
  "UPDATE Card SET due = @due, stability = @stability, difficulty = @difficulty, elapsedDays = @elapsedDays, " +
    "scheduledDays = @scheduledDays, learningSteps = @learningSteps, reps = @reps, lapses = @lapses, " +
    "state = @state, lastReview = @lastReview, updatedAt = @now WHERE id = @id AND reps = @previousReps",
);
const insertLog = db.prepare(
  "INSERT INTO ReviewLog (id, cardId, userId, rating, state, due, stability, difficulty, elapsedDays, " +
    "lastElapsedDays, scheduledDays, learningSteps, review, source, durationMs, idempotencyKey, createdAt) " +
    "VALUES (@id, @cardId, @userId, @rating, @state, @due, @stability, @difficulty, @elapsedDays, " +
    "@lastElapsedDays, @scheduledDays, @learningSteps, @review, 'flashcard', @durationMs, @key, @review)",
);

const rate = db.transaction((userId: string, cardId: string, rating: Rating, key: string, now: Date) => {
  const row = cardStatement.get(cardId, userId) as CardRow | undefined;
  if (!row) return { status: 404, body: { error: "no such card" } };
  const before = srsCardOf({ ...row, due: new Date(row.due), lastReview: dateOrNull(row.lastReview) });
  const outcome = schedulerOf(userId).rate(before, rating, now);
  const card = cardColumns(outcome.card);
  const changed = updateCard.run({
    ...card,
    id: row.id,
    previousReps: row.reps,
    due: stamp(card.due),
    lastReview: stampOrNull(card.lastReview),
    now: stamp(now),
  });
  if (changed.changes !== 1) return { status: 409, body: { error: "stale" } };
  const log = fsrsLogColumns(outcome.log);
  insertLog.run({
    ...log,
    id: `r${key.replaceAll("-", "")}`,
    cardId: row.id,
    userId,
    rating,
    due: stamp(log.due),
    review: stamp(now),
    durationMs: 3000,
    key,
  });
  return null;
});

function rateOne(userId: string, body: unknown): { status: number; body: unknown } {
  const input = body as { cardId?: unknown; rating?: unknown; idempotencyKey?: unknown };
  if (
    typeof input.cardId !== "string" ||
    typeof input.idempotencyKey !== "string" ||
    ![1, 2, 3, 4].includes(input.rating as number)
  ) {
    return { status: 400, body: { error: "invalid" } };
  }
  if (replayStatement.get(input.idempotencyKey)) return { status: 200, body: { ok: true, duplicate: true } };
  const failed = rate(userId, input.cardId, input.rating as Rating, input.idempotencyKey, new Date());
  // as the app's rateAction: the stored rating is acknowledged, the page loads the next card separately
  return failed ?? { status: 200, body: { ok: true, duplicate: false } };
}

// ------------------------------------------------------------------ autosave

const autosaveStatement = db.prepare(
  "UPDATE InterviewQuestion SET answer = @answer, answerRevision = @revision, answerSavedAt = @now " +
    "WHERE interviewId = @id AND position = @position AND answerRevision < @revision AND EXISTS (" +
    "SELECT 1 FROM Interview v WHERE v.id = @id AND v.userId = @user AND v.status = 'active' AND v.deadlineAt >= @now)",
);

function autosave(userId: string, id: string, position: number, body: unknown): { status: number; body: unknown } {
  const input = body as { answer?: unknown; revision?: unknown };
  if (typeof input.answer !== "string" || typeof input.revision !== "number") {
    return { status: 400, body: { error: "invalid" } };
  }
  const now = new Date();
  const result = autosaveStatement.run({
    answer: input.answer,
    revision: input.revision,
    now: stamp(now),
    id,
    position,
    user: userId,
  });
  if (result.changes !== 1) return { status: 409, body: { error: "not saved" } };
  return { status: 200, body: { revision: input.revision, savedAt: now.toISOString() } };
}

// ------------------------------------------------------------------ grading

const interviewStatement = db.prepare("SELECT * FROM Interview WHERE id = ? AND userId = ?");
const snapshotStatement = db.prepare("SELECT snapshot FROM QuestionSetVersion WHERE setId = ? AND version = ?");
const flipStatement = db.prepare(
  "UPDATE Interview SET status = 'submitted', submittedAt = @now, submittedBy = 'learner' WHERE id = @id AND status = 'active'",
);
const questionsStatement = db.prepare("SELECT * FROM InterviewQuestion WHERE interviewId = ? ORDER BY position");
const gradeStatement = db.prepare("UPDATE InterviewQuestion SET grade = ?, score = ?, gradedAt = ? WHERE id = ?");
const scoreStatement = db.prepare("UPDATE Interview SET score = ?, verdict = ? WHERE id = ?");

const submit = db.transaction((id: string, items: Map<string, InterviewItem>, now: Date) => {
  if (flipStatement.run({ id, now: stamp(now) }).changes === 0) return null;
  const scores: number[] = [];
  for (const q of questionsStatement.all(id) as {
    id: string;
    itemId: string;
    answer: string;
    scenarioSeed: number | null;
    difficulty: string | null;
    generatorVersion: number;
  }[]) {
    const item = items.get(q.itemId);
    const scenario =
      item !== undefined ? questionScenario(item, q.scenarioSeed, q.difficulty, q.generatorVersion) : null;
    const graded = scenario ? gradeAnswer(q.answer, scenario.trace, scenario.tuning) : null;
    const grade = graded?.ok ? graded.grade : null;
    scores.push(grade?.score ?? 0);
    gradeStatement.run(grade ? JSON.stringify(grade) : null, grade?.score ?? 0, stamp(now), q.id);
  }
  const total = interviewScore(scores);
  scoreStatement.run(total, interviewVerdict(total), id);
  return total;
});

function grade(userId: string, id: string): { status: number; body: unknown } {
  const interview = interviewStatement.get(id, userId) as { setId: string; setVersion: number } | undefined;
  if (!interview) return { status: 404, body: { error: "not found" } };
  const snapshot = snapshotStatement.get(interview.setId, interview.setVersion) as { snapshot: string } | undefined;
  const parsed = questionSetSchema.safeParse(JSON.parse(snapshot?.snapshot ?? "{}"));
  const items = new Map<string, InterviewItem>();
  if (parsed.success) for (const item of parsed.data.items) if (isInterviewItem(item)) items.set(item.id, item);
  const score = submit(id, items, new Date());
  return { status: 200, body: { alreadySubmitted: score === null, score } };
}

// ------------------------------------------------------------------ server

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

const server = http.createServer((request, response) => {
  void (async () => {
    try {
      const userId = await userOf(request);
      if (!userId) return send(response, 401, { error: "sign in" });
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const parts = url.pathname.split("/").filter(Boolean);
      if (request.method === "GET" && url.pathname === "/sets") return send(response, 200, setList(userId));
      if (request.method === "POST" && url.pathname === "/rate") {
        const result = rateOne(userId, await bodyOf(request));
        return send(response, result.status, result.body);
      }
      if (request.method === "PATCH" && parts[0] === "autosave" && parts[1] && parts[2]) {
        const result = autosave(userId, parts[1], Number(parts[2]), await bodyOf(request));
        return send(response, result.status, result.body);
      }
      if (request.method === "POST" && parts[0] === "submit" && parts[1]) {
        const result = grade(userId, parts[1]);
        return send(response, result.status, result.body);
      }
      send(response, 404, { error: "not found" });
    } catch (error) {
      send(response, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  })();
});

server.listen(Number(portText), "127.0.0.1", () => console.log("listening"));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    db.close();
    process.exit(0);
  });
}
