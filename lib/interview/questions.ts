/**
 * Which questions an interview asks and which scenario each one is about. Pure: the random seeds are passed
 * in (lib/server/interviews.ts draws them with node:crypto), so a question is reproducible from what is stored.
 *
 * Decisions (documented for the report and the results page):
 * - Interview questions are the set's free-form and scenario items. Flashcards are never asked: they have no
 *   rubric and no trace to grade against. A set without free-form or scenario items is not offered.
 * - Items are shuffled, then taken in turn; when the learner asks for more questions than the set has, items
 *   repeat, each repeat on a freshly generated scenario (so the seed set's single capstone still makes a
 *   3-question interview, each answer graded against its own cluster).
 * - A free-form item's first use is on its own scenario (the seed scenario or the inline one) and its text is
 *   asked as written; repeats get a generated variant and a generic "walk through it" question.
 * - Scenario items always get a generated scenario (generateScenario(seed, difficulty)); the generator options
 *   (service kinds, proxy modes, placement, resolvers) filter seeds: the first of SEED_TRIES consecutive seeds
 *   whose trace fits is kept, the base seed when none does.
 * - Stored per question: `scenarioSeed` (also the trace's endpoint-choice seed) and `difficulty`; difficulty
 *   null means "the item's own scenario", set means "generateScenario(scenarioSeed, difficulty)".
 * - Every answer is graded as an explanation of the request path by lib/grade (the only grader); a scenario
 *   item's template shapes the question's wording, not the rubric.
 */
import {
  generateScenario,
  seedScenario,
  traceScenario,
  validateScenario,
  type Difficulty,
  type Scenario,
  type Trace,
} from "../sim/index";
import { parseRubricTuning, type RubricTuning } from "../grade/index";
import type { GeneratorOptions, ItemContent } from "../schemas/question-set";

export type InterviewItem = Extract<ItemContent, { kind: "freeform" | "scenario" }>;

export const SEED_TRIES = 64;

export function isInterviewItem(item: ItemContent): item is InterviewItem {
  return item.kind === "freeform" || item.kind === "scenario";
}

export interface PlannedQuestion {
  readonly item: InterviewItem;
  readonly scenarioSeed: number;
  /** null: the item's own scenario; otherwise the generator difficulty of a fresh scenario */
  readonly difficulty: Difficulty | null;
}

