import { prisma } from "../db";
import { type SessionUser } from "../auth";
import { runRubricTests, stableJson, type RubricTestResult } from "../../content";
import { authorize } from "./access";
import { loadSet } from "./sets";
import type { ActionResult } from "./edits";

export interface PublishFailure {
  readonly itemId: string;
  readonly front: string;
  readonly results: readonly RubricTestResult[];
}

/**
 * Publishes after running every free-form question's rubric tests (blocked while any fails). A set whose
 * content differs from its last published snapshot gets a new version, so past interviews keep theirs.
 */
export async function publishSet(
  user: SessionUser | null,
  slug: string,
): Promise<ActionResult & { failures?: PublishFailure[] }> {
  authorize(user);
  const loaded = await loadSet(slug);
  if (!loaded) return { ok: false, message: "No such set." };
  if (loaded.content.items.length === 0) return { ok: false, message: "Add at least one item before publishing." };
  const failures: PublishFailure[] = [];
  for (const item of loaded.content.items) {
    if (item.kind !== "freeform") continue;
    const results = runRubricTests(item);
    if (results.some((result) => !result.pass)) failures.push({ itemId: item.id, front: item.front, results });
  }
  if (failures.length > 0) {
    const count = failures.reduce((sum, failure) => sum + failure.results.filter((r) => !r.pass).length, 0);
    return {
      ok: false,
      message: `Publishing is blocked: ${count} rubric test${count === 1 ? "" : "s"} failing.`,
      failures,
    };
  }
  const snapshot = stableJson(loaded.content);
  const version = await prisma.$transaction(async (tx) => {
    const current = await tx.questionSetVersion.findUnique({
      where: { setId_version: { setId: loaded.row.id, version: loaded.row.version } },
    });
    const same = current !== null && stableJson(JSON.parse(current.snapshot)) === snapshot;
    const next = current === null || same ? loaded.row.version : loaded.row.version + 1;
    await tx.questionSet.update({
      where: { id: loaded.row.id },
      data: { status: "published", version: next, archivedAt: null, publishedAt: loaded.row.publishedAt ?? new Date() },
    });
    if (!same) {
      await tx.questionSetVersion.create({
        data: { setId: loaded.row.id, version: next, snapshot: JSON.stringify(loaded.content) },
      });
    }
    return next;
  });
  return { ok: true, message: `Published (version ${version}).` };
}

export async function setStatus(
  user: SessionUser | null,
  slug: string,
  status: "draft" | "archived",
): Promise<ActionResult> {
  authorize(user);
  const updated = await prisma.questionSet.updateMany({
    where: { slug },
    data: { status, archivedAt: status === "archived" ? new Date() : null },
  });
  if (updated.count === 0) return { ok: false, message: "No such set." };
  return {
    ok: true,
    message:
      status === "archived"
        ? "Archived: hidden from learners, their history kept."
        : "Back to draft: hidden from learners.",
  };
}

/** Deletes a set only when no learner has history with it (otherwise archive it). */
export async function deleteSet(user: SessionUser | null, slug: string, confirm: string): Promise<ActionResult> {
  authorize(user);
  if (confirm !== slug)
    return {
      ok: false,
      message: "Type the set's slug to confirm.",
      fieldErrors: { confirm: [`Type "${slug}" to confirm.`] },
    };
  const set = await prisma.questionSet.findUnique({ where: { slug }, select: { id: true } });
  if (!set) return { ok: false, message: "No such set." };
  const [cards, interviews] = await Promise.all([
    prisma.card.count({ where: { item: { setId: set.id } } }),
    prisma.interview.count({ where: { setId: set.id } }),
  ]);
  if (cards + interviews > 0) {
    return {
      ok: false,
      message: `Learners have history with this set (${cards} card${cards === 1 ? "" : "s"}, ${interviews} interview${interviews === 1 ? "" : "s"}): archive it instead, which keeps their history.`,
    };
  }
  await prisma.questionSet.delete({ where: { id: set.id } });
  return { ok: true, message: "Deleted." };
}
