import { SEED_SCENARIO, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";

/** A deep copy of the seed scenario input, changed by `change`, then validated (throws on invalid). */
export function seedVariant(change: (input: ScenarioInput) => void = () => {}): Scenario {
  const input = structuredClone(SEED_SCENARIO);
  change(input);
  const result = validateScenario(input);
  if (!result.ok) throw new Error(`invalid variant: ${JSON.stringify(result.errors)}`);
  return result.value;
}

export function podOf(scenario: Scenario, key: string): Scenario["pods"][number] {
  const pod = scenario.pods.find((p) => `${p.namespace}/${p.name}` === key);
  if (pod === undefined) throw new Error(`no pod ${key}`);
  return pod;
}

export function serviceIn(input: ScenarioInput, name: string): ScenarioInput["services"][number] {
  const svc = input.services.find((s) => s.name === name);
  if (svc === undefined) throw new Error(`no service ${name}`);
  return svc;
}

export function podIn(input: ScenarioInput, name: string): ScenarioInput["pods"][number] {
  const pod = input.pods.find((p) => p.name === name);
  if (pod === undefined) throw new Error(`no pod ${name}`);
  return pod;
}
