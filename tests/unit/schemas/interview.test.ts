import { describe, expect, it } from "vitest";
import { fieldErrorsOf, issueList } from "../../../lib/schemas/field-errors";
import {
  interviewIdSchema,
  overrideSchema,
  saveAnswerSchema,
  startInterviewSchema,
} from "../../../lib/schemas/interview";

describe("start request", () => {
  it("accepts a set, 1–10 questions and 5–60 minutes", () => {
    expect(startInterviewSchema.parse({ set: "kubernetes-dns", questions: 3, minutes: 20 })).toEqual({
      set: "kubernetes-dns",
      questions: 3,
      minutes: 20,
    });
    expect(startInterviewSchema.safeParse({ set: "kubernetes-dns", questions: 1, minutes: 5 }).success).toBe(true);
    expect(startInterviewSchema.safeParse({ set: "kubernetes-dns", questions: 10, minutes: 60 }).success).toBe(true);
  });

  it("names each field that is out of range", () => {
    const parsed = startInterviewSchema.safeParse({ set: "Not A Slug", questions: 11, minutes: 4 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const paths = issueList(fieldErrorsOf(parsed.error)).map((e) => e.path);
    expect(paths.sort()).toEqual(["minutes", "questions", "set"]);
    expect(issueList(fieldErrorsOf(parsed.error)).find((e) => e.path === "minutes")?.message).toMatch(
      /at least 5 minutes/,
    );
    expect(startInterviewSchema.safeParse({ set: "kubernetes-dns", questions: 0, minutes: 61 }).success).toBe(false);
    expect(startInterviewSchema.safeParse({ set: "kubernetes-dns", questions: 2.5, minutes: 20 }).success).toBe(false);
  });
});

describe("save request", () => {
  it("takes an answer with its revision, a flag, or both", () => {
    expect(saveAnswerSchema.safeParse({ answer: "text", revision: 1 }).success).toBe(true);
    expect(saveAnswerSchema.safeParse({ flagged: true }).success).toBe(true);
    expect(saveAnswerSchema.safeParse({ answer: "", revision: 3, flagged: false }).success).toBe(true);
  });

  it("refuses an empty body, an answer without revision, unknown fields and bad types", () => {
    expect(saveAnswerSchema.safeParse({}).success).toBe(false);
    const noRevision = saveAnswerSchema.safeParse({ answer: "text" });
    expect(noRevision.success).toBe(false);
    if (!noRevision.success) expect(Object.keys(fieldErrorsOf(noRevision.error))).toEqual(["revision"]);
    expect(saveAnswerSchema.safeParse({ answer: "x", revision: 1, score: 100 }).success).toBe(false);
    expect(saveAnswerSchema.safeParse({ answer: 42, revision: 1 }).success).toBe(false);
    expect(saveAnswerSchema.safeParse({ answer: "x", revision: 0 }).success).toBe(false);
    expect(saveAnswerSchema.safeParse({ flagged: "yes" }).success).toBe(false);
  });
});

describe("ids", () => {
  it("accepts cuids and refuses anything that could not be one", () => {
    expect(interviewIdSchema.safeParse("cmi1x2y3z0000abcd1234").success).toBe(true);
    expect(interviewIdSchema.safeParse("../etc/passwd").success).toBe(false);
    expect(interviewIdSchema.safeParse("").success).toBe(false);
    expect(overrideSchema.safeParse({ concept: "search-domain" }).success).toBe(true);
    expect(overrideSchema.safeParse({ concept: "<script>" }).success).toBe(false);
  });
});
