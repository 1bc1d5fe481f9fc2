import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { AdminOnlyError, editorItem, retireItem, runSeed, saveItem } from "../../../lib/server/authoring";
import { SEED_SCENARIO } from "../../../lib/sim";
import type { SessionUser } from "../../../lib/server/auth/roles";
import {
  acceptClaim,
  claimQueue,
  pendingClaimCount,
  rejectClaim,
  resultsView,
  saveAnswer,
  setOverride,
  startInterview,
  submitInterview,
} from "../../../lib/server/interviews";
import { rejectClaimFormSchema } from "../../../lib/schemas/interview";

// states the search-list step in words the grader does not know: the claim the reviewer decides on
const ANSWER = "The resolver reads resolv.conf. The stub tacks app.svc.cluster.local onto the name.";
const PHRASE = "tacks app.svc.cluster.local";

let admin: SessionUser;
let learnerUser: SessionUser;
let other = "";
const t0 = new Date("2026-08-01T09:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  const a = await prisma.user.create({ data: { email: "admin@example.test", passwordHash: "x", role: "admin" } });
  admin = { id: a.id, email: a.email, name: null, role: "admin", mustChangePassword: false };
  const l = await prisma.user.create({ data: { email: "l@example.test", passwordHash: "x" } });
  learnerUser = { id: l.id, email: l.email, name: null, role: "learner", mustChangePassword: false };
  other = (await prisma.user.create({ data: { email: "o@example.test", passwordHash: "x" } })).id;
  // interviews draw their questions at random: the admin removes every interview question but one free-form
  // question, so both learners answer the same one
  const asked = await prisma.item.findMany({
    where: { set: { slug: "kubernetes-dns" }, kind: { in: ["freeform", "scenario"] } },
    orderBy: { position: "asc" },
  });
  const kept = asked.find((i) => i.kind === "freeform");
  if (kept === undefined) throw new Error("the seed set has no free-form question");
  for (const item of asked.filter((i) => i.id !== kept.id)) {
    expect(await retireItem(admin, "kubernetes-dns", item.id)).toMatchObject({ ok: true });
  }
});

/** A submitted one-question interview of the seed set's own scenario with `answer`. */
async function graded(userId: string, answer: string): Promise<string> {
  const started = await startInterview(userId, { set: "kubernetes-dns", questions: 1, minutes: 20 }, at(0));
  if (!started.ok) throw new Error(started.message);
  await saveAnswer(userId, started.id, 1, { answer, revision: 1 }, at(1000));
  await submitInterview(userId, started.id, at(2000));
  return started.id;
}

async function question(userId: string, id: string) {
  const view = await resultsView(userId, id, at(3000));
  if (!view.ok) throw new Error(view.message);
  const q = view.view.questions[0];
  if (q === undefined) throw new Error("no question");
  return { q, interviewScore: view.view.score };
}

/** Claims the first required concept the grader says is missing; returns its id and the claim's row id. */
async function claim(userId: string, id: string): Promise<{ conceptId: string; claimId: string }> {
  const { q } = await question(userId, id);
  const missing = q.concepts.find((c) => c.claimable && c.required);
  if (missing === undefined) throw new Error("nothing to claim");
  const result = await setOverride(userId, id, 1, missing.id, PHRASE);
  expect(result).toMatchObject({ ok: true, status: "pending" });
  const row = await prisma.gradeOverride.findFirstOrThrow({
    where: { userId, conceptId: missing.id, status: "pending" },
  });
  return { conceptId: missing.id, claimId: row.id };
}

