// Dual-stack getaddrinfo on the real glibc (Debian's gcc) and musl (musl-gcc -static, where installed): in a
// network namespace whose interface carries the
// pod's addresses (IPv4 only: IPv6 disabled on it, so only ::1 remains), the resolver runs against the DNS
// server answering as CoreDNS would (resolver-harness.ts). The names queried, the number of queries (AAAA
// dropped by AI_ADDRCONFIG on an IPv4-only pod) and the addresses in the order the library returns them (glibc's
// default RFC 3484 policy table, musl's RFC 6724 one) must be the trace's. Rule 9 (longest matching prefix), which the simulation does not
// model, is kept out of the table: every case has at most one address per family.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceScenario, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { dualStackInput } from "../sim/seed-variants";
import { kernelSkipReason, Namespaces } from "./netns";
import { buildGai, ERRORS, observe, podInterface, type Observed } from "./resolver-harness";

const skip = kernelSkipReason(["ip", "gcc", "node"]);
if (skip !== null) console.warn(`kernel dual-stack resolver tests skipped: ${skip}`);
const skipMusl = skip ?? kernelSkipReason(["musl-gcc"]);
if (skip === null && skipMusl !== null) console.warn(`kernel dual-stack resolver tests on musl skipped: ${skipMusl}`);

const here = import.meta.dirname;
const work = path.resolve(here, `../../.tmp/kernel-dual-stack-${process.pid}`);

function scenario(podsToo: boolean, change: (s: ScenarioInput) => void): Scenario {
  const result = validateScenario(dualStackInput(change, podsToo));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const dualBar = (s: ScenarioInput) => (s.services[0]!.ipFamilyPolicy = "PreferDualStack");
const musl = (s: ScenarioInput) => (s.pods[0]!.resolver = "musl");
/** Global (2001:db8::/32) IPv6 ranges instead of unique local ones: the pods' and the Services' addresses. */
const globalIPv6 = (s: ScenarioInput) => {
  s.clusterCIDRs = ["10.244.0.0/16", "2001:db8:244::/56"];
  s.serviceCIDRs = ["10.96.0.0/12", "2001:db8:96::/112"];
  s.nodes.forEach((node, i) => (node.podCIDRs = [node.podCIDR, `2001:db8:244:${i + 1}::/64`]));
  for (const pod of s.pods) pod.podIPs = (pod.podIPs ?? []).map((ip) => ip.replace(/^fd00:10:/, "2001:db8:"));
};

const cases: { name: string; scenario: Scenario; addrconfig: boolean; flavour?: "musl" }[] = [
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
    name: "global IPv6 addresses: glibc still prefers IPv6 (40 over 10)",
    scenario: scenario(true, (s) => {
      dualBar(s);
      globalIPv6(s);
    }),
    addrconfig: false,
  },
  {
    name: "musl, dual-stack pod, dual-stack Service: unique local IPv6 (3) loses to IPv4 (35)",
    scenario: scenario(true, (s) => {
      dualBar(s);
      musl(s);
    }),
    addrconfig: false,
    flavour: "musl",
  },
  {
    name: "musl, global IPv6 addresses: IPv6 (40) over IPv4 (35)",
    scenario: scenario(true, (s) => {
      dualBar(s);
      globalIPv6(s);
      musl(s);
    }),
    addrconfig: false,
    flavour: "musl",
  },
  {
    name: "musl, IPv4-only pod with AI_ADDRCONFIG: still A and AAAA (::1 is routable)",
    scenario: scenario(false, (s) => {
      dualBar(s);
      musl(s);
      s.request.addrconfig = true;
    }),
    addrconfig: true,
    flavour: "musl",
  },
  {
    name: "musl, IPv4-only pod without AI_ADDRCONFIG: the IPv6 address is unusable, last",
    scenario: scenario(false, (s) => {
      dualBar(s);
      musl(s);
    }),
    addrconfig: false,
    flavour: "musl",
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

describe.skipIf(skip !== null)("glibc getaddrinfo on a dual-stack pod against the trace", () => {
  const namespaces = new Namespaces("hdds");
  let binaries: ReturnType<typeof buildGai>;
  const observed = new Map<string, Observed>();

  beforeAll(async () => {
    binaries = buildGai(work, { musl: skipMusl === null });
    let i = 0;
    for (const c of cases) {
      if (c.flavour === "musl" && skipMusl !== null) continue;
      const binary = binaries[c.flavour ?? "glibc"];
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
    if (c.flavour === "musl" && skipMusl !== null) return;
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
