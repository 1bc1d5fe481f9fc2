import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import {
  AdminOnlyError,
  adminSetList,
  commitImport,
  createSet,
  deleteSet,
  editorItem,
  exportSet,
  markdownPreview,
  moveItem,
  previewImport,
  publishSet,
  retireItem,
  runSeed,
  saveItem,
  scenarioSample,
  setEditorView,
  setHeader,
  setStatus,
  updateSetMeta,
  upsertQuestionSet,
} from "../../../lib/server/authoring";
import type { SessionUser } from "../../../lib/server/auth";
import { questionSetSchema } from "../../../lib/schemas/question-set";

const SEED_POST = path.resolve(import.meta.dirname, "../../fixtures/seed-post/000_abd2bde263f7ba78.txt");
// a copy of shared/seed/000_abd2bde263f7ba78.txt, so the test runs on any clone
const postText = fs.readFileSync(SEED_POST, "utf8");
const postSections = postText.split("\n").filter((line) => line.startsWith("## ")).length;
const POST_SLUG = "interview-series-explain-how-kubernetes-dns-works";

let admin: SessionUser;
let learner: SessionUser;

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  const a = await prisma.user.create({ data: { email: "admin@test", passwordHash: "x", role: "admin" } });
  const l = await prisma.user.create({ data: { email: "learner@test", passwordHash: "x", role: "learner" } });
  admin = { id: a.id, email: a.email, name: null, role: "admin", mustChangePassword: false };
  learner = { id: l.id, email: l.email, name: null, role: "learner", mustChangePassword: false };
});

async function counts() {
  return {
    sets: await prisma.questionSet.count(),
    items: await prisma.item.count(),
    tests: await prisma.rubricTest.count(),
    versions: await prisma.questionSetVersion.count(),
  };
}

describe("importing the seed post as Markdown", () => {
  it("previews a new draft set with one created item per ## section, writing nothing", async () => {
    const before = await counts();
    const preview = await previewImport(admin, { format: "markdown", text: postText });
    expect(preview.errors).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.target).toMatchObject({ slug: POST_SLUG, exists: false });
    expect(preview.diff?.created).toHaveLength(postSections);
    expect(await counts()).toEqual(before);
  });

  it("commits a draft set, then a re-import is all unchanged", async () => {
    const result = await commitImport(admin, { format: "markdown", text: postText });
    expect(result.ok).toBe(true);
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: POST_SLUG }, include: { items: true } });
    expect(set.status).toBe("draft");
    expect(set.items).toHaveLength(postSections);
    expect(set.createdById).toBe(admin.id);
    const again = await previewImport(admin, { format: "markdown", text: postText });
    expect(again.target?.exists).toBe(true);
    expect(again.diff?.unchanged).toHaveLength(postSections);
    expect([again.diff?.created, again.diff?.updated, again.diff?.retired]).toEqual([[], [], []]);
  });

  it("does not touch the built-in set, whose items keep their own ids", async () => {
    const seed = await prisma.questionSet.findUniqueOrThrow({
      where: { slug: "kubernetes-dns" },
      include: { items: true },
    });
    expect(seed.status).toBe("published");
    expect(seed.items.every((item) => item.setId === seed.id)).toBe(true);
  });
});

