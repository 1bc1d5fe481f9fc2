// Dual-stack getaddrinfo on the real glibc (Debian's gcc): in a network namespace whose interface carries the
// pod's addresses (IPv4 only: IPv6 disabled on it, so only ::1 remains), the resolver runs against the DNS
// server answering as CoreDNS would (resolver-harness.ts). The names queried, the number of queries (AAAA
// dropped by AI_ADDRCONFIG on an IPv4-only pod) and the addresses in the order glibc returns them (its default
// RFC 3484 policy table) must be the trace's. Rule 9 (longest matching prefix), which the simulation does not
// model, is kept out of the table: every case has at most one address per family.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceScenario, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { podIPOfFamily } from "../../../lib/sim/ip-families";
import { dualStackInput } from "../sim/seed-variants";
import { inNs, kernelSkipReason, Namespaces, run } from "./netns";
import { ERRORS, observe, type Observed } from "./resolver-harness";

const skip = kernelSkipReason(["ip", "gcc", "node"]);
if (skip !== null) console.warn(`kernel dual-stack resolver tests skipped: ${skip}`);

const here = import.meta.dirname;
const work = path.resolve(here, `../../.tmp/kernel-dual-stack-${process.pid}`);

function scenario(podsToo: boolean, change: (s: ScenarioInput) => void): Scenario {
  const result = validateScenario(dualStackInput(change, podsToo));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const dualBar = (s: ScenarioInput) => (s.services[0]!.ipFamilyPolicy = "PreferDualStack");

const cases: { name: string; scenario: Scenario; addrconfig: boolean }[] = [
  {
    name: "dual-stack pod, dual-stack Service: the IPv6 (ULA) ClusterIP first",
    scenario: scenario(true, dualBar),
    addrconfig: false,
  },
  {
    name: "IPv4-only pod, dual-stack Service: both addresses, IPv4 first",
    scenario: scenario(false, dualBar),
    addrconfig: false,
  },
  {
    name: "IPv4-only pod with AI_ADDRCONFIG: A queries only",
    scenario: scenario(false, (s) => {
      dualBar(s);
      s.request.addrconfig = true;
    }),
    addrconfig: true,
  },
  {
    name: "dual-stack pod, IPv4-only Service: AAAA is NODATA",
    scenario: scenario(true, () => {}),
    addrconfig: false,
  },
  {
    name: "dual-stack pod, IPv6-only Service: A is NODATA",
    scenario: scenario(true, (s) => Object.assign(s.services[0]!, { clusterIP: null, ipFamilies: ["IPv6"] })),
    addrconfig: false,
  },
  {
    name: "dual-stack pod with AI_ADDRCONFIG still asks for both",
    scenario: scenario(true, (s) => {
      dualBar(s);
      s.request.addrconfig = true;
    }),
    addrconfig: true,
  },
];

/** The pod's addresses on a veth end in its namespace, default routes through it; IPv6 off where it has none. */
function podInterface(s: Scenario): (ns: string) => void {
  const pod = s.pods.find((p) => `${p.namespace}/${p.name}` === s.request.from);
  if (pod === undefined) throw new Error("the case's client is a pod");
  const v6 = podIPOfFamily(pod, "IPv6");
  return (ns) => {
    inNs(ns, "ip", ["link", "add", "eth0", "type", "veth", "peer", "name", "peer0"]);
    // the peer end's link-local address would count as an IPv6 address for AI_ADDRCONFIG
    inNs(ns, "sysctl", ["-qw", "net.ipv6.conf.peer0.disable_ipv6=1"]);
    if (v6 === null) inNs(ns, "sysctl", ["-qw", "net.ipv6.conf.eth0.disable_ipv6=1"]);
    inNs(ns, "ip", ["link", "set", "eth0", "up"]);
    inNs(ns, "ip", ["link", "set", "peer0", "up"]);
    inNs(ns, "ip", ["addr", "add", `${pod.ip}/24`, "dev", "eth0"]);
    inNs(ns, "ip", ["route", "add", "default", "dev", "eth0"]);
    if (v6 !== null) {
      inNs(ns, "ip", ["-6", "addr", "add", `${v6}/64`, "dev", "eth0", "nodad"]);
      inNs(ns, "ip", ["-6", "route", "add", "default", "dev", "eth0"]);
    }
  };
}

describe.skipIf(skip !== null)("glibc getaddrinfo on a dual-stack pod against the trace", () => {
  const namespaces = new Namespaces("hdds");
  const binary = path.join(work, "gai-glibc");
  const observed = new Map<string, Observed>();

  beforeAll(async () => {
    fs.mkdirSync(work, { recursive: true });
    run("gcc", ["-O1", "-o", binary, path.join(here, "gai.c")]);
    let i = 0;
    for (const c of cases) {
      const trace = traceScenario(c.scenario, { seed: 1 });
      const args = c.addrconfig ? ["addrconfig"] : [];
      const setup = podInterface(c.scenario);
      observed.set(
        c.name,
        await observe({ namespaces, scenario: c.scenario, trace, host: "bar", binary, work, i: i++, args, setup }),
      );
    }
  });
  afterAll(() => {
    namespaces.removeAll();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const seen = observed.get(name);
    if (seen === undefined) throw new Error("setup did not run");
    const trace = traceScenario(c.scenario, { seed: 1 });
    expect([...new Set(seen.queries.map((q) => q.split(" ")[0]))]).toEqual(trace.dns.queries.map((q) => q.name));
    expect(seen.queries.length).toBe(trace.dns.packets);
    const error = seen.output[0]?.startsWith("error ") ? (ERRORS[seen.output[0].slice(6)] ?? seen.output[0]) : null;
    expect(error).toBe(trace.dns.result.error);
    // glibc returns one entry per address here (SOCK_STREAM): the order is what the application connects to
    expect(seen.output).toEqual(trace.dns.result.addresses);
  });
});
