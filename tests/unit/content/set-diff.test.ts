import { describe, expect, it } from "vitest";
import { diffSetContent } from "../../../lib/content";
import type { QuestionSetContent } from "../../../lib/schemas/question-set";

const base: QuestionSetContent = {
  slug: "s",
  title: "S",
  description: "",
  tags: [],
  interviewMinutes: 20,
  items: [
    { id: "a", kind: "flashcard", front: "A?", back: "A.", tags: [] },
    { id: "b", kind: "flashcard", front: "B?", back: "B.", tags: [] },
    { id: "c", kind: "flashcard", front: "C?", back: "C.", tags: [] },
  ],
};

describe("diffSetContent", () => {
  it("everything is created for a new set", () => {
    const diff = diffSetContent(null, base);
    expect(diff.created.map((c) => c.id)).toEqual(["a", "b", "c"]);
    expect([diff.updated, diff.unchanged, diff.retired, diff.setFields]).toEqual([[], [], [], []]);
  });

  it("matches by stable id: created, updated with fields, unchanged, retired", () => {
    const next: QuestionSetContent = {
      ...base,
      title: "S2",
      items: [
        { id: "a", kind: "flashcard", front: "A?", back: "A.", tags: [] },
        { id: "b", kind: "flashcard", front: "B?", back: "B, edited.", tags: ["x"] },
        { id: "d", kind: "flashcard", front: "D?", back: "D.", tags: [] },
      ],
    };
    const diff = diffSetContent(base, next);
    expect(diff.created.map((c) => c.id)).toEqual(["d"]);
    expect(diff.updated).toEqual([expect.objectContaining({ id: "b", fields: ["back", "tags"] })]);
    expect(diff.unchanged.map((c) => c.id)).toEqual(["a"]);
    expect(diff.retired.map((c) => c.id)).toEqual(["c"]);
    expect(diff.setFields).toEqual(["title"]);
  });

  it("a moved item is an update of its position only", () => {
    const [a, b, c] = base.items;
    if (!a || !b || !c) throw new Error("fixture");
    const diff = diffSetContent(base, { ...base, items: [b, a, c] });
    expect(diff.updated.map((u) => [u.id, u.fields])).toEqual([
      ["b", ["position"]],
      ["a", ["position"]],
    ]);
    expect(diff.unchanged.map((u) => u.id)).toEqual(["c"]);
  });
});