/** Fisher–Yates with the caller's random integers (one per swap). */
function shuffled<T>(values: readonly T[], randomInt: (maxExclusive: number) => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

const VARIANT_DIFFICULTIES: readonly Difficulty[] = ["easy", "medium", "hard"];

/**
 * Plans `count` questions from the set's interview items. `randomInt(n)` gives 0..n−1, `randomSeed()` a fresh
 * positive 31-bit seed.
 */
export function planQuestions(
  items: readonly ItemContent[],
  count: number,
  randomInt: (maxExclusive: number) => number,
  randomSeed: () => number,
): PlannedQuestion[] {
  const pool = shuffled(items.filter(isInterviewItem), randomInt);
  if (pool.length === 0) return [];
  const uses = new Map<string, number>();
  const out: PlannedQuestion[] = [];
  for (let i = 0; i < count; i += 1) {
    const item = pool[i % pool.length] as InterviewItem;
    const use = uses.get(item.id) ?? 0;
    uses.set(item.id, use + 1);
    const base = randomSeed();
    if (item.kind === "freeform" && use === 0) {
      out.push({ item, scenarioSeed: base, difficulty: null });
    } else if (item.kind === "freeform") {
      const difficulty = VARIANT_DIFFICULTIES[Math.min(use - 1, VARIANT_DIFFICULTIES.length - 1)] ?? "easy";
      out.push({ item, scenarioSeed: fittingSeed(base, difficulty, null), difficulty });
    } else {
      const difficulty = item.generator.difficulty;
      out.push({ item, scenarioSeed: fittingSeed(base, difficulty, item.generator), difficulty });
    }
  }
  return out;
}

function generatedTrace(seed: number, difficulty: Difficulty): Trace | null {
  const validated = validateScenario(generateScenario(seed, difficulty));
  if (!validated.ok) return null;
  return traceScenario(validated.value, { seed });
}

function fittingSeed(base: number, difficulty: Difficulty, options: GeneratorOptions | null): number {
  for (let i = 0; i < SEED_TRIES; i += 1) {
    const seed = ((base + i - 1) % 2_147_483_646) + 1;
    const trace = generatedTrace(seed, difficulty);
    if (trace !== null && (options === null || fitsGeneratorOptions(trace, options))) return seed;
  }
  return base;
}

/** Whether a generated trace has the features the author asked for (an empty list accepts anything). */
export function fitsGeneratorOptions(trace: Trace, options: GeneratorOptions): boolean {
  const s = trace.scenario;
  const service = targetService(s);
  const client = clientPod(s);
  if (options.proxyModes.length > 0 && !options.proxyModes.includes(s.kubeProxy.mode)) return false;
  if (options.resolvers.length > 0 && (client === null || !options.resolvers.includes(client.resolver))) return false;
  if (options.serviceKinds.length > 0) {
    const kind =
      service === null
        ? null
        : service.type === "ExternalName"
          ? "ExternalName"
          : service.clusterIP === "None"
            ? "headless"
            : trace.connection?.outcome === "established"
              ? "ClusterIP"
              : "no-endpoints";
    if (kind === null || !options.serviceKinds.includes(kind)) return false;
  }
  if (options.placement !== "any") {
    const backendNode = trace.connection?.backendNode ?? null;
    if (backendNode === null || client === null) return false;
    const same = backendNode === client.node;
    if ((options.placement === "same-node") !== same) return false;
  }
  return true;
}

function clientPod(s: Scenario): Scenario["pods"][number] | null {
  const [namespace, name] = s.request.from.split("/");
  return s.pods.find((p) => p.namespace === namespace && p.name === name) ?? null;
}

/** The Service the request's host names (short, namespaced or full name), if any. */
function targetService(s: Scenario): Scenario["services"][number] | null {
  const client = clientPod(s);
  let host: string;
  try {
    host = new URL(s.request.url).hostname.replace(/\.$/, "");
  } catch {
    return null;
  }
  const [first, second] = host.split(".");
  const namespace = second !== undefined && second !== "svc" ? second : (client?.namespace ?? "default");
  return s.services.find((svc) => svc.name === first && svc.namespace === namespace) ?? null;
}

export interface QuestionScenario {
  readonly trace: Trace;
  readonly tuning: RubricTuning | undefined;
}

/**
 * The trace a stored question is graded and drawn against, rebuilt from the item's snapshot and the stored
 * seed (deterministic: lib/sim gives the same trace for the same scenario and seed).
 */
export function questionScenario(
  item: InterviewItem,
  scenarioSeed: number | null,
  difficulty: string | null,
): QuestionScenario | null {
  const tuning = item.kind === "freeform" && item.rubric !== null ? parseRubricTuning(item.rubric) : null;
  const tuned = tuning !== null && tuning.ok ? tuning.value : undefined;
  const seed = scenarioSeed ?? 1;
  if (difficulty === "easy" || difficulty === "medium" || difficulty === "hard") {
    const trace = generatedTrace(seed, difficulty);
    return trace === null ? null : { trace, tuning: tuned };
  }
  if (item.kind !== "freeform") return null;
  if (item.scenario === "seed") return { trace: traceScenario(seedScenario(), { seed }), tuning: tuned };
  const validated = validateScenario(item.scenario);
  if (!validated.ok) return null;
  return { trace: traceScenario(validated.value, { seed }), tuning: tuned };
}

const code = (value: string): string => "`" + value.replaceAll("`", "'") + "`";

/** The scenario in prose with the key facts (namespace, URL, proxy mode, DNS) a learner needs, as Markdown. */
export function scenarioProse(trace: Trace): string {
  const s = trace.scenario;
  const client = clientPod(s);
  const service = targetService(s);
  const lines: string[] = [];
  const nodes = s.nodes.map((n) => `${code(n.name)} (${n.ip}, pods ${n.podCIDR})`).join(", ");
  lines.push(
    `- **Cluster**: ${s.nodes.length} node${s.nodes.length === 1 ? "" : "s"}: ${nodes}. ` +
      `kube-proxy in **${s.kubeProxy.mode}** mode, CNI **${s.cni.mode}**, Service range ${code(s.serviceCIDR)}, ` +
      `cluster domain ${code(s.clusterDomain)}.`,
  );
  lines.push(
    `- **Cluster DNS**: ${code(s.dns.clusterDNS)} (the ${code("kube-system/kube-dns")} Service in front of CoreDNS)` +
      (s.dns.nodeLocalDNS !== null ? `, with NodeLocal DNSCache at ${code(s.dns.nodeLocalDNS)}.` : "."),
  );
  if (client !== null) {
    lines.push(
      `- **Client**: pod ${code(`${client.namespace}/${client.name}`)} in namespace **${client.namespace}** on ` +
        `${code(client.node)}, IP ${code(client.ip)}, ${client.resolver} resolver, dnsPolicy ${client.dnsPolicy}.`,
    );
  }
  if (service !== null) {
    const ports = service.ports.map((p) => `${p.port}→${p.targetPort}/${p.protocol}`).join(", ");
    const backends = s.pods
      .filter((p) => p.namespace === service.namespace && matches(service.selector, p.labels))
      .map(
        (p) =>
          `${code(p.name)} on ${code(p.node)} (${p.ip}${p.ready ? "" : ", not ready"}${p.terminating ? ", terminating" : ""})`,
      );
    const kind =
      service.type === "ExternalName"
        ? `ExternalName → ${code(service.externalName ?? "?")}`
        : service.clusterIP === "None"
          ? "headless (clusterIP: None)"
          : `${service.type}, ClusterIP ${code(service.clusterIP ?? "?")}`;
    lines.push(
      `- **Service**: ${code(`${service.namespace}/${service.name}`)} in namespace **${service.namespace}**, ${kind}` +
        (ports.length > 0 ? `, ports ${ports}` : "") +
        (service.type === "ExternalName" ? "." : `; pods behind it: ${backends.join(", ") || "none"}.`),
    );
  }
  lines.push(
    `- **The call**: ${client !== null ? code(`${client.namespace}/${client.name}`) : "the client"} runs ` +
      `${code(`http.get("${s.request.url}")`)}.`,
  );
  return lines.join("\n");
}

function matches(
  selector: Readonly<Record<string, string>> | null | undefined,
  labels: Readonly<Record<string, string>>,
) {
  if (selector === null || selector === undefined) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

const TEMPLATE_LEADS: Record<string, string> = {
  "dns-names": "Explain the path, starting with which DNS names the resolver queries and in what order.",
  "returned-ip": "Explain the path, including which address DNS returns and why.",
  "chain-path": "Explain the path, including which kube-proxy rules (chains) the connection walks.",
  outcome: "Explain the path and how the request ends (response, refused or timeout).",
};

/** The frozen Markdown prompt of a question: the question, then the scenario in prose. */
export function questionPrompt(planned: PlannedQuestion, trace: Trace): string {
  const prose = scenarioProse(trace);
  const { item } = planned;
  if (item.kind === "freeform" && planned.difficulty === null) {
    return `${item.front}\n\n**Scenario**\n\n${prose}`;
  }
  if (item.kind === "freeform") {
    const url = trace.scenario.request.url;
    return (
      `The same question on a different cluster: walk through everything that happens from ` +
      `${code(`http.get("${url}")`)} in pod ${code(trace.scenario.request.from)} until it has the response ` +
      `(or the call fails). Name each hop in order.\n\n**Scenario**\n\n${prose}`
    );
  }
  // The full-path question already asks for the whole path; the others get the lead that says the answer
  // is graded as a path explanation with their focus.
  const lead = item.template === "full-path" ? "" : `\n\n${TEMPLATE_LEADS[item.template] ?? ""}`;
  return `**Scenario**\n\n${prose}\n\n${item.front}${lead}`;
}

/**
 * The model answer for this question's scenario: the item's own answer for its own scenario; for a generated
 * scenario, the trace's hops in order (each hop's summary is written by lib/sim for exactly this cluster),
 * followed by the author's explanation when there is one.
 */
export function modelAnswer(item: InterviewItem, difficulty: string | null, trace: Trace): string {
  if (item.kind === "freeform" && difficulty === null) return item.back;
  const steps = trace.hops.map((hop, i) => `${i + 1}. ${hop.summary}`).join("\n");
  const explanation = item.back.trim();
  return explanation.length > 0 && item.kind === "scenario" ? `${steps}\n\n${explanation}` : steps;
}
