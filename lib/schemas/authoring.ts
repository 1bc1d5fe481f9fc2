import { z } from "zod";
import { withLf, type FormValue } from "./form-state";
import { CONCEPT_IDS } from "./grade";
import { MAX_MINUTES, MIN_MINUTES } from "./interview-limits";
import { generatorOptionsSchema, itemIdSchema, scenarioTemplates, slugSchema, type ItemContent } from "./question-set";

/** Bodies of the admin authoring forms and routes (lib/server/authoring), parsed with safeParse at the edge. */

export const IMPORT_FORMATS = ["markdown", "json", "csv", "tsv"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const EXPORT_FORMATS = ["markdown", "json", "csv", "tsv", "anki"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/** 2 MB of text is at most 2 Mi UTF-16 units; the importer measures bytes and says so clearly. */
export const importRequestSchema = z.object({
  format: z.enum(IMPORT_FORMATS, { message: "Choose markdown, json, csv or tsv." }),
  text: z
    .string()
    .max(2 * 1024 * 1024 + 1, "The file is over 2 MB; imports are limited to 2 MB.")
    .transform(withLf),
  /** import under this slug instead of the file's (e.g. to avoid replacing an existing set) */
  slug: optionalText(80).pipe(slugSchema.optional()),
  /** CSV/TSV carry no title: it names the new set */
  title: optionalText(200),
  /** prefix every item id with the set slug, so ids cannot collide with another set's */
  prefixIds: z.boolean().default(false),
});
export type ImportRequest = z.input<typeof importRequestSchema>;
export type ImportRequestFields = z.output<typeof importRequestSchema>;

/** The format an uploaded file name suggests. */
export function formatFromFilename(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  if (/\.(md|markdown|txt)$/.test(lower)) return "markdown";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".tsv") || lower.endsWith(".tab")) return "tsv";
  return null;
}

const tagList = z
  .string()
  .max(2_000)
  .transform((value) =>
    value
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  );

export const setMetaFormSchema = z.object({
  title: z.string().trim().min(1, "Give the set a title.").max(200, "At most 200 characters."),
  description: z.string().max(5_000, "At most 5,000 characters.").default("").transform(withLf),
  tags: tagList.pipe(z.array(z.string().max(40, "Each tag is at most 40 characters.")).max(30, "At most 30 tags.")),
  interviewMinutes: z.coerce
    .number({ message: "Enter a number of minutes." })
    .int("Whole minutes.")
    .min(MIN_MINUTES, `At least ${MIN_MINUTES} minutes.`)
    .max(MAX_MINUTES, `At most ${MAX_MINUTES} minutes.`),
});

export const newSetFormSchema = setMetaFormSchema.extend({
  slug: z
    .string()
    .trim()
    .max(80)
    .transform((value) => value || undefined)
    .pipe(slugSchema.optional()),
});

export const slugParamSchema = slugSchema;
export const itemIdParamSchema = itemIdSchema;

export const itemKindSchema = z.enum(["flashcard", "freeform", "scenario"]);

export const moveFormSchema = z.object({
  slug: slugSchema,
  itemId: itemIdSchema,
  direction: z.enum(["up", "down"]),
});

export const deleteSetFormSchema = z.object({
  slug: slugSchema,
  confirm: z.string().trim(),
});

/** Form fields of the item editor, turned into the content format (lib/schemas/question-set.ts). */
export interface ItemFormErrors {
  readonly [field: string]: readonly string[] | undefined;
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A posted field's text, its line breaks as LF (browsers post a textarea's as CRLF). */
function formString(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? withLf(value) : "";
}

/**
 * The editor posts flat fields (`weight.dnat`, `synonyms.dnat`, `misconceptions.0.patterns`, `samples.1.verdict`,
 * `generator.proxyModes`); this builds the item candidate that `itemSchema` validates.
 */
