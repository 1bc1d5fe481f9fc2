import { describe, expect, it } from "vitest";
import { markdownFromSet, SEED_SET } from "../../../lib/content";
import { itemCandidateFromForm, itemFormValues, setMetaFormSchema } from "../../../lib/schemas/authoring";
import { listValue, postedValues, rowCount, textValue, type FormValues } from "../../../lib/schemas/form-state";
import { itemSchema, questionSetSchema } from "../../../lib/schemas/question-set";

const items = questionSetSchema.parse(SEED_SET).items;

/** The form data a browser would post for these field values (a list posts its name once per value). */
function formDataOf(values: FormValues): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) {
    for (const one of typeof value === "string" ? [value] : value) form.append(name, one);
  }
  return form;
}

describe("the item editor's fields", () => {
  it.each(items.map((item) => [item.id, item] as const))(
    "%s: the fields it shows post back the same item",
    (_id, item) => {
      const posted = itemSchema.parse(itemCandidateFromForm(formDataOf(itemFormValues(item))));
      expect(posted).toEqual(item);
    },
  );

  it("a scenario question with a client outside the cluster posts back with it; a pod client keeps the stored shape", () => {
    const scenarioItem = items.find((i) => i.kind === "scenario")!;
    if (scenarioItem.kind !== "scenario") throw new Error("the seed set has scenario items");
    const outside = { ...scenarioItem, generator: { ...scenarioItem.generator, client: "outside" as const } };
    const fields = itemFormValues(outside);
    expect(fields["generator.client"]).toBe("outside");
    expect(itemSchema.parse(itemCandidateFromForm(formDataOf(fields)))).toEqual(outside);
    const pod = itemSchema.parse(itemCandidateFromForm(formDataOf({ ...fields, "generator.client": "pod" })));
    expect(pod.kind === "scenario" && "client" in pod.generator).toBe(false);
  });

  it("a scenario question with CoreDNS autopath posts back with it; off keeps the stored shape", () => {
    const scenarioItem = items.find((i) => i.kind === "scenario")!;
    if (scenarioItem.kind !== "scenario") throw new Error("the seed set has scenario items");
    const autopath = { ...scenarioItem, generator: { ...scenarioItem.generator, autopath: true as const } };
    const fields = itemFormValues(autopath);
    expect(fields["generator.autopath"]).toBe("on");
    expect(itemSchema.parse(itemCandidateFromForm(formDataOf(fields)))).toEqual(autopath);
    const off = itemSchema.parse(itemCandidateFromForm(formDataOf({ ...fields, "generator.autopath": "off" })));
    expect(off.kind === "scenario" && "autopath" in off.generator).toBe(false);
  });

  it("keeps every posted field, lists for names posted more than once, and leaves out files and $-fields", () => {
    const form = new FormData();
    form.append("id", "my-card");
    form.append("tags", "dns, kubernetes");
    form.append("generator.proxyModes", "ipvs");
    form.append("generator.proxyModes", "nftables");
    form.append("$ACTION_ID_abc", "");
    form.append("upload", new Blob(["x"]), "x.txt");
    const values = postedValues(form);
    expect(values).toEqual({
      id: "my-card",
      tags: "dns, kubernetes",
      "generator.proxyModes": ["ipvs", "nftables"],
    });
    expect(textValue(values, "tags")).toBe("dns, kubernetes");
    expect(textValue(values, "missing")).toBe("");
    expect(listValue(values, "generator.proxyModes")).toEqual(["ipvs", "nftables"]);
    expect(listValue(values, "id")).toEqual(["my-card"]);
    expect(listValue(values, "generator.resolvers")).toEqual([]);
  });

  it("counts the rows of misconceptions and samples posted", () => {
    expect(
      rowCount({ "samples.0.answer": "a", "samples.3.verdict": "weak", "misconceptions.1.id": "x" }, "samples"),
    ).toBe(4);
    expect(rowCount({ "samples.0.answer": "a" }, "misconceptions")).toBe(0);
  });
});

describe("line breaks typed in a browser form are stored as LF (regression: CRLF reached the Markdown export)", () => {
  const crlf = "First line.\r\n\r\nSecond line\rthird.";

  it("in an item's question, answer, model answer and sample answers", () => {
    const form = formDataOf({
      id: "crlf-card",
      kind: "freeform",
      front: crlf,
      back: crlf,
      tags: "",
      scenario: "seed",
      modelAnswer: crlf,
      "synonyms.dnat": "rewrite\r\nswap the address",
      "samples.0.answer": crlf,
      "samples.0.verdict": "weak",
    });
    const item = itemSchema.parse(itemCandidateFromForm(form));
    if (item.kind !== "freeform") throw new Error("a free-form item");
    const lf = "First line.\n\nSecond line\nthird.";
    expect([item.front, item.back, item.rubric?.modelAnswer, item.rubric?.samples[0]?.answer]).toEqual([
      lf,
      lf,
      lf,
      lf,
    ]);
    expect(item.rubric?.synonyms.dnat).toEqual(["rewrite", "swap the address"]);
    const exported = markdownFromSet(
      questionSetSchema.parse({
        slug: "crlf",
        title: "CRLF",
        items: [{ ...item, kind: "flashcard", rubric: undefined }],
      }),
    );
    expect(exported).not.toContain("\r");
  });

  it("in a set's description", () => {
    const parsed = setMetaFormSchema.parse({ title: "T", description: crlf, tags: "", interviewMinutes: "20" });
    expect(parsed.description).toBe("First line.\n\nSecond line\nthird.");
  });
});