describe("all or nothing", () => {
  const collidingJson = (slug: string) =>
    JSON.stringify(
      {
        slug,
        title: "Collides",
        items: [
          { id: `${slug}-a`, kind: "flashcard", front: "A", back: "A" },
          { id: `${slug}-b`, kind: "flashcard", front: "B", back: "B" },
          { id: "dns-name-format", kind: "flashcard", front: "C", back: "C" },
        ],
      },
      null,
      2,
    );

  it("an id owned by another set is an error on its line; committing writes nothing", async () => {
    const before = await counts();
    const preview = await previewImport(admin, { format: "json", text: collidingJson("clash") });
    expect(preview.ok).toBe(false);
    expect(preview.errors).toEqual([
      expect.objectContaining({
        line: 17,
        message: expect.stringContaining('"dns-name-format" already belongs to the set "Kubernetes DNS'),
      }),
    ]);
    const result = await commitImport(admin, { format: "json", text: collidingJson("clash") });
    expect(result.ok).toBe(false);
    expect(await counts()).toEqual(before);
    expect(await prisma.questionSet.findUnique({ where: { slug: "clash" } })).toBeNull();
  });

  it("a failure in the middle of the transaction rolls back the items already written", async () => {
    const before = await counts();
    const content = questionSetSchema.parse(JSON.parse(collidingJson("midway")));
    await expect(upsertQuestionSet(content, { status: "draft" })).rejects.toThrow(
      /already belongs to another question set/,
    );
    expect(await counts()).toEqual(before);
    expect(await prisma.item.findUnique({ where: { id: "midway-a" } })).toBeNull();
  });

  it("prefixing ids with the slug resolves the clash", async () => {
    const preview = await previewImport(admin, { format: "json", text: collidingJson("clash"), prefixIds: true });
    expect(preview.ok).toBe(true);
    expect(preview.diff?.created.map((c) => c.id)).toContain("clash-dns-name-format");
  });

  it("a malformed file reports its line errors and writes nothing", async () => {
    const before = await counts();
    const text = "---\ntitle: Broken\n---\n\n## Fine\n\nAnswer.\n\n## {#Bad Id}\n\nAnswer.\n\n## Empty\n";
    const result = await commitImport(admin, { format: "markdown", text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.preview.errors.map((error) => error.line)).toEqual([9, 13]);
    expect(await counts()).toEqual(before);
  });

  it("CSV needs a title and then creates a draft of flashcards", async () => {
    const csv = "front,back,tags\nWhat is ndots?,A threshold,dns\n";
    const untitled = await previewImport(admin, { format: "csv", text: csv });
    expect(untitled.errors[0]?.message).toMatch(/title/);
    const result = await commitImport(admin, { format: "csv", text: csv, title: "CSV cards" });
    expect(result.ok && result.slug).toBe("csv-cards");
  });
});

describe("editing, versions and learners' progress", () => {
  it("editing a published set creates a new version; cards and old snapshots survive", async () => {
    const published = await publishSet(admin, POST_SLUG);
    expect(published.ok).toBe(true);
    const set = await prisma.questionSet.findUniqueOrThrow({
      where: { slug: POST_SLUG },
      include: { items: { orderBy: { position: "asc" } } },
    });
    const first = set.items[0];
    if (!first) throw new Error("no items");
    const card = await prisma.card.create({
      data: { userId: learner.id, itemId: first.id, due: new Date(), reps: 3, state: 2, stability: 4.5 },
    });
    const found = await editorItem(admin, POST_SLUG, first.id);
    if (!found) throw new Error("item not found");
    const saved = await saveItem(admin, POST_SLUG, { ...found.item, back: `${found.item.back}\n\nEdited.` }, first.id);
    expect(saved.ok).toBe(true);
    const after = await prisma.questionSet.findUniqueOrThrow({ where: { id: set.id } });
    expect(after.version).toBe(set.version + 1);
    const versions = await prisma.questionSetVersion.findMany({
      where: { setId: set.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual([set.version, set.version + 1]);
    expect(JSON.parse(versions[0]?.snapshot ?? "{}").items[0].back).not.toContain("Edited.");
    const cardAfter = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(cardAfter).toMatchObject({ itemId: first.id, reps: 3, state: 2, stability: 4.5 });
  });

  it("an item's id cannot change; removing retires it; moves reorder", async () => {
    const view = await setEditorView(admin, POST_SLUG);
    const [a, b] = view?.items ?? [];
    if (!a || !b) throw new Error("items");
    const renamed = await saveItem(admin, POST_SLUG, { ...a.item, id: "renamed" }, a.item.id);
    expect(renamed.ok).toBe(false);
    expect((await moveItem(admin, POST_SLUG, b.item.id, "up")).ok).toBe(true);
    const moved = await setEditorView(admin, POST_SLUG);
    expect(moved?.items.slice(0, 2).map((entry) => entry.item.id)).toEqual([b.item.id, a.item.id]);
    expect((await retireItem(admin, POST_SLUG, a.item.id)).ok).toBe(true);
    const row = await prisma.item.findUniqueOrThrow({ where: { id: a.item.id } });
    expect(row.retiredAt).not.toBeNull();
    expect(await prisma.card.count({ where: { itemId: a.item.id } })).toBe(1);
  });

  it("delete is refused while learners have history; archive keeps it", async () => {
    const refused = await deleteSet(admin, POST_SLUG, POST_SLUG);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.message).toMatch(/archive it instead/);
    expect((await setStatus(admin, POST_SLUG, "archived")).ok).toBe(true);
    expect(await prisma.card.count({ where: { userId: learner.id } })).toBe(1);
    const created = await createSet(admin, { title: "Throwaway", description: "", tags: [], interviewMinutes: 20 });
    expect(created.ok).toBe(true);
    expect((await deleteSet(admin, "throwaway", "wrong")).ok).toBe(false);
    expect((await deleteSet(admin, "throwaway", "throwaway")).ok).toBe(true);
    expect(await prisma.questionSet.findUnique({ where: { slug: "throwaway" } })).toBeNull();
  });
});

describe("rubric tests", () => {
  it("run on save, are stored as RubricTest rows and block publishing until they pass", async () => {
    await createSet(admin, { title: "Rubric set", description: "", tags: [], interviewMinutes: 20 });
    const question = {
      id: "rubric-walk",
      kind: "freeform" as const,
      front: "Walk through the request.",
      back: "Model.",
      tags: [],
      scenario: "seed" as const,
      rubric: {
        synonyms: {},
        weights: {},
        misconceptions: [],
        modelAnswer: null,
        samples: [{ answer: "DNS.", verdict: "strong" as const }],
      },
    };
    const saved = await saveItem(admin, "rubric-set", question, null);
    if (!saved.ok) throw new Error(saved.message);
    expect(saved.tests[0]).toMatchObject({ pass: false, expected: "strong", actual: "weak" });
    expect(
      await prisma.rubricTest.findMany({
        where: { itemId: "rubric-walk" },
        select: { answer: true, expectedVerdict: true },
      }),
    ).toEqual([{ answer: "DNS.", expectedVerdict: "strong" }]);
    const blocked = await publishSet(admin, "rubric-set");
    if (blocked.ok || blocked.code !== "RUBRIC_TESTS_FAILING") throw new Error("publishing should be blocked");
    expect(blocked.failures[0]?.itemId).toBe("rubric-walk");
    expect(blocked.failures[0]?.results[0]?.reason).toMatch(/graded weak/);
    const fixed = {
      ...question,
      rubric: { ...question.rubric, samples: [{ answer: "DNS.", verdict: "weak" as const }] },
    };
    expect((await saveItem(admin, "rubric-set", fixed, "rubric-walk")).ok).toBe(true);
    expect((await publishSet(admin, "rubric-set")).ok).toBe(true);
  });
});

describe("export", () => {
  it.each(["markdown", "json"] as const)("%s re-imports as all unchanged", async (format) => {
    const file = await exportSet(admin, "kubernetes-dns", format);
    if (!file) throw new Error("no export");
    const preview = await previewImport(admin, { format, text: file.body });
    expect(preview.ok).toBe(true);
    expect(preview.diff?.unchanged.length).toBeGreaterThan(0);
    expect([preview.diff?.created, preview.diff?.updated, preview.diff?.retired, preview.diff?.setFields]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it("Anki TSV carries Anki's headers", async () => {
    const file = await exportSet(admin, "kubernetes-dns", "anki");
    expect(file?.body.split("\n").slice(0, 3)).toEqual(["#separator:tab", "#html:true", "#columns:Front\tBack\tTags"]);
  });
});

describe("authorization: every authoring function refuses non-admins", () => {
  const calls: [string, (user: SessionUser | null) => unknown][] = [
    ["adminSetList", (u) => adminSetList(u)],
    ["setEditorView", (u) => setEditorView(u, "kubernetes-dns")],
    ["editorItem", (u) => editorItem(u, "kubernetes-dns", "dns-name-format")],
    ["setHeader", (u) => setHeader(u, "kubernetes-dns")],
    ["previewImport", (u) => previewImport(u, { format: "markdown", text: postText })],
    ["commitImport", (u) => commitImport(u, { format: "markdown", text: postText, slug: "sneaky" })],
    ["createSet", (u) => createSet(u, { title: "Sneaky", description: "", tags: [], interviewMinutes: 20 })],
    [
      "updateSetMeta",
      (u) => updateSetMeta(u, "kubernetes-dns", { title: "Pwned", description: "", tags: [], interviewMinutes: 20 }),
    ],
    [
      "saveItem",
      (u) => saveItem(u, "kubernetes-dns", { id: "x", kind: "flashcard", front: "x", back: "x", tags: [] }, null),
    ],
    ["retireItem", (u) => retireItem(u, "kubernetes-dns", "dns-name-format")],
    ["moveItem", (u) => moveItem(u, "kubernetes-dns", "dns-name-format", "down")],
    ["publishSet", (u) => publishSet(u, "rubric-set")],
    ["setStatus", (u) => setStatus(u, "kubernetes-dns", "archived")],
    ["deleteSet", (u) => deleteSet(u, "kubernetes-dns", "kubernetes-dns")],
    ["exportSet", (u) => exportSet(u, "kubernetes-dns", "json")],
    ["markdownPreview", (u) => markdownPreview(u, "x")],
    [
      "scenarioSample",
      (u) =>
        scenarioSample(u, {
          template: "dns-names",
          generator: { difficulty: "easy", serviceKinds: [], proxyModes: [], placement: "any", resolvers: [] },
          front: "",
          seed: 1,
        }),
    ],
  ];

  it.each(calls)("%s: learner → 403, anonymous → 401, nothing changes", async (_name, call) => {
    const before = await counts();
    const seedBefore = await prisma.questionSet.findUniqueOrThrow({ where: { slug: "kubernetes-dns" } });
    const run = async (user: SessionUser | null) => {
      try {
        await call(user);
        return null;
      } catch (error) {
        return error;
      }
    };
    const asLearner = await run(learner);
    expect(asLearner).toBeInstanceOf(AdminOnlyError);
    expect((asLearner as AdminOnlyError).code).toBe("FORBIDDEN");
    const asNobody = await run(null);
    expect((asNobody as AdminOnlyError).code).toBe("UNAUTHENTICATED");
    expect(await counts()).toEqual(before);
    const seedAfter = await prisma.questionSet.findUniqueOrThrow({ where: { slug: "kubernetes-dns" } });
    expect(seedAfter).toEqual(seedBefore);
  });
});
