import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dottedPath, errorSummary, fieldErrorsOf, formField, issueList } from "../../../lib/schemas/field-errors";

const schema = z
  .object({ name: z.string().min(1, "is empty"), tags: z.array(z.string().max(3, "is long")) })
  .refine((v) => v.name !== "root", { message: "not that name" });

function errorOf(value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected the value to fail");
  return parsed.error;
}

describe("fieldErrorsOf", () => {
  it("keys messages by dotted path, in issue order", () => {
    expect(fieldErrorsOf(errorOf({ name: "", tags: ["ok", "long", "longer"] }))).toEqual({
      name: ["is empty"],
      "tags.1": ["is long"],
      "tags.2": ["is long"],
    });
  });

  it("keys them by top-level field for flat forms, the whole form under `form`", () => {
    expect(fieldErrorsOf(errorOf({ name: "", tags: ["long"] }), formField)).toEqual({
      name: ["is empty"],
      tags: ["is long"],
    });
    expect(fieldErrorsOf(errorOf({ name: "root", tags: [] }), formField)).toEqual({ form: ["not that name"] });
  });

  it("takes a form's own mapping of paths to fields", () => {
    const errors = fieldErrorsOf(errorOf({ name: "", tags: ["long"] }), (path) => `field-${dottedPath(path)}`);
    expect(Object.keys(errors)).toEqual(["field-name", "field-tags.0"]);
  });

  it("lists and summarises them the way JSON bodies and messages show them", () => {
    const errors = fieldErrorsOf(errorOf({ name: "root", tags: ["long"] }));
    expect(issueList(errors)).toEqual([
      { path: "tags.0", message: "is long" },
      { path: "", message: "not that name" },
    ]);
    expect(errorSummary(errors)).toBe("tags.0: is long; not that name");
  });
});
