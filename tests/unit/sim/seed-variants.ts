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

/**
 * The seed scenario input on a dual-stack cluster (IPv6 ranges fd00:10:244::/56 and fd00:10:96::/112, node-N's
 * IPv6 pod CIDR fd00:10:244:N::/64), changed by `change`. With `podsToo`, every pod also gets the IPv6 address
 * fd00:10:244:N::<last IPv4 octet> on its node's block.
 */
export function dualStackInput(change: (input: ScenarioInput) => void = () => {}, podsToo = false): ScenarioInput {
  const input = structuredClone(SEED_SCENARIO);
  input.clusterCIDRs = ["10.244.0.0/16", "fd00:10:244::/56"];
  input.serviceCIDRs = ["10.96.0.0/12", "fd00:10:96::/112"];
  input.nodes.forEach((node, i) => (node.podCIDRs = [node.podCIDR, `fd00:10:244:${i + 1}::/64`]));
  if (podsToo) {
    for (const pod of input.pods) {
      const n = input.nodes.findIndex((node) => node.name === pod.node) + 1;
      pod.podIPs = [pod.ip, `fd00:10:244:${n}::${pod.ip.split(".")[3]}`];
    }
  }
  change(input);
  return input;
}
