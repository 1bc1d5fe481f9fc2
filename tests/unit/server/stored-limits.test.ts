/**
 * Items saved before the Markdown rendering limits (hostile input, item 6): 20,000 nested `>` passed save
 * and publish, and then the set, study and admin pages answered 500 for everyone. Such rows are still in
 * databases. They must render as plain text, and the editor must open with the field to fix named, instead
 * of loadSet throwing; saves and publishing stay refused until the text is fixed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { editorItem, exportSet, publishSet, runSeed, saveItem, setEditorView } from "../../../lib/server/authoring";
import { getSetView } from "../../../lib/server/catalog";
import { snapshotItems } from "../../../lib/server/interviews/snapshot";
import type { SessionUser } from "../../../lib/server/auth";
import type { ItemContent } from "../../../lib/schemas/question-set";

const SLUG = "kubernetes-dns";
const DEEP = `intro\n\n${"> ".repeat(20_000)}deep`;
let admin: SessionUser;
let itemId = "";

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  const row = await prisma.user.create({ data: { email: "admin@test", passwordHash: "x", role: "admin" } });
  admin = { id: row.id, email: row.email, name: null, role: "admin", mustChangePassword: false };
  // as an earlier version saved it: straight into the row, past today's save rules
  const item = await prisma.item.findFirstOrThrow({
    where: { set: { slug: SLUG }, kind: "flashcard", retiredAt: null },
    orderBy: { position: "asc" },
  });
  itemId = item.id;
  await prisma.item.update({ where: { id: item.id }, data: { back: DEEP } });
});

describe("stored items past the Markdown limits (issue 14, item 6)", () => {
  it("the set page renders the text as escaped plain paragraphs", async () => {
    const view = await getSetView(SLUG, null);
    const item = view?.items.find((candidate) => candidate.id === itemId);
    expect(item?.backHtml.startsWith("<p>intro</p>")).toBe(true);
    expect(item?.backHtml).toContain("<p>&gt; &gt; &gt; ".replaceAll("&gt;", ">"));
    expect(item?.backHtml).not.toContain("<blockquote>");
  });

  it("the set editor opens and names the item and field to fix", async () => {
    const view = await setEditorView(admin, SLUG);
    expect(view?.items.some((entry) => entry.item.id === itemId)).toBe(true);
    const index = view?.items.findIndex((entry) => entry.item.id === itemId) ?? -1;
    expect(view?.problems).toEqual([
      {
        itemId,
        message: `Question ${index + 1}'s answer must nest block quotes and lists at most 16 deep; they nest 20,000 deep on line 3 of the text.`,
      },
    ]);
  });

  it("the item editor opens with the error on its field", async () => {
    const found = await editorItem(admin, SLUG, itemId);
    expect(found?.item.back).toBe(DEEP);
    expect(found?.fieldErrors).toEqual({
      back: ["must nest block quotes and lists at most 16 deep; they nest 20,000 deep on line 3 of the text"],
    });
  });

  it("publishing is refused with the reason, and the export still answers", async () => {
    const result = await publishSet(admin, SLUG);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe("INVALID_REQUEST");
    expect(!result.ok && result.message).toMatch(/^Publishing is blocked: Question \d+'s answer must nest/);
    const exported = await exportSet(admin, SLUG, "markdown");
    expect(exported?.body.includes("> > > ")).toBe(true);
  });

  it("an interview's items read from the live rows keep the item", async () => {
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SLUG } });
    const items = await snapshotItems(prisma, set.id, -1);
    expect(items.find((item) => item.id === itemId)?.back).toBe(DEEP);
  });

  it("saving the fixed text clears the problem", async () => {
    const found = await editorItem(admin, SLUG, itemId);
    if (!found) throw new Error("the item is there");
    const fixed: ItemContent = { ...found.item, back: "intro\n\n> shallow" };
    const saved = await saveItem(admin, SLUG, fixed, itemId);
    expect(saved.ok).toBe(true);
    expect((await setEditorView(admin, SLUG))?.problems).toEqual([]);
    expect((await editorItem(admin, SLUG, itemId))?.fieldErrors).toEqual({});
  });
});
