"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/lib/server/auth";
import {
  commitImport,
  createSet,
  deleteSet,
  markdownPreview,
  moveItem,
  previewImport,
  publishSet,
  retireItem,
  saveItem,
  scenarioSample,
  setStatus,
  updateSetMeta,
  type ImportCommit,
  type ImportPreview,
  type ScenarioSample,
} from "@/lib/server/authoring";
import { plural, type RubricTestFailure, type RubricTestResult } from "@/lib/content";
import { errorSummary, fieldErrorsOf, formField } from "@/lib/schemas/field-errors";
import { failure, type Result } from "@/lib/schemas/failure";
import { postedValues, type FormState } from "@/lib/schemas/form-state";
import {
  deleteSetFormSchema,
  importRequestSchema,
  itemCandidateFromForm,
  itemFieldOf,
  itemFormValues,
  moveFormSchema,
  newSetFormSchema,
  sampleScenarioSchema,
  setMetaFormSchema,
  slugParamSchema,
} from "@/lib/schemas/authoring";
import { itemIdSchema, itemSchema } from "@/lib/schemas/question-set";

/**
 * Server actions of the admin area. Each one checks the admin role itself (requireAdmin: anonymous →
 * sign-in, learners → 403), validates its input with zod, then calls lib/server/authoring.
 */

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

const fieldErrors = (error: z.ZodError) => fieldErrorsOf(error, formField);

// ---------------------------------------------------------------- sets

export async function createSetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireAdmin("/admin/sets/new");
  const values = postedValues(form);
  const parsed = newSetFormSchema.safeParse({
    title: text(form, "title"),
    slug: text(form, "slug"),
    description: text(form, "description"),
    tags: text(form, "tags"),
    interviewMinutes: text(form, "interviewMinutes") || "20",
  });
  if (!parsed.success) {
    return { message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values };
  }
  const result = await createSet(user, parsed.data);
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values };
  revalidatePath("/admin");
  redirect(`/admin/sets/${result.slug}`);
}

export async function updateSetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const slug = slugParamSchema.safeParse(text(form, "slug"));
  const user = await requireAdmin(slug.success ? `/admin/sets/${slug.data}` : "/admin");
  if (!slug.success) return { message: "Unknown set." };
  const values = postedValues(form);
  const parsed = setMetaFormSchema.safeParse({
    title: text(form, "title"),
    description: text(form, "description"),
    tags: text(form, "tags"),
    interviewMinutes: text(form, "interviewMinutes"),
  });
  if (!parsed.success) {
    return { message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values };
  }
  const result = await updateSetMeta(user, slug.data, parsed.data);
  revalidatePath(`/admin/sets/${slug.data}`);
  return result.ok ? { ok: true, message: result.message } : { message: result.message, values };
}

export interface PublishState extends FormState {
  readonly failures?: readonly RubricTestFailure[];
}

export async function setStatusAction(_prev: PublishState, form: FormData): Promise<PublishState> {
  const user = await requireAdmin("/admin");
  const parsed = z
    .object({ slug: slugParamSchema, status: z.enum(["published", "draft", "archived"]) })
    .safeParse({ slug: text(form, "slug"), status: text(form, "status") });
  if (!parsed.success) return { message: "Invalid request." };
  const { slug, status } = parsed.data;
  const result = status === "published" ? await publishSet(user, slug) : await setStatus(user, slug, status);
  revalidatePath("/admin");
  revalidatePath(`/admin/sets/${slug}`);
  revalidatePath("/sets");
  if (result.ok) return { ok: true, message: result.message };
  return { message: result.message, ...(result.code === "RUBRIC_TESTS_FAILING" ? { failures: result.failures } : {}) };
}

export async function deleteSetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireAdmin("/admin");
  const parsed = deleteSetFormSchema.safeParse({ slug: text(form, "slug"), confirm: text(form, "confirm") });
  if (!parsed.success) return { message: "Invalid request." };
  const result = await deleteSet(user, parsed.data.slug, parsed.data.confirm);
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors };
  revalidatePath("/admin");
  redirect("/admin?deleted=1");
}

// ---------------------------------------------------------------- items

export interface ItemFormState extends FormState {
  readonly tests?: readonly RubricTestResult[];
}

