import { z } from "zod";
import { markdownLimitError } from "../content/markdown-limits";
import { MAX_MINUTES, MIN_MINUTES } from "./interview-limits";
import { rubricTuningSchema } from "./rubric";

/**
 * A question set in Hopdrill's content format: what imports produce, exports write and the seed uses.
 * Item ids are stable: they survive edits and re-imports, so learners' progress follows the item.
 */

export const itemIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and '-'");

export const slugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by '-'");

/** Rendered Markdown: bounded in size and in what makes rendering slow or deep (lib/content/markdown-limits.ts). */
const renderable = (text: string, ctx: z.RefinementCtx) => {
  const problem = markdownLimitError(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { line: problem.line } });
};
const storedText = z.string().max(50_000, "is longer than 50,000 characters");
const tags = z.array(z.string().trim().min(1).max(40)).max(30).default([]);

/** Which scenario a free-form question is graded against: the built-in seed scenario, or one given inline. */
export const questionScenarioSchema = z.union([z.literal("seed"), z.record(z.string(), z.unknown())]);

export const scenarioTemplates = [
  "full-path",
  "dns-names",
  "returned-ip",
  "chain-path",
  "outcome",
  "client-source",
  "dns-queries",
] as const;
/** What a scenario question asks about its generated scenario (lib/content/scenario/templates.ts). */
export type ScenarioTemplate = (typeof scenarioTemplates)[number];

export const generatorOptionsSchema = z.object({
  difficulty: z.enum(["easy", "medium", "hard"]).default("easy"),
  serviceKinds: z
    .array(z.enum(["ClusterIP", "headless", "ExternalName", "no-endpoints"]))
    .max(4)
    .default([]),
  proxyModes: z
    .array(z.enum(["iptables", "ipvs", "nftables"]))
    .max(3)
    .default([]),
  placement: z.enum(["any", "same-node", "cross-node"]).default("any"),
  resolvers: z
    .array(z.enum(["glibc", "musl"]))
    .max(2)
    .default([]),
  /**
   * who makes the request: a pod in the cluster (absent or "pod"), or a client outside it calling a
   * LoadBalancer or NodePort Service ("outside"). No default is filled in, so items written before it existed
   * keep their stored shape.
   */
  client: z.enum(["pod", "outside"]).optional(),
  /**
   * true: CoreDNS runs `autopath @kubernetes` (with `pods verified`) in every variant; absent: as generated
   * (never). No default is filled in, so stored items keep their shape and their scenarios.
   */
  autopath: z.literal(true).optional(),
});

/**
 * The item schemas over a kind of text: `renderable` Markdown for everything written (saves, imports),
 * `storedText` for reading rows back. Items saved before the rendering limits existed may fail them; they
 * are read as they are (the renderer shows such a text as plain paragraphs) and the editor names the field
 * to fix, instead of a page failing for everyone.
 */
function itemSchemasOver(markdown: typeof storedText) {
  const flashcardItemSchema = z.object({
    id: itemIdSchema,
    kind: z.literal("flashcard"),
    front: markdown.min(1, "must not be empty"),
    back: markdown.min(1, "must not be empty"),
    tags,
  });

  const freeformItemSchema = z.object({
    id: itemIdSchema,
    kind: z.literal("freeform"),
    /** the question */
    front: markdown.min(1, "must not be empty"),
    /** the model answer */
    back: markdown.min(1, "must not be empty"),
    tags,
    scenario: questionScenarioSchema.default("seed"),
    /** author tuning of the grader (synonyms, weights, misconceptions, sample answers); see lib/schemas/rubric.ts */
    rubric: rubricTuningSchema.nullable().default(null),
  });

  const scenarioItemSchema = z.object({
    id: itemIdSchema,
    kind: z.literal("scenario"),
    /** the question; the generated scenario is described above it */
    front: markdown.min(1, "must not be empty"),
    /** an explanation shown below the computed answer */
    back: markdown.default(""),
    tags,
    template: z.enum(scenarioTemplates),
    generator: generatorOptionsSchema.prefault({}),
  });

  const itemSchema = z.discriminatedUnion("kind", [flashcardItemSchema, freeformItemSchema, scenarioItemSchema]);
  return { flashcardItemSchema, freeformItemSchema, scenarioItemSchema, itemSchema };
}

const written = itemSchemasOver(storedText.superRefine(renderable));
export const { flashcardItemSchema, freeformItemSchema, scenarioItemSchema, itemSchema } = written;
/** An item row read back (lib/content/item-row.ts): the rendering limits are not applied, see itemSchemasOver. */
export const storedItemSchema = itemSchemasOver(storedText).itemSchema;

function setSchemaOver(description: z.ZodDefault<z.ZodString>, items: typeof itemSchema) {
  return z
    .object({
      slug: slugSchema,
      title: z.string().trim().min(1, "must not be empty").max(200),
      description,
      tags,
      interviewMinutes: z.number().int().min(MIN_MINUTES).max(MAX_MINUTES).default(20),
      items: z.array(items).max(5_000, "has more than 5,000 items"),
    })
    .superRefine((set, ctx) => {
      const seen = new Map<string, number>();
      set.items.forEach((item, index) => {
        const first = seen.get(item.id);
        if (first !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["items", index, "id"],
            message: `"${item.id}" is already the id of question ${first + 1}`,
          });
        } else seen.set(item.id, index);
      });
    });
}

const description = z.string().max(5_000);
export const questionSetSchema = setSchemaOver(description.superRefine(renderable).default(""), itemSchema);
/** A set read back from its rows or a published snapshot: the rendering limits are not applied. */
export const storedQuestionSetSchema = setSchemaOver(description.default(""), storedItemSchema);

export type QuestionSetContent = z.output<typeof questionSetSchema>;
export type QuestionSetContentInput = z.input<typeof questionSetSchema>;
export type ItemContent = z.output<typeof itemSchema>;
export type ItemKind = ItemContent["kind"];
export type GeneratorOptions = z.output<typeof generatorOptionsSchema>;