describe("reviewing 'I was right' claims", () => {
  it("accepting adds the phrase as the set's synonym, regrades every answer with it, and the learner sees the new grade", async () => {
    const mine = await graded(learnerUser.id, ANSWER);
    const theirs = await graded(other, `First: ${ANSWER}`);
    const before = await question(learnerUser.id, mine);
    const theirsBefore = await question(other, theirs);
    const { conceptId, claimId } = await claim(learnerUser.id, mine);

    const queue = await claimQueue(admin);
    const queued = queue.pending.find((c) => c.id === claimId);
    expect(queued).toMatchObject({ conceptId, phrase: PHRASE, answer: ANSWER, status: "pending" });
    expect(queued?.graderReason).not.toBe("");
    expect(queued?.setTitle).toEqual(expect.any(String));
    expect(await pendingClaimCount(admin)).toBe(1);
    // waiting for review changes nothing
    expect((await question(learnerUser.id, mine)).q.score).toBe(before.q.score);

    const accepted = await acceptClaim(admin, claimId, PHRASE, at(10_000));
    expect(accepted).toMatchObject({ ok: true, regraded: 2 });

    const after = await question(learnerUser.id, mine);
    const concept = after.q.concepts.find((c) => c.id === conceptId);
    expect(concept?.status).toBe("found");
    expect(concept?.claim?.status).toBe("accepted");
    expect(after.q.score).toBeGreaterThan(before.q.score);
    expect(after.interviewScore).toBeGreaterThan(before.interviewScore ?? 0);
    // the other learner's answer with the same words is regraded too, though they claimed nothing
    const theirsAfter = await question(other, theirs);
    expect(theirsAfter.q.concepts.find((c) => c.id === conceptId)?.status).toBe("found");
    expect(theirsAfter.q.score).toBeGreaterThan(theirsBefore.q.score);
    expect(await pendingClaimCount(admin)).toBe(0);
    // a reviewed claim is final
    expect(await rejectClaim(admin, claimId, "changed my mind", at(11_000))).toMatchObject({
      code: "ALREADY_REVIEWED",
    });
  });

  it("rejecting keeps the reason for the learner and leaves the score as graded", async () => {
    await prisma.gradeOverride.deleteMany({});
    const other2 = await prisma.user.create({ data: { email: "r@example.test", passwordHash: "x" } });
    // a set of its own answers: the synonym accepted above applies, so claim another concept of a thin answer
    const id = await graded(other2.id, "The resolver reads resolv.conf.");
    const before = await question(other2.id, id);
    const missing = before.q.concepts.find((c) => c.claimable && c.required);
    if (missing === undefined) throw new Error("nothing to claim");
    expect(await setOverride(other2.id, id, 1, missing.id, "reads resolv.conf")).toMatchObject({ ok: true });
    const row = await prisma.gradeOverride.findFirstOrThrow({ where: { userId: other2.id } });
    const reason = "Reading resolv.conf is the first step, not this one.";
    expect(await rejectClaim(admin, row.id, reason, at(20_000))).toEqual({ ok: true });
    const after = await question(other2.id, id);
    expect(after.q.score).toBe(before.q.score);
    const concept = after.q.concepts.find((c) => c.id === missing.id);
    expect(concept?.claim).toMatchObject({ status: "rejected", reviewReason: reason });
    expect(concept?.status).toBe(missing.status);
    expect((await prisma.gradeOverride.findUniqueOrThrow({ where: { id: row.id } })).reviewedById).toBe(admin.id);
  });

  it("refuses a rejection without a reason", () => {
    const parsed = rejectClaimFormSchema.safeParse({ claimId: "c1", reason: "   " });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["reason"]);
  });

  it("refuses learners and anonymous callers: only admins review", async () => {
    const id = await graded(learnerUser.id, ANSWER.replace("resolv.conf", "/etc/resolv.conf"));
    const { claimId } = await claim(learnerUser.id, id).catch(async () => {
      // the synonym accepted above may already credit it: claim through a fresh row instead
      const row = await prisma.gradeOverride.create({
        data: {
          questionId: (await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: id } })).id,
          userId: learnerUser.id,
          conceptId: "resolv-conf",
          phrase: "/etc/resolv.conf",
        },
      });
      return { conceptId: row.conceptId, claimId: row.id };
    });
    await expect(claimQueue(learnerUser)).rejects.toBeInstanceOf(AdminOnlyError);
    await expect(acceptClaim(learnerUser, claimId, PHRASE, at(30_000))).rejects.toBeInstanceOf(AdminOnlyError);
    await expect(rejectClaim(null, claimId, "no", at(30_000))).rejects.toBeInstanceOf(AdminOnlyError);
    expect((await prisma.gradeOverride.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("pending");
  });

  it("offers no claim on a blank answer", async () => {
    const id = await graded(learnerUser.id, "");
    const { q } = await question(learnerUser.id, id);
    expect(q.concepts.length).toBeGreaterThan(0);
    expect(q.concepts.every((c) => !c.claimable)).toBe(true);
    const refused = await setOverride(learnerUser.id, id, 1, q.concepts[0]?.id ?? "", "anything");
    expect(refused).toMatchObject({
      ok: false,
      code: "NOT_OVERRIDABLE",
      message: "A blank answer states nothing to claim.",
    });
  });

  it("regrades each affected answer against the set version it was asked from", async () => {
    await prisma.gradeOverride.deleteMany({});
    const v1User = (await prisma.user.create({ data: { email: "v1@example.test", passwordHash: "x" } })).id;
    const v2User = (await prisma.user.create({ data: { email: "v2@example.test", passwordHash: "x" } })).id;
    const answer = "The resolver reads resolv.conf. The stub glues app.svc.cluster.local onto the name.";
    const phrase = "glues app.svc.cluster.local";
    const v1Answer = await graded(v1User, answer);
    // the admin moves the question to the seed scenario with its client renamed: a new published version
    const kept = await prisma.item.findFirstOrThrow({
      where: { set: { slug: "kubernetes-dns" }, kind: "freeform", retiredAt: null },
    });
    const editor = await editorItem(admin, "kubernetes-dns", kept.id);
    if (editor === null || editor.item.kind !== "freeform") throw new Error("no free-form item to edit");
    const renamed = JSON.parse(
      JSON.stringify(SEED_SCENARIO).replaceAll('"foo"', '"checkout"').replaceAll("app/foo", "app/checkout"),
    );
    expect(await saveItem(admin, "kubernetes-dns", { ...editor.item, scenario: renamed }, kept.id)).toMatchObject({
      ok: true,
    });
    const v2Answer = await graded(v2User, answer);
    const versions = await prisma.interview.findMany({
      where: { id: { in: [v1Answer, v2Answer] } },
      select: { id: true, setVersion: true },
    });
    const versionOf = new Map(versions.map((v) => [v.id, v.setVersion]));
    expect(versionOf.get(v2Answer)).toBeGreaterThan(versionOf.get(v1Answer) ?? Infinity);
    const storedGrade = async (id: string) =>
      (await prisma.interviewQuestion.findFirstOrThrow({ where: { interviewId: id } })).grade ?? "";
    // each was graded against its own version's scenario: only the second names the renamed client
    expect(await storedGrade(v1Answer)).not.toContain("checkout");
    expect(await storedGrade(v2Answer)).toContain("checkout");
    const before = { v1: await question(v1User, v1Answer), v2: await question(v2User, v2Answer) };

    const missing = before.v1.q.concepts.find((c) => c.claimable && c.required && c.status !== "found");
    if (missing === undefined) throw new Error("nothing to claim");
    expect(await setOverride(v1User, v1Answer, 1, missing.id, phrase)).toMatchObject({ ok: true });
    const row = await prisma.gradeOverride.findFirstOrThrow({ where: { userId: v1User, status: "pending" } });
    expect(await acceptClaim(admin, row.id, phrase, at(40_000))).toMatchObject({ ok: true, regraded: 2 });

    for (const [user, id, key] of [
      [v1User, v1Answer, "v1"],
      [v2User, v2Answer, "v2"],
    ] as const) {
      const after = await question(user, id);
      expect(after.q.concepts.find((c) => c.id === missing.id)?.status).toBe("found");
      expect(after.q.score).toBeGreaterThan(before[key].q.score);
    }
    // and each regrade kept its own version's scenario
    expect(await storedGrade(v1Answer)).not.toContain("checkout");
    expect(await storedGrade(v2Answer)).toContain("checkout");
  });
});
