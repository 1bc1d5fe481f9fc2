import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed, upsertQuestionSet } from "../../../lib/server/authoring";
import { questionSetSchema } from "../../../lib/schemas/question-set";
import { SEED_SET } from "../../../lib/content";

beforeAll(async () => {
  await useFreshDatabase();
});

async function snapshot() {
  const sets = await prisma.questionSet.findMany({ select: { id: true, slug: true, version: true, status: true } });
  const items = await prisma.item.findMany({
    orderBy: { id: "asc" },
    select: { id: true, setId: true, position: true, front: true, back: true, kind: true, retiredAt: true },
  });
  const versions = await prisma.questionSetVersion.count();
  return { sets, items, versions };
}

describe("seeding", () => {
  it("creates the Kubernetes DNS set: one flashcard per question of the post plus the capstone", async () => {
    const summary = await runSeed();
    expect(summary.created).toBe(SEED_SET.items.length);
    const set = await prisma.questionSet.findUniqueOrThrow({
      where: { slug: "kubernetes-dns" },
      include: { items: true },
    });
    expect(set.title).toBe("Kubernetes DNS: from http.get to response");
    expect(set.status).toBe("published");
    // the post asks seven questions after the opening scenario; three more are what an interviewer asks next
    const flashcards = set.items.filter((i) => i.kind === "flashcard").sort((a, b) => a.position - b.position);
    expect(flashcards).toHaveLength(10);
    const followUps = ["external-name-lookups", "hosts-before-dns", "outside-traffic-local-policy"];
    expect(flashcards.slice(-3).map((i) => followUps.find((id) => i.id.endsWith(id)))).toEqual(followUps);
    const capstone = set.items.find((i) => i.kind === "freeform");
    expect(capstone?.front).toContain('http.get("https://bar/")');
    expect(JSON.parse(capstone?.rubric ?? "{}")).toMatchObject({ scenario: "seed" });
  });

  it("is idempotent: seeding twice leaves the same rows", async () => {
    const before = await snapshot();
    const summary = await runSeed();
    expect(summary).toMatchObject({ created: 0, updated: 0, retired: 0, unchanged: SEED_SET.items.length });
    expect(await snapshot()).toEqual(before);
  });

  it("repairs an edited item in place instead of duplicating it", async () => {
    const [first] = SEED_SET.items;
    await prisma.item.update({ where: { id: first!.id }, data: { back: "tampered" } });
    const summary = await runSeed();
    expect(summary.updated).toBe(1);
    expect(summary.created).toBe(0);
    const item = await prisma.item.findUniqueOrThrow({ where: { id: first!.id } });
    expect(item.back).toBe(first!.back);
    expect(await prisma.item.count()).toBe(SEED_SET.items.length);
    // the repaired content is what version 1 published: no new version for the same content
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: "kubernetes-dns" } });
    expect(set.version).toBe(1);
    expect(await prisma.questionSetVersion.count({ where: { setId: set.id } })).toBe(1);
  });

  it("gives a published set whose content changed a new version, keeping the old snapshot", async () => {
    const content = questionSetSchema.parse(SEED_SET);
    const [first, ...rest] = content.items;
    await upsertQuestionSet({ ...content, items: [{ ...first!, back: "A new model answer." }, ...rest] });
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: "kubernetes-dns" } });
    expect(set.version).toBe(2);
    const versions = await prisma.questionSetVersion.findMany({
      where: { setId: set.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(JSON.parse(versions[0]!.snapshot).items[0].back).toBe(first!.back);
    expect(JSON.parse(versions[1]!.snapshot).items[0].back).toBe("A new model answer.");
  });
});
