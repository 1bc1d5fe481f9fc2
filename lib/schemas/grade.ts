import { z } from "zod";

/**
 * The grade's shape, defined once: what `gradeAnswer` returns (lib/grade), what `hopdrill grade` prints and what
 * an interview stores in InterviewQuestion.grade. The contract's fields (score, verdict, concepts with id, label,
 * found, required and evidence, order with score and outOfOrder, misconceptions, feedback) never change name or
 * meaning; everything else is an addition. Concept ids and their meanings are listed in lib/grade/README.md.
 */

/** Every concept id the grader can produce. An id keeps its meaning once shipped; new ids are appended. */
export const CONCEPT_IDS = [
  "resolv-conf",
  "search-domain",
  "namespace-in-name",
  "dns-query",
  "dns-service-nat",
  "node-local-dns",
  "dns-answers-clusterip",
  "dns-answers-pod-ips",
  "dns-cname",
  "dns-name-not-found",
  "upstream-resolution",
  "client-picks-address",
  "app-connect",
  "direct-to-pod",
  "direct-to-external",
  "proxy-service-match",
  "reject-rule",
  "drop-rule",
  "endpoint-selection",
  "connection-refused",
  "connection-timeout",
  "dnat",
  "conntrack-records",
  "routing",
  "pod-receive",
  "pod-reply",
  "reply-direct",
  "conntrack-reverse",
  "app-response",
  "no-ready-endpoints",
  "headless-no-clusterip",
  "externalname-no-proxy",
  "bg-kubelet-resolv-conf",
  "bg-endpointslices",
  "bg-kube-proxy-programs",
  "bg-coredns-watches-api",
  "bg-ipvs-dummy-interface",
  "hosts-file",
  "lb-to-node",
  "ext-service-match",
  "masquerade-snat",
  "client-source-preserved",
  "lb-health-check",
  "no-local-endpoint",
] as const;

export const conceptIdSchema = z.enum(CONCEPT_IDS);
export type ConceptId = z.infer<typeof conceptIdSchema>;

/** The grader's own misconception ids (authors may add their own per question: any kebab-case id). */
export const MISCONCEPTION_IDS = [
  "dns-returns-pod-ip",
  "coredns-load-balances",
  "kube-proxy-answers-dns",
  "kube-proxy-forwards-traffic",
  "no-reverse-nat",
  "clusterip-on-interface",
  "headless-returns-clusterip",
  "headless-gets-dnat",
  "externalname-gets-dnat",
  "no-endpoints-dns-fails",
  "no-endpoints-times-out",
  "no-dnat",
  "ndots-misread",
  "short-name-crosses-namespaces",
  "namespace-blocks-traffic",
  "coredns-proxies-traffic",
  "externalname-rewrites-host",
  "egress-keeps-pod-ip",
  "etp-cluster-keeps-client-ip",
  "etp-local-masquerades",
  "kube-proxy-on-load-balancer",
  "hosts-entry-ignored",
  "autopath-ignored",
] as const;
export type MisconceptionId = (typeof MISCONCEPTION_IDS)[number];

export const VERDICTS = ["strong", "partial", "weak"] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof verdictSchema>;