export function itemCandidateFromForm(form: FormData): Record<string, unknown> {
  const kind = formString(form, "kind");
  const candidate: Record<string, unknown> = {
    id: formString(form, "id").trim(),
    kind,
    front: formString(form, "front"),
    back: formString(form, "back"),
    tags: formString(form, "tags")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  };
  if (kind === "freeform") {
    const scenario = formString(form, "scenario").trim();
    candidate.scenario = scenario === "" || scenario === "seed" ? "seed" : parseJsonOr(scenario);
    const weights: Record<string, number> = {};
    const synonyms: Record<string, string[]> = {};
    for (const id of CONCEPT_IDS) {
      const weight = formString(form, `weight.${id}`).trim();
      if (weight !== "") weights[id] = Number(weight);
      const words = lines(formString(form, `synonyms.${id}`));
      if (words.length > 0) synonyms[id] = words;
    }
    const misconceptions: Record<string, unknown>[] = [];
    const samples: Record<string, unknown>[] = [];
    for (let i = 0; i < 50; i += 1) {
      const id = formString(form, `misconceptions.${i}.id`).trim();
      const patterns = lines(formString(form, `misconceptions.${i}.patterns`));
      const explanation = formString(form, `misconceptions.${i}.explanation`).trim();
      const label = formString(form, `misconceptions.${i}.label`).trim();
      if (id || patterns.length > 0 || explanation) {
        misconceptions.push({ id, patterns, explanation, ...(label ? { label } : {}) });
      }
    }
    for (let i = 0; i < 100; i += 1) {
      const answer = formString(form, `samples.${i}.answer`);
      const verdict = formString(form, `samples.${i}.verdict`);
      const expectedMisconceptions = formString(form, `samples.${i}.misconceptions`)
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean);
      if (answer.trim() !== "") {
        samples.push({
          answer,
          verdict,
          ...(expectedMisconceptions.length > 0 ? { misconceptions: expectedMisconceptions } : {}),
        });
      }
    }
    const modelAnswer = formString(form, "modelAnswer");
    const empty =
      Object.keys(weights).length === 0 &&
      Object.keys(synonyms).length === 0 &&
      misconceptions.length === 0 &&
      samples.length === 0 &&
      modelAnswer.trim() === "";
    candidate.rubric = empty
      ? null
      : { weights, synonyms, misconceptions, samples, modelAnswer: modelAnswer.trim() ? modelAnswer : null };
  }
  if (kind === "scenario") {
    candidate.template = formString(form, "template");
    candidate.generator = {
      difficulty: formString(form, "generator.difficulty") || "easy",
      serviceKinds: form.getAll("generator.serviceKinds").map(String),
      proxyModes: form.getAll("generator.proxyModes").map(String),
      placement: formString(form, "generator.placement") || "any",
      resolvers: form.getAll("generator.resolvers").map(String),
      // absent for a pod client, so items keep the shape they were stored with
      ...(formString(form, "generator.client") === "outside" ? { client: "outside" } : {}),
      ...(formString(form, "generator.autopath") === "on" ? { autopath: true } : {}),
    };
  }
  return candidate;
}

/**
 * The editor's fields for a stored item, the inverse of itemCandidateFromForm: what the form shows before
 * anything is typed (after a refused save it shows what was posted instead).
 */
export function itemFormValues(item: ItemContent): Record<string, FormValue> {
  const values: Record<string, FormValue> = {
    id: item.id,
    kind: item.kind,
    front: item.front,
    back: item.back,
    tags: item.tags.join(", "),
  };
  if (item.kind === "freeform") {
    values.scenario = item.scenario === "seed" ? "seed" : JSON.stringify(item.scenario, null, 2);
    const rubric = item.rubric;
    values.modelAnswer = rubric?.modelAnswer ?? "";
    for (const [id, weight] of Object.entries(rubric?.weights ?? {})) values[`weight.${id}`] = String(weight);
    for (const [id, words] of Object.entries(rubric?.synonyms ?? {})) values[`synonyms.${id}`] = words.join("\n");
    (rubric?.misconceptions ?? []).forEach((m, i) => {
      values[`misconceptions.${i}.id`] = m.id;
      values[`misconceptions.${i}.label`] = m.label ?? "";
      values[`misconceptions.${i}.patterns`] = m.patterns.join("\n");
      values[`misconceptions.${i}.explanation`] = m.explanation;
    });
    (rubric?.samples ?? []).forEach((sample, i) => {
      values[`samples.${i}.answer`] = sample.answer;
      values[`samples.${i}.verdict`] = sample.verdict;
      values[`samples.${i}.misconceptions`] = (sample.misconceptions ?? []).join(", ");
    });
  }
  if (item.kind === "scenario") {
    values.template = item.template;
    values["generator.difficulty"] = item.generator.difficulty;
    values["generator.serviceKinds"] = item.generator.serviceKinds;
    values["generator.proxyModes"] = item.generator.proxyModes;
    values["generator.placement"] = item.generator.placement;
    values["generator.resolvers"] = item.generator.resolvers;
    values["generator.client"] = item.generator.client ?? "pod";
    values["generator.autopath"] = item.generator.autopath === true ? "on" : "off";
  }
  return values;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A form field name for an issue path of an item (`rubric.weights.dnat` → `weight.dnat`). */
export function itemFieldOf(path: readonly PropertyKey[]): string {
  const [head, second, third, fourth] = path.map(String);
  if (head === "rubric") {
    if (second === "weights" && third) return `weight.${third}`;
    if (second === "synonyms" && third) return `synonyms.${third}`;
    if ((second === "misconceptions" || second === "samples") && third !== undefined) {
      return `${second}.${third}${fourth ? `.${fourth}` : ""}`;
    }
    return second === "modelAnswer" ? "modelAnswer" : "rubric";
  }
  if (head === "generator") return second ? `generator.${second}` : "generator";
  return head ?? "form";
}

export const sampleScenarioSchema = z.object({
  template: z.enum(scenarioTemplates),
  generator: generatorOptionsSchema,
  front: z.string().max(50_000).default("").transform(withLf),
  back: z.string().max(50_000).default("").transform(withLf),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});
