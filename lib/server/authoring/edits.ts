import { prisma } from "../db";
import { upsertQuestionSet } from "./store";
import { type SessionUser } from "../auth";
import { runRubricTests, slugFromText, type RubricTestResult } from "../../content";
import { questionSetSchema, slugSchema, type ItemContent, type QuestionSetContent } from "../../schemas/question-set";
import { authorize } from "./access";
import { loadSet } from "./sets";

export type ActionResult =
  | { readonly ok: true; readonly message?: string }
  | { readonly ok: false; readonly message: string; readonly fieldErrors?: Record<string, string[]> };

export async function createSet(
  user: SessionUser | null,
  fields: { title: string; slug?: string | undefined; description: string; tags: string[]; interviewMinutes: number },
): Promise<ActionResult & { slug?: string }> {
  authorize(user);
  const slug = fields.slug ?? slugFromText(fields.title, 80);
  if (!slugSchema.safeParse(slug).success) {
    return { ok: false, message: "Check the slug.", fieldErrors: { slug: ["Use lower-case words joined by '-'."] } };
  }
  if (await prisma.questionSet.findUnique({ where: { slug }, select: { id: true } })) {
    return {
      ok: false,
      message: "That slug is taken.",
      fieldErrors: { slug: [`A set with the slug "${slug}" exists already.`] },
    };
  }
  await upsertQuestionSet(questionSetSchema.parse({ ...fields, slug, items: [] }), {
    status: "draft",
    createdById: user.id,
  });
  return { ok: true, slug };
}

async function editContent(
  slug: string,
  change: (content: QuestionSetContent) => QuestionSetContent | string,
): Promise<ActionResult> {
  const loaded = await loadSet(slug);
  if (!loaded) return { ok: false, message: "No such set." };
  const next = change(loaded.content);
  if (typeof next === "string") return { ok: false, message: next };
  const valid = questionSetSchema.safeParse(next);
  if (!valid.success) return { ok: false, message: valid.error.issues[0]?.message ?? "Invalid content." };
  try {
    const summary = await upsertQuestionSet(valid.data);
    const bumped = summary.version !== loaded.row.version;
    return { ok: true, message: bumped ? `Saved as version ${summary.version}.` : "Saved." };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "Saving failed." };
  }
}

export async function updateSetMeta(
  user: SessionUser | null,
  slug: string,
  fields: { title: string; description: string; tags: string[]; interviewMinutes: number },
): Promise<ActionResult> {
  authorize(user);
  return editContent(slug, (content) => ({ ...content, ...fields }));
}

/** Adds (originalId null) or replaces an item. Ids are stable: an existing item keeps its id. */
export async function saveItem(
  user: SessionUser | null,
  slug: string,
  item: ItemContent,
  originalId: string | null,
): Promise<ActionResult & { tests?: RubricTestResult[] }> {
  authorize(user);
  if (originalId === null) {
    const taken = await prisma.item.findUnique({
      where: { id: item.id },
      select: { set: { select: { slug: true, title: true } } },
    });
    if (taken && taken.set.slug !== slug) {
      return {
        ok: false,
        message: "That id is taken.",
        fieldErrors: { id: [`"${item.id}" belongs to the set "${taken.set.title}".`] },
      };
    }
  } else if (item.id !== originalId) {
    return { ok: false, message: "An item's id cannot change (learners' progress follows it)." };
  }
  const result = await editContent(slug, (content) => {
    const index = content.items.findIndex((existing) => existing.id === (originalId ?? item.id));
    if (originalId === null && index !== -1) return `An item with the id "${item.id}" is already in this set.`;
    if (originalId !== null && index === -1) return "That item is no longer in this set.";
    const items = [...content.items];
    if (index === -1) items.push(item);
    else items[index] = item;
    return { ...content, items };
  });
  if (!result.ok) return result;
  return { ...result, tests: item.kind === "freeform" ? runRubricTests(item) : [] };
}

/** Removes an item from the set; it is retired, not deleted, so learners' cards and results still resolve. */
export async function retireItem(user: SessionUser | null, slug: string, itemId: string): Promise<ActionResult> {
  authorize(user);
  return editContent(slug, (content) => ({ ...content, items: content.items.filter((item) => item.id !== itemId) }));
}

export async function moveItem(
  user: SessionUser | null,
  slug: string,
  itemId: string,
  direction: "up" | "down",
): Promise<ActionResult> {
  authorize(user);
  return editContent(slug, (content) => {
    const index = content.items.findIndex((item) => item.id === itemId);
    const target = direction === "up" ? index - 1 : index + 1;
    if (index === -1 || target < 0 || target >= content.items.length) return content;
    const items = [...content.items];
    const [moved] = items.splice(index, 1);
    if (moved) items.splice(target, 0, moved);
    return { ...content, items };
  });
}
