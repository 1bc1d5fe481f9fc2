import type { ScenarioInput } from "../../schemas/scenario";
import type { GeneratorOptions } from "../../schemas/question-set";
import {
  generateScenario,
  seededRandom,
  traceScenario,
  validateScenario,
  withCorednsAutopath,
  type Scenario,
  type Trace,
} from "../../sim";

/**
 * The one way a scenario item's generator options become a concrete scenario, shared by the flashcard
 * reviewer, mock interviews and the admin's "generate a sample" (so the admin sees what learners get). Same
 * seed and options → same variant on every machine.
 *
 * - `proxyModes` and `resolvers` are settings of an otherwise valid scenario: a variant outside the list gets a
 *   mode / client resolver picked from the list with the variant's own seeded random source. `autopath: true`
 *   is one too: CoreDNS runs `autopath @kubernetes` with `pods verified`.
 * - `serviceKinds` and `placement` depend on the generated structure, so seeds seed, seed+1, … are tried (at
 *   most VARIANT_ATTEMPTS) and the first whose trace matches is kept; when none matches (e.g. "ExternalName" at
 *   difficulty easy, which is never generated) the first valid variant comes back with `matchesOptions: false`.
 */
// Bounds the worst case (options no scenario can meet) to about 50 ms of generate + trace per study view.
export const VARIANT_ATTEMPTS = 64;

export type ServiceKind = "ClusterIP" | "headless" | "ExternalName" | "no-endpoints" | "other";

/** The pod the request comes from (`request.from` is NAMESPACE/NAME). */
export function clientPodOf(scenario: Scenario): Scenario["pods"][number] | null {
  return scenario.pods.find((pod) => `${pod.namespace}/${pod.name}` === scenario.request.from) ?? null;
}

/** What kind of target the request ended up at, read from the trace's hops. */
export function serviceKindOf(trace: Trace): ServiceKind {
  if (trace.dns.queries.some((query) => query.answers.some((answer) => answer.type === "CNAME"))) return "ExternalName";
  if (trace.hops.some((hop) => hop.kind === "proxy.reject" || hop.kind === "proxy.drop")) return "no-endpoints";
  if (trace.proxy !== null && trace.connection?.backendPod) return "ClusterIP";
  if (trace.proxy === null && trace.connection?.backendPod) return "headless";
  return "other";
}

/** Whether the backend runs on the client's node; null when no backend was reached. */
export function placementOf(trace: Trace): "same-node" | "cross-node" | null {
  const backendNode = trace.connection?.backendNode ?? null;
  if (backendNode === null) return null;
  return clientPodOf(trace.scenario)?.node === backendNode ? "same-node" : "cross-node";
}

function matchesStructure(trace: Trace, options: GeneratorOptions): boolean {
  if (options.serviceKinds.length > 0 && !options.serviceKinds.some((k) => k === serviceKindOf(trace))) return false;
  if (options.placement !== "any" && placementOf(trace) !== options.placement) return false;
  return true;
}

function withSettings(input: ScenarioInput, options: GeneratorOptions, seed: number): ScenarioInput {
  const rng = seededRandom(seed ^ 0x5eed);
  let next = input;
  const mode = input.kubeProxy?.mode ?? "iptables";
  if (options.proxyModes.length > 0 && !options.proxyModes.includes(mode)) {
    next = { ...next, kubeProxy: { mode: rng.pick(options.proxyModes) } };
  }
  if (options.resolvers.length > 0) {
    const resolver = rng.pick(options.resolvers);
    next = {
      ...next,
      pods: next.pods.map((pod) =>
        `${pod.namespace}/${pod.name}` === next.request.from && !options.resolvers.includes(pod.resolver ?? "glibc")
          ? { ...pod, resolver }
          : pod,
      ),
    };
  }
  if (options.autopath === true) next = withCorednsAutopath(next, true);
  return next;
}

export interface ScenarioVariant {
  /** the seed the variant was asked for (stored with the card, the review or the interview question) */
  readonly seed: number;
  /** the generator seed actually used (seed + retries) */
  readonly generatorSeed: number;
  readonly scenario: Scenario;
  readonly trace: Trace;
  /** whether the variant satisfies every generator option */
  readonly matchesOptions: boolean;
}

export function scenarioVariant(seed: number, options: GeneratorOptions): ScenarioVariant | null {
  let first: ScenarioVariant | null = null;
  for (let attempt = 0; attempt < VARIANT_ATTEMPTS; attempt += 1) {
    const generatorSeed = (seed + attempt) | 0;
    const generated = generateScenario(generatorSeed, options.difficulty, { client: options.client ?? "pod" });
    const input = withSettings(generated, options, generatorSeed);
    const valid = validateScenario(input);
    if (!valid.ok) continue;
    const trace = traceScenario(valid.value, { seed: generatorSeed });
    const variant = { seed, generatorSeed, scenario: valid.value, trace, matchesOptions: true };
    if (matchesStructure(trace, options)) return variant;
    first ??= { ...variant, matchesOptions: false };
  }
  return first;
}
