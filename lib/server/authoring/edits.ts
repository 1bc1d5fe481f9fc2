import "server-only";
import { prisma } from "../db";
import type { SessionUser } from "../auth";
import { runRubricTests, slugFromText, type RubricTestResult } from "../../content";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Failure, type FailureCode, type Result } from "../../schemas/failure";
import { questionSetSchema, slugSchema, type ItemContent, type QuestionSetContent } from "../../schemas/question-set";
import { authorize } from "./access";
import { loadSet } from "./sets";
import { ItemIdTaken, upsertQuestionSet } from "./store";

/** What an edit answers: a message for the admin, or why it was refused. */
export type EditResult<Code extends FailureCode = FailureCode> = Result<{ readonly message: string }, Code>;

export const noSuchSet = () => failure("NOT_FOUND", "No such set.");

export async function createSet(
  user: SessionUser | null,
  fields: { title: string; slug?: string | undefined; description: string; tags: string[]; interviewMinutes: number },
): Promise<Result<{ slug: string }, "INVALID_REQUEST" | "SLUG_TAKEN">> {
  authorize(user);
  const slug = fields.slug ?? slugFromText(fields.title, 80);
  if (!slugSchema.safeParse(slug).success) {
    return failure("INVALID_REQUEST", "Check the slug.", { slug: ["Use lower-case words joined by '-'."] });
  }
  if (await prisma.questionSet.findUnique({ where: { slug }, select: { id: true } })) {
    return failure("SLUG_TAKEN", "That slug is taken.", { slug: [`A set with the slug "${slug}" exists already.`] });
  }
  await upsertQuestionSet(questionSetSchema.parse({ ...fields, slug, items: [] }), {
    status: "draft",
    createdById: user.id,
  });
  return { ok: true, slug };
}

/** Loads the set, applies `change`, validates and saves it (a published set's change gets a new version). */
type EditCode = "NOT_FOUND" | "INVALID_REQUEST" | "ID_TAKEN";

async function editContent(
  slug: string,
  change: (content: QuestionSetContent) => QuestionSetContent | Failure<EditCode>,
): Promise<EditResult<EditCode>> {
  const loaded = await loadSet(slug);
  if (!loaded) return noSuchSet();
  const next = change(loaded.content);
  if ("ok" in next) return next;
  const valid = questionSetSchema.safeParse(next);
  if (!valid.success) return failure("INVALID_REQUEST", errorSummary(fieldErrorsOf(valid.error)));
  try {
    const summary = await upsertQuestionSet(valid.data);
    const bumped = summary.version !== loaded.row.version;
    return { ok: true, message: bumped ? `Saved as version ${summary.version}.` : "Saved." };
  } catch (error) {
    if (error instanceof ItemIdTaken) return failure("ID_TAKEN", error.message);
    throw error;
  }
}

export async function updateSetMeta(
  user: SessionUser | null,
  slug: string,
  fields: { title: string; description: string; tags: string[]; interviewMinutes: number },
): Promise<EditResult<EditCode>> {
  authorize(user);
  return editContent(slug, (content) => ({ ...content, ...fields }));
}

/** Adds (originalId null) or replaces an item. Ids are stable: an existing item keeps its id. */
export async function saveItem(
  user: SessionUser | null,
  slug: string,
  item: ItemContent,
  originalId: string | null,
): Promise<Result<{ message: string; tests: RubricTestResult[] }, EditCode | "ID_CHANGED">> {
  authorize(user);
  if (originalId === null) {
    const taken = await prisma.item.findUnique({
      where: { id: item.id },
      select: { set: { select: { slug: true, title: true } } },
    });
    if (taken && taken.set.slug !== slug) {
      return failure("ID_TAKEN", "That id is taken.", {
        id: [`"${item.id}" belongs to the set "${taken.set.title}".`],
      });
    }
  } else if (item.id !== originalId) {
    return failure("ID_CHANGED", "An item's id cannot change (learners' progress follows it).");
  }
  const result = await editContent(slug, (content) => {
    const index = content.items.findIndex((existing) => existing.id === (originalId ?? item.id));
    if (originalId === null && index !== -1) {
      return failure("ID_TAKEN", `An item with the id "${item.id}" is already in this set.`);
    }
    if (originalId !== null && index === -1) return failure("NOT_FOUND", "That item is no longer in this set.");
    const items = [...content.items];
    if (index === -1) items.push(item);
    else items[index] = item;
    return { ...content, items };
  });
  if (!result.ok) return result;
  return { ...result, tests: item.kind === "freeform" ? runRubricTests(item) : [] };
}

/** Removes an item from the set; it is retired, not deleted, so learners' cards and results still resolve. */
export async function retireItem(
  user: SessionUser | null,
  slug: string,
  itemId: string,
): Promise<EditResult<EditCode>> {
  authorize(user);
  return editContent(slug, (content) => ({ ...content, items: content.items.filter((item) => item.id !== itemId) }));
}

export async function moveItem(
  user: SessionUser | null,
  slug: string,
  itemId: string,
  direction: "up" | "down",
): Promise<EditResult<EditCode>> {
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
