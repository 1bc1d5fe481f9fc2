import { SEED_SCENARIO, traceScenario, validateScenario, type Trace } from "../../../lib/sim";
import type { ScenarioInput } from "../../../lib/sim";

/**
 * The corpus's scenarios, built from the seed scenario input: `headless` sets bar's clusterIP to None,
 * `no-endpoints` marks both bar pods not ready (netsim.md §3, §5). Traces come from lib/sim.
 */
export type CorpusScenario = "seed" | "headless" | "no-endpoints";

function variantInput(name: CorpusScenario): ScenarioInput {
  const seed = structuredClone(SEED_SCENARIO);
  if (name === "headless") {
    return { ...seed, services: seed.services.map((s) => (s.name === "bar" ? { ...s, clusterIP: "None" } : s)) };
  }
  if (name === "no-endpoints") {
    return { ...seed, pods: seed.pods.map((p) => (p.name.startsWith("bar-") ? { ...p, ready: false } : p)) };
  }
  return seed;
}

const traces = new Map<CorpusScenario, Trace>();

export function corpusTrace(name: CorpusScenario): Trace {
  const known = traces.get(name);
  if (known !== undefined) return known;
  const validated = validateScenario(variantInput(name));
  if (!validated.ok) throw new Error(`${name}: ${JSON.stringify(validated.errors)}`);
  const trace = traceScenario(validated.value, { seed: 1 });
  traces.set(name, trace);
  return trace;
}