export async function saveItemAction(_prev: ItemFormState, form: FormData): Promise<ItemFormState> {
  const slug = slugParamSchema.safeParse(text(form, "slug"));
  const user = await requireAdmin(slug.success ? `/admin/sets/${slug.data}` : "/admin");
  if (!slug.success) return { message: "Unknown set." };
  // a refused save shows every field as it was posted (React resets the form once the action has run)
  const values = postedValues(form);
  const originalRaw = text(form, "originalId");
  const original = originalRaw ? itemIdSchema.safeParse(originalRaw) : null;
  if (original && !original.success) return { message: "Unknown item.", values };
  const parsed = itemSchema.safeParse(itemCandidateFromForm(form));
  if (!parsed.success) {
    return { message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error, itemFieldOf), values };
  }
  const result = await saveItem(user, slug.data, parsed.data, original ? original.data : null);
  revalidatePath(`/admin/sets/${slug.data}`);
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values };
  if (!original) redirect(`/admin/sets/${slug.data}/items/${parsed.data.id}?created=1`);
  const failing = result.tests.filter((test) => !test.pass).length;
  return {
    ok: true,
    message: failing > 0 ? `${result.message} ${plural(failing, "rubric test")} failing.` : result.message,
    tests: result.tests,
    values: { ...values, ...itemFormValues(parsed.data) },
  };
}

export async function itemListAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireAdmin("/admin");
  const intent = text(form, "intent");
  if (intent === "retire") {
    const parsed = z
      .object({ slug: slugParamSchema, itemId: itemIdSchema })
      .safeParse({ slug: text(form, "slug"), itemId: text(form, "itemId") });
    if (!parsed.success) return { message: "Invalid request." };
    const result = await retireItem(user, parsed.data.slug, parsed.data.itemId);
    revalidatePath(`/admin/sets/${parsed.data.slug}`);
    return result.ok
      ? { ok: true, message: `Removed "${parsed.data.itemId}" (kept for learners' history).` }
      : { message: result.message };
  }
  const parsed = moveFormSchema.safeParse({
    slug: text(form, "slug"),
    itemId: text(form, "itemId"),
    direction: text(form, "direction"),
  });
  if (!parsed.success) return { message: "Invalid request." };
  const result = await moveItem(user, parsed.data.slug, parsed.data.itemId, parsed.data.direction);
  revalidatePath(`/admin/sets/${parsed.data.slug}`);
  return result.ok
    ? { ok: true, message: `Moved "${parsed.data.itemId}" ${parsed.data.direction}.` }
    : { message: result.message };
}

/** Live preview of Markdown: rendered and sanitised on the server, never in the browser. */
export async function previewMarkdownAction(markdown: string): Promise<string> {
  const user = await requireAdmin("/admin");
  return markdownPreview(user, typeof markdown === "string" ? markdown : "");
}

/** "Generate a sample" of a scenario item being edited (lib/server/authoring scenarioSample). */
export async function scenarioSampleAction(input: unknown): Promise<Result<ScenarioSample>> {
  const user = await requireAdmin("/admin");
  const parsed = sampleScenarioSchema.safeParse(input);
  if (!parsed.success) return failure("INVALID_REQUEST", errorSummary(fieldErrorsOf(parsed.error)));
  return scenarioSample(user, parsed.data);
}

// ---------------------------------------------------------------- import

export interface ImportState {
  readonly preview?: ImportPreview;
  readonly committed?: Extract<ImportCommit, { ok: true }>;
  readonly message?: string;
}

function importInput(form: FormData) {
  return {
    format: text(form, "format"),
    text: text(form, "text"),
    slug: text(form, "slug") || undefined,
    title: text(form, "title") || undefined,
    prefixIds: text(form, "prefixIds") === "on",
  };
}

export async function importAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const user = await requireAdmin("/admin/import");
  const input = importInput(form);
  const checked = importRequestSchema.safeParse(input);
  if (!checked.success) return { message: errorSummary(fieldErrorsOf(checked.error)) };
  if (text(form, "intent") === "commit") {
    const result = await commitImport(user, checked.data);
    if (!result.ok) return { preview: result.preview, message: "Nothing was imported." };
    revalidatePath("/admin");
    return { committed: result, message: `Imported "${result.slug}".` };
  }
  return { preview: await previewImport(user, checked.data) };
}
