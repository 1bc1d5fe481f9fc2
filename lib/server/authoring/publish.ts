import "server-only";
import { prisma } from "../db";
import type { SessionUser } from "../auth";
import { failingRubricTests, plural, rubricTestCounts, setVersionAfter, type RubricTestFailure } from "../../content";
import { failure, type Failure } from "../../schemas/failure";
import { authorize } from "./access";
import { noSuchSet, type EditResult } from "./edits";
import { loadSet, storedProblems } from "./sets";

/** Publishing refused because rubric tests fail, with each failing item's results. */
export type RubricTestsFailing = Failure<"RUBRIC_TESTS_FAILING"> & {
  readonly failures: readonly RubricTestFailure[];
};

/** Thrown inside the publish transaction (which rolls back) when the set changed after it was read. */
class SetChangedWhilePublishing extends Error {
  constructor() {
    super("The set kept changing while it was being published; try again.");
  }
}

/** A publish that keeps meeting saves of the same set tries this many times. */
const MAX_PUBLISH_ATTEMPTS = 5;

/**
 * Publishes after running every free-form question's rubric tests (blocked while any fails). A set whose
 * content differs from its last published snapshot gets a new version, so past interviews keep theirs.
 *
 * Compare-and-set on the set's row: the transaction writes it only if it is unchanged since the content was
 * read (every save moves its updatedAt), else it rolls back and the publish starts over from the newer
 * content. Two publishes at once (two instances, a double click) therefore make one version, not a
 * duplicate (P2002 under PostgreSQL's READ COMMITTED), and both answer with it.
 */
export async function publishSet(
  user: SessionUser | null,
  slug: string,
): Promise<EditResult<"NOT_FOUND" | "EMPTY_SET" | "INVALID_REQUEST"> | RubricTestsFailing> {
  authorize(user);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await publishOnce(slug);
    } catch (error) {
      if (error instanceof SetChangedWhilePublishing && attempt < MAX_PUBLISH_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function publishOnce(
  slug: string,
): Promise<EditResult<"NOT_FOUND" | "EMPTY_SET" | "INVALID_REQUEST"> | RubricTestsFailing> {
  const loaded = await loadSet(slug);
  if (!loaded) return noSuchSet();
  if (loaded.content.items.length === 0) return failure("EMPTY_SET", "Add at least one item before publishing.");
  // texts saved before the rendering limits: a save would refuse them, so publishing does too
  const problems = storedProblems(loaded.content);
  if (problems.length > 0) {
    return failure("INVALID_REQUEST", `Publishing is blocked: ${problems.map((problem) => problem.message).join(" ")}`);
  }
  const failures = failingRubricTests(loaded.content.items);
  if (failures.length > 0) {
    const { failing } = rubricTestCounts(failures, loaded.content.items);
    return {
      ...failure("RUBRIC_TESTS_FAILING", `Publishing is blocked: ${plural(failing, "rubric test")} failing.`),
      failures,
    };
  }
  const alreadyPublished = loaded.row.status === "published" && loaded.row.archivedAt === null;
  const version = await prisma.$transaction(async (tx) => {
    const current = await tx.questionSetVersion.findUnique({
      where: { setId_version: { setId: loaded.row.id, version: loaded.row.version } },
    });
    const next = setVersionAfter(
      { version: loaded.row.version, snapshot: current?.snapshot ?? null },
      loaded.content,
      true,
    );
    // published as it is already (a second click, another instance's publish just won): nothing to write,
    // so a crowd of publishes does not keep moving the row the others compare against
    if (alreadyPublished && next.version === loaded.row.version && !next.snapshot) return next.version;
    const published = await tx.questionSet.updateMany({
      where: { id: loaded.row.id, updatedAt: loaded.row.updatedAt },
      data: {
        status: "published",
        version: next.version,
        archivedAt: null,
        publishedAt: loaded.row.publishedAt ?? new Date(),
      },
    });
    if (published.count !== 1) throw new SetChangedWhilePublishing();
    if (next.snapshot) {
      await tx.questionSetVersion.create({
        data: { setId: loaded.row.id, version: next.version, snapshot: JSON.stringify(loaded.content) },
      });
    }
    return next.version;
  });
  return { ok: true, message: `Published (version ${version}).` };
}

export async function setStatus(
  user: SessionUser | null,
  slug: string,
  status: "draft" | "archived",
): Promise<EditResult<"NOT_FOUND">> {
  authorize(user);
  const updated = await prisma.questionSet.updateMany({
    where: { slug },
    data: { status, archivedAt: status === "archived" ? new Date() : null },
  });
  if (updated.count === 0) return noSuchSet();
  return {
    ok: true,
    message:
      status === "archived"
        ? "Archived: hidden from learners, their history kept."
        : "Back to draft: hidden from learners.",
  };
}

/** Deletes a set only when no learner has history with it (otherwise archive it). */
export async function deleteSet(
  user: SessionUser | null,
  slug: string,
  confirm: string,
): Promise<EditResult<"INVALID_REQUEST" | "NOT_FOUND" | "HAS_HISTORY">> {
  authorize(user);
  if (confirm !== slug) {
    return failure("INVALID_REQUEST", "Type the set's slug to confirm.", { confirm: [`Type "${slug}" to confirm.`] });
  }
  const set = await prisma.questionSet.findUnique({ where: { slug }, select: { id: true } });
  if (!set) return noSuchSet();
  const [cards, interviews] = await Promise.all([
    prisma.card.count({ where: { item: { setId: set.id } } }),
    prisma.interview.count({ where: { setId: set.id } }),
  ]);
  if (cards + interviews > 0) {
    return failure(
      "HAS_HISTORY",
      `Learners have history with this set (${plural(cards, "card")}, ${plural(interviews, "interview")}): ` +
        "archive it instead, which keeps their history.",
    );
  }
  await prisma.questionSet.delete({ where: { id: set.id } });
  return { ok: true, message: "Deleted." };
}
