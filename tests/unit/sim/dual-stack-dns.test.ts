// Known answers for dual-stack DNS: CoreDNS's A and AAAA per Service family (plugin/kubernetes answers A from
// IPv4 addresses and AAAA from IPv6 ones, NODATA for a family the Service lacks), the resolver's AI_ADDRCONFIG,
// and destination address selection with glibc's and musl's default policy tables (glibc
// sysdeps/posix/getaddrinfo.c default_labels / default_precedence, musl src/network/lookup_name.c defpolicy).
import { describe, expect, it } from "vitest";
import { corednsAnswer, traceScenario, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { policyOf, scopeOf, sortDestinations } from "../../../lib/sim/address-sort";
import { dualStackInput, seedVariant } from "./seed-variants";

function valid(input: ScenarioInput): Scenario {
  const result = validateScenario(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const BAR = "bar.app.svc.cluster.local.";
const answer = (s: Scenario, type: "A" | "AAAA", name = BAR) => corednsAnswer(s, name, type, "169.254.169.253");
const values = (s: Scenario, type: "A" | "AAAA", name = BAR) => answer(s, type, name).answers.map((a) => a.value);

describe("CoreDNS A and AAAA per the Service's families", () => {
  it("a dual-stack Service answers A with its IPv4 ClusterIP and AAAA with its IPv6 one", () => {
    const s = valid(dualStackInput((i) => (i.services[0]!.ipFamilyPolicy = "PreferDualStack")));
    expect(values(s, "A")).toEqual(["10.96.12.34"]);
    expect(values(s, "AAAA")).toEqual(["fd00:10:96::1"]);
  });

  it("an IPv4-only Service answers AAAA with NODATA (NOERROR, no records, the SOA)", () => {
    const s = valid(dualStackInput());
    const aaaa = answer(s, "AAAA");
    expect([aaaa.rcode, aaaa.answers, aaaa.soa]).toEqual(["NOERROR", [], true]);
    expect(aaaa.reason).toBe("Service app/bar has IPv4 addresses only (NODATA for AAAA)");
  });

  it("an IPv6-only Service answers A with NODATA and AAAA with its ClusterIP", () => {
    const s = valid(dualStackInput((i) => Object.assign(i.services[0]!, { clusterIP: null, ipFamilies: ["IPv6"] })));
    const a = answer(s, "A");
    expect([a.rcode, a.answers, a.reason]).toEqual([
      "NOERROR",
      [],
      "Service app/bar has IPv6 addresses only (NODATA for A)",
    ]);
    expect(values(s, "AAAA")).toEqual(["fd00:10:96::1"]);
  });

  it("a dual-stack headless Service answers each family from the pods' addresses of that family", () => {
    const s = valid(
      dualStackInput(
        (i) => Object.assign(i.services[0]!, { clusterIP: "None", ipFamilyPolicy: "PreferDualStack" }),
        true,
      ),
    );
    expect(values(s, "A")).toEqual(["10.244.1.5", "10.244.2.7"]);
    expect(values(s, "AAAA")).toEqual(["fd00:10:244:1::5", "fd00:10:244:2::7"]);
  });

  it("an IPv4 headless Service has no IPv6 EndpointSlice, so AAAA is NODATA even for dual-stack pods", () => {
    const s = valid(dualStackInput((i) => (i.services[0]!.clusterIP = "None"), true));
    expect(answer(s, "AAAA").answers).toEqual([]);
    expect(answer(s, "AAAA").reason).toBe("headless Service app/bar has IPv4 addresses only (NODATA for AAAA)");
  });

  it("a dual-stack headless Service whose pods have no IPv6 address answers AAAA with NODATA", () => {
    const s = valid(
      dualStackInput((i) => Object.assign(i.services[0]!, { clusterIP: "None", ipFamilyPolicy: "RequireDualStack" })),
    );
    expect(answer(s, "AAAA").rcode).toBe("NOERROR");
    expect(answer(s, "AAAA").reason).toBe(
      "headless Service app/bar has no ready endpoint with an IPv6 address (NODATA for AAAA)",
    );
  });
});

describe("IPv6 pod records (CoreDNS findPods)", () => {
  const POD6 = "fd00-10-244-1--5.app.pod.cluster.local.";
  it("pods insecure: a dashed IPv6 address answers AAAA with the address, A with NODATA", () => {
    const s = valid(dualStackInput(() => {}, true));
    expect(values(s, "AAAA", POD6)).toEqual(["fd00:10:244:1::5"]);
    expect(answer(s, "A", POD6).answers).toEqual([]);
    expect(answer(s, "A", POD6).reason).toBe(`pod record ${POD6} has an AAAA record only`);
    // three dashes and no "--" is IPv4
    expect(values(s, "A", "10-244-1-5.app.pod.cluster.local.")).toEqual(["10.244.1.5"]);
  });

  it("pods verified: the index holds status.podIP only, so a pod's IPv6 address is not found", () => {
    const s = valid(dualStackInput((i) => (i.dns = { coredns: { pods: "verified" } }), true));
    expect(answer(s, "AAAA", POD6).rcode).toBe("NXDOMAIN");
    expect(values(s, "A", "10-244-1-5.app.pod.cluster.local.")).toEqual(["10.244.1.5"]);
  });

  it.each([
    "10-244-1.app.pod.cluster.local.",
    "fd00-10-244-1---5.app.pod.cluster.local.",
    "zz-1--.app.pod.cluster.local.",
  ])("%s is not a dashed address: NXDOMAIN", (name) => {
    const s = valid(dualStackInput());
    expect(answer(s, "AAAA", name).rcode).toBe("NXDOMAIN");
  });
});

describe("default policy tables", () => {
  it.each([
    // glibc: RFC 3484 precedence, labels with fc00::/7 (6), fec0::/10 (5) and Teredo 2001::/32 (7)
    ["glibc", "::1", 50, 0],
    ["glibc", "10.96.12.34", 10, 4],
    ["glibc", "fd00:10:96::1", 40, 6],
    ["glibc", "2002:c000:204::1", 30, 2],
    ["glibc", "2001::1", 40, 7],
    ["glibc", "2001:db8::1", 40, 1],
    ["glibc", "::a00:1", 20, 3],
    // musl: RFC 6724 section 2.1
    ["musl", "::1", 50, 0],
    ["musl", "10.96.12.34", 35, 4],
    ["musl", "fd00:10:96::1", 3, 13],
    ["musl", "2002:c000:204::1", 30, 2],
    ["musl", "2001::1", 5, 5],
    ["musl", "2001:db8::1", 40, 1],
  ] as const)("%s: %s has precedence %i, label %i", (flavour, ip, precedence, label) => {
    expect(policyOf(ip, flavour)).toEqual({ precedence, label });
  });

  it.each([
    ["::1", 2],
    ["fe80::1", 2],
    ["127.0.0.1", 2],
    ["169.254.20.10", 2],
    ["fec0::1", 5],
    ["10.96.12.34", 14],
    ["fd00:10:96::1", 14],
    ["2001:db8::1", 14],
  ] as const)("%s has scope %i", (ip, scope) => {
    expect(scopeOf(ip)).toBe(scope);
  });
});

describe("destination address selection", () => {
  const dual = { IPv4: "10.244.1.10", IPv6: "fd00:10:244:1::a" };
  const v4only = { IPv4: "10.244.1.10", IPv6: null };
  it.each([
    [
      "glibc prefers unique local IPv6 (40) over IPv4 (10)",
      "glibc",
      dual,
      ["10.96.12.34", "fd00:10:96::1"],
      ["fd00:10:96::1", "10.96.12.34"],
    ],
    [
      "musl prefers IPv4 (35) over unique local IPv6 (3)",
      "musl",
      dual,
      ["fd00:10:96::1", "10.96.12.34"],
      ["10.96.12.34", "fd00:10:96::1"],
    ],
    [
      "musl prefers global IPv6 (40) over IPv4 (35)",
      "musl",
      { IPv4: "10.244.1.10", IPv6: "2001:db8:1::a" },
      ["10.96.12.34", "2001:db8:96::1"],
      ["2001:db8:96::1", "10.96.12.34"],
    ],
    [
      "glibc: a ULA source (label 6) and a global IPv6 destination (label 1) do not match, IPv4 does (rule 5)",
      "glibc",
      dual,
      ["2001:db8:96::1", "10.96.12.35"],
      ["10.96.12.35", "2001:db8:96::1"],
    ],
    [
      "no IPv6 source: the IPv6 destination is unusable (rule 1)",
      "glibc",
      v4only,
      ["fd00:10:96::1", "10.96.12.34"],
      ["10.96.12.34", "fd00:10:96::1"],
    ],
    [
      "a link-local destination does not match a global source's scope (rule 2)",
      "glibc",
      dual,
      ["fe80::1", "10.96.12.34"],
      ["10.96.12.34", "fe80::1"],
    ],
    [
      "one family keeps the DNS order (rule 9 not modelled, rule 10)",
      "glibc",
      dual,
      ["10.244.2.7", "10.244.1.5"],
      ["10.244.2.7", "10.244.1.5"],
    ],
    [
      "both families: each keeps its DNS order",
      "glibc",
      dual,
      ["10.244.2.7", "fd00:10:244:2::7", "10.244.1.5", "fd00:10:244:1::5"],
      ["fd00:10:244:2::7", "fd00:10:244:1::5", "10.244.2.7", "10.244.1.5"],
    ],
  ] as const)("%s", (_name, flavour, sources, addresses, expected) => {
    expect(sortDestinations(addresses, sources, flavour)).toEqual(expected);
  });
});

describe("the resolver in a trace", () => {
  const dualService = (podsToo: boolean, change: (i: ScenarioInput) => void = () => {}) =>
    valid(
      dualStackInput((i) => {
        i.services[0]!.ipFamilyPolicy = "PreferDualStack";
        change(i);
      }, podsToo),
    );

  it("a dual-stack glibc pod gets the IPv6 ClusterIP first and connects to it", () => {
    const trace = traceScenario(dualService(true), { seed: 1 });
    expect(trace.dns.queries[0]?.types).toEqual(["A", "AAAA"]);
    expect(trace.dns.packets).toBe(2);
    expect(trace.dns.result.addresses).toEqual(["fd00:10:96::1", "10.96.12.34"]);
    expect(trace.connection?.dst).toBe("[fd00:10:96::1]:443");
    const result = trace.hops.find((h) => h.kind === "resolver.result");
    expect(result?.detail.order).toBe("RFC 3484 (glibc gai.conf defaults)");
    expect(result?.summary).toContain("fd00:10:96::1 comes first (IPv6)");
    expect(result?.summary).not.toContain("trace ends here");
  });

  it("where the IPv6 path is not modelled (CNIs other than flannel VXLAN) the trace ends after DNS, and says so", () => {
    const trace = traceScenario(
      dualService(true, (i) => (i.cni = { mode: "host-gw" })),
      { seed: 1 },
    );
    expect(trace.dns.result.addresses[0]).toBe("fd00:10:96::1");
    expect(trace.connection).toBeNull();
    expect(trace.hops.find((h) => h.kind === "resolver.result")?.summary).toContain(
      "The simulation follows IPv6 connections only over flannel VXLAN, so the trace ends here.",
    );
  });

  it("IPVS mode follows the IPv6 connection through its IPv6 proxier (kube-proxy-ipvs-ipv6.test.ts)", () => {
    const trace = traceScenario(
      dualService(true, (i) => (i.kubeProxy = { mode: "ipvs" })),
      { seed: 1 },
    );
    expect(trace.connection?.dst).toBe("[fd00:10:96::1]:443");
    expect(trace.proxy?.mode).toBe("ipvs");
  });

  it("a dual-stack musl pod gets the IPv4 ClusterIP first and connects to it", () => {
    const trace = traceScenario(
      dualService(true, (i) => (i.pods[0]!.resolver = "musl")),
      { seed: 1 },
    );
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34", "fd00:10:96::1"]);
    expect(trace.connection?.dst).toBe("10.96.12.34:443");
    expect(trace.connection?.outcome).toBe("established");
    const sync = trace.context.find((c) => c.kind === "kube-proxy.sync")?.summary;
    expect(sync).toContain(
      "Its IPv6 proxier has programmed the ip6tables KUBE-SERVICES chains for 1 Service port with an IPv6 ClusterIP.",
    );
    const single = traceScenario(seedVariant(), { seed: 1 }).context.find((c) => c.kind === "kube-proxy.sync");
    expect(single?.summary).not.toContain("IPv6");
  });

  it("an IPv4-only pod still asks for AAAA without AI_ADDRCONFIG, and puts the IPv6 address last", () => {
    const trace = traceScenario(dualService(false), { seed: 1 });
    expect(trace.dns.queries[0]?.types).toEqual(["A", "AAAA"]);
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34", "fd00:10:96::1"]);
    expect(trace.connection?.dst).toBe("10.96.12.34:443");
  });

  it("with AI_ADDRCONFIG an IPv4-only pod sends A queries only: one packet per candidate", () => {
    const trace = traceScenario(
      dualService(false, (i) => (i.request.addrconfig = true)),
      { seed: 1 },
    );
    expect(trace.dns.queries.map((q) => q.types)).toEqual([["A"]]);
    expect(trace.dns.packets).toBe(1);
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34"]);
    expect(trace.hops.find((h) => h.kind === "dns.query")?.summary).toContain("AI_ADDRCONFIG");
  });

  it("musl with AI_ADDRCONFIG on an IPv4-only pod still asks for AAAA: its test is whether ::1 is routable", () => {
    const trace = traceScenario(
      dualService(false, (i) => {
        i.request.addrconfig = true;
        i.pods[0]!.resolver = "musl";
      }),
      { seed: 1 },
    );
    expect(trace.dns.queries[0]?.types).toEqual(["A", "AAAA"]);
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34", "fd00:10:96::1"]);
  });

  it("with AI_ADDRCONFIG a dual-stack pod still asks for both", () => {
    const trace = traceScenario(
      dualService(true, (i) => (i.request.addrconfig = true)),
      { seed: 1 },
    );
    expect(trace.dns.queries[0]?.types).toEqual(["A", "AAAA"]);
  });

  it("AI_ADDRCONFIG on the single-stack seed: the search list costs one packet per name, not two", () => {
    const trace = traceScenario(
      seedVariant((i) => {
        i.request.addrconfig = true;
        i.request.url = "https://bar.other/";
      }),
      { seed: 1 },
    );
    expect(trace.dns.queries.length).toBeGreaterThan(1);
    expect(trace.dns.packets).toBe(trace.dns.queries.length);
  });
});