/** A span of the answer as typed (UTF-16 offsets into the original text) and its text. */
export const evidenceSchema = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * How a concept stands: `found` (a claim states the step), `partial` (the step with a wrong actor or value: see
 * the grade's corrections), `mentioned` (named only in a clause with no claim, such as a bare list of terms),
 * `denied` (the answer denies a step that happens), `missing`.
 */
export const CONCEPT_STATUSES = ["found", "partial", "mentioned", "denied", "missing"] as const;
export const conceptStatusSchema = z.enum(CONCEPT_STATUSES);
export type ConceptStatus = z.infer<typeof conceptStatusSchema>;

export const CORRECTION_KINDS = ["actor", "value", "polarity"] as const;
export const correctionKindSchema = z.enum(CORRECTION_KINDS);
export type CorrectionKind = z.infer<typeof correctionKindSchema>;

/** One wrong claim about a real step, and what is right in this scenario. */
export const correctionSchema = z.object({
  concept: conceptIdSchema,
  kind: correctionKindSchema,
  /** what the answer said: the actor, the value, or the denial as written */
  said: z.string(),
  /** the right actor or value from this scenario's trace */
  right: z.string(),
  evidence: evidenceSchema,
  /** one line for the results page */
  explanation: z.string(),
});
export type Correction = z.infer<typeof correctionSchema>;

const gradedConceptBase = z.object({
  id: conceptIdSchema,
  label: z.string(),
  found: z.boolean(),
  required: z.boolean(),
  /** the clause that matched (null when not found) */
  evidence: evidenceSchema.nullable(),
  weight: z.number(),
  /** place in the hop order, null for background facts */
  order: z.number().nullable(),
  outOfOrder: z.boolean(),
});

const gradedConceptAdditions = {
  status: conceptStatusSchema,
  /** share of the weight earned, 0..1 (1 found; less with a correction or a bare mention) */
  credit: z.number().min(0).max(1),
  /** every clause read as this concept, in answer order (the first is `evidence`) */
  claims: z.array(evidenceSchema),
  /** one actionable sentence for a concept not fully credited, in the scenario's own names */
  hint: z.string(),
  /** whether an "I was right" claim makes sense: a concept not fully credited or out of order, on an answer with content */
  overridable: z.boolean(),
};

const gradedMisconceptionSchema = z.object({
  id: z.string(),
  label: z.string(),
  evidence: evidenceSchema,
  explanation: z.string(),
  /** points taken off the score */
  penalty: z.number().optional(),
});
export type GradedMisconception = z.infer<typeof gradedMisconceptionSchema>;

/** A step told out of place: where the answer says it, and the step it should come after (or before). */
export const misplacementSchema = z.object({
  concept: conceptIdSchema,
  evidence: evidenceSchema,
  /** the step it is told against: it truly happens before that step ("before") or after it ("after") */
  relative: z.enum(["before", "after"]),
  other: conceptIdSchema,
  otherEvidence: evidenceSchema,
  /** the misplacement changes what the answer means (reverse NAT before delivery, DNAT before DNS) */
  changesMeaning: z.boolean(),
  message: z.string(),
});
export type Misplacement = z.infer<typeof misplacementSchema>;

const orderBase = z.object({ score: z.number(), outOfOrder: z.array(z.string()) });
const orderAdditions = {
  /** the required steps in the order the answer tells them */
  learner: z.array(conceptIdSchema),
  /** the same steps in the matched path's hop order */
  truth: z.array(conceptIdSchema),
  misplaced: z.array(misplacementSchema),
};

/** The valid path the answer was graded against (kube-proxy may choose any ready endpoint). */
export const gradedPathSchema = z.object({
  /** index into the list of valid paths (0: the seeded trace) */
  index: z.number().int().min(0),
  /** how many valid paths the scenario's request has */
  of: z.number().int().min(1),
  /** "ip:port" the connection reached, or null (no connection, headless pick, lookup failure) */
  endpoint: z.string().nullable(),
  backendPod: z.string().nullable(),
  backendNode: z.string().nullable(),
  crossNode: z.boolean(),
  /** why this path: the answer names its pod, node or address, or it fits best */
  reason: z.string(),
});
export type GradedPath = z.infer<typeof gradedPathSchema>;

const calculationBase = z.object({
  coverage: z.object({ foundWeight: z.number(), totalWeight: z.number(), value: z.number() }),
  order: z.object({ inOrder: z.number(), mentioned: z.number(), value: z.number() }),
  base: z.number(),
  penalty: z.number(),
  requiredMissing: z.array(z.string()),
  formula: z.string(),
  verdictRule: z.string(),
});
const calculationAdditions = {
  /** weight of the required concepts found / weight of all required concepts */
  requiredShare: z.number(),
  /** points of `penalty` for misconceptions and for meaning-changing misplacements */
  misconceptionPenalty: z.number(),
  orderPenalty: z.number(),
};

const gradeBase = z.object({
  score: z.number(),
  verdict: verdictSchema,
  order: orderBase,
  misconceptions: z.array(gradedMisconceptionSchema),
  feedback: z.array(z.string()),
  coverage: z.number(),
  graderVersion: z.string(),
});

/** The grade `gradeAnswer` returns today. */
export const gradeSchema = gradeBase.extend({
  concepts: z.array(gradedConceptBase.extend(gradedConceptAdditions)),
  order: orderBase.extend(orderAdditions),
  calculation: calculationBase.extend(calculationAdditions),
  corrections: z.array(correctionSchema),
  path: gradedPathSchema,
});
export type Grade = z.infer<typeof gradeSchema>;
export type GradedConcept = Grade["concepts"][number];
export type Calculation = Grade["calculation"];

const optionalAll = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };

/**
 * A grade as stored: today's shape, with every field added since the first grader version optional, so a row
 * written by an older grader still reads (and is shown without the newer parts) instead of failing.
 */
export const storedGradeSchema = gradeBase.extend({
  concepts: z.array(gradedConceptBase.extend(optionalAll(gradedConceptAdditions))),
  order: orderBase.extend(optionalAll(orderAdditions)),
  calculation: calculationBase.extend(optionalAll(calculationAdditions)),
  corrections: z.array(correctionSchema).optional(),
  path: gradedPathSchema.optional(),
});
export type StoredGrade = z.infer<typeof storedGradeSchema>;
