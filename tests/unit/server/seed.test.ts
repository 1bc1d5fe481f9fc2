import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import { SEED_SET } from "../../../lib/content/seed-set";

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
    // the post asks seven questions after the opening scenario
    expect(set.items.filter((i) => i.kind === "flashcard")).toHaveLength(7);
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
    // a published set whose content changed gets a new version (old snapshot kept)
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: "kubernetes-dns" } });
    expect(set.version).toBe(2);
    expect(await prisma.questionSetVersion.count({ where: { setId: set.id } })).toBe(2);
  });
});
