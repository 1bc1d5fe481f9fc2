// Known answers for dual-stack scenarios: IPv6 text (RFC 5952's own examples), and the API server's rules for a
// Service's ipFamilies / ipFamilyPolicy / clusterIPs (kubernetes pkg/apis/core/validation
// ValidateServiceClusterIPsRelatedFields and the defaulting of pkg/registry/core/service/storage alloc.go, as
// their tests TestValidateServiceCreate / TestCreateInitIPFields expect).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SEED_SCENARIO, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { bigIntToIPv6, ipv6ToBigInt, isCanonicalIPv6, parseCidr6 } from "../../../lib/sim/cidr";
import { dualStackInput } from "./seed-variants";

type ServiceInput = ScenarioInput["services"][number];

const dualStackSeed = (change: (input: ScenarioInput) => void = () => {}) => dualStackInput(change);

function errorsOf(input: ScenarioInput): { path: string; message: string }[] {
  const result = validateScenario(input);
  return result.ok ? [] : result.errors.map((e) => ({ path: e.path, message: e.message }));
}

function valid(input: ScenarioInput): Scenario {
  const result = validateScenario(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const bar = (s: Scenario) => s.services.find((svc) => svc.name === "bar")!;

describe("IPv6 text (RFC 5952)", () => {
  it.each([
    // RFC 5952 section 4 and its examples
    ["2001:0db8::0001", "2001:db8::1"],
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // one zero group is not shortened
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // the longest run
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // the first of two equal runs
    ["2001:DB8::A", "2001:db8::a"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["fd00:10:96:0:0:0:0:a", "fd00:10:96::a"],
  ])("%s is written %s", (text, canonical) => {
    const value = ipv6ToBigInt(text);
    expect(value).not.toBeNull();
    expect(bigIntToIPv6(value!)).toBe(canonical);
    expect(isCanonicalIPv6(canonical)).toBe(true);
    expect(isCanonicalIPv6(text)).toBe(text === canonical);
  });

  it.each([
    "1::2::3",
    "12345::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    ":1",
    "1:::2",
    "::ffff:10.0.0.1",
    "10.0.0.1",
    "g::1",
  ])("%s is not IPv6 text", (text) => {
    expect(ipv6ToBigInt(text)).toBeNull();
  });

  it("formatting then parsing gives the value back, in canonical text, for any 128-bit value", () => {
    const groups = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(groups, (g) => {
        const value = g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
        const text = bigIntToIPv6(value);
        expect(ipv6ToBigInt(text)).toBe(value);
        expect(isCanonicalIPv6(text)).toBe(true);
        // the uncompressed spelling is the same address
        expect(ipv6ToBigInt(g.map((x) => x.toString(16)).join(":"))).toBe(value);
      }),
    );
  });

  it("clears host bits of a block", () => {
    const block = parseCidr6("fd00:10:244:1::7/64");
    expect(block && bigIntToIPv6(block.base)).toBe("fd00:10:244:1::");
    expect(block?.size).toBe(1n << 64n);
    expect(parseCidr6("10.0.0.0/8")).toBeNull();
    expect(parseCidr6("fd00::/129")).toBeNull();
  });
});

describe("Service ipFamilies, ipFamilyPolicy and clusterIPs: defaults", () => {
  const cases: {
    name: string;
    dual: boolean;
    service: Partial<ServiceInput>;
    policy: string;
    families: string[];
    clusterIPs: string[];
  }[] = [
    {
      name: "nothing set, single-stack cluster",
      dual: false,
      service: {},
      policy: "SingleStack",
      families: ["IPv4"],
      clusterIPs: ["10.96.12.34"],
    },
    {
      name: "nothing set, dual-stack cluster",
      dual: true,
      service: {},
      policy: "SingleStack",
      families: ["IPv4"],
      clusterIPs: ["10.96.12.34"],
    },
    {
      name: "PreferDualStack on a single-stack cluster gets the primary family only",
      dual: false,
      service: { ipFamilyPolicy: "PreferDualStack" },
      policy: "PreferDualStack",
      families: ["IPv4"],
      clusterIPs: ["10.96.12.34"],
    },
    {
      name: "PreferDualStack on a dual-stack cluster gets both, the IPv6 address allocated",
      dual: true,
      service: { ipFamilyPolicy: "PreferDualStack" },
      policy: "PreferDualStack",
      families: ["IPv4", "IPv6"],
      clusterIPs: ["10.96.12.34", "fd00:10:96::1"],
    },
    {
      name: "RequireDualStack with IPv6 first: clusterIP is the IPv6 address",
      dual: true,
      service: { clusterIP: null, ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv6", "IPv4"] },
      policy: "RequireDualStack",
      families: ["IPv6", "IPv4"],
      clusterIPs: ["fd00:10:96::1", "10.96.0.1"],
    },
    {
      name: "IPv6 single-stack",
      dual: true,
      service: { clusterIP: null, ipFamilies: ["IPv6"] },
      policy: "SingleStack",
      families: ["IPv6"],
      clusterIPs: ["fd00:10:96::1"],
    },
    {
      name: "two addresses and no policy infer RequireDualStack, families from the addresses",
      dual: true,
      service: { clusterIP: null, clusterIPs: ["10.96.12.34", "fd00:10:96::20"] },
      policy: "RequireDualStack",
      families: ["IPv4", "IPv6"],
      clusterIPs: ["10.96.12.34", "fd00:10:96::20"],
    },
    {
      name: "two families and no policy infer RequireDualStack",
      dual: true,
      service: { ipFamilies: ["IPv4", "IPv6"] },
      policy: "RequireDualStack",
      families: ["IPv4", "IPv6"],
      clusterIPs: ["10.96.12.34", "fd00:10:96::1"],
    },
    {
      name: "headless with a selector, PreferDualStack: both families, no address",
      dual: true,
      service: { clusterIP: "None", ipFamilyPolicy: "PreferDualStack" },
      policy: "PreferDualStack",
      families: ["IPv4", "IPv6"],
      clusterIPs: ["None"],
    },
    {
      name: "headless without a selector may be dual-stack even on a single-stack cluster",
      dual: false,
      service: { clusterIP: "None", selector: null, ipFamilyPolicy: "PreferDualStack" },
      policy: "PreferDualStack",
      families: ["IPv4", "IPv6"],
      clusterIPs: ["None"],
    },
  ];
  it.each(cases)("$name", ({ dual, service, policy, families, clusterIPs }) => {
    const change = (input: ScenarioInput) => Object.assign(input.services[0]!, service);
    const s = valid(dual ? dualStackSeed(change) : dualStackSeedless(change));
    const svc = bar(s);
    expect(svc.ipFamilyPolicy).toBe(policy);
    expect(svc.ipFamilies).toEqual(families);
    expect(svc.clusterIPs).toEqual(clusterIPs);
    expect(svc.clusterIP).toBe(clusterIPs[0]);
  });

  it("the normalised scenario lists every range and address per family", () => {
    const s = valid(dualStackSeed());
    expect(s.clusterCIDRs).toEqual(["10.244.0.0/16", "fd00:10:244::/56"]);
    expect(s.serviceCIDRs).toEqual(["10.96.0.0/12", "fd00:10:96::/112"]);
    expect(s.pods.find((p) => p.name === "foo")?.podIPs).toEqual(["10.244.1.10"]);
    const single = valid(structuredClone(SEED_SCENARIO));
    expect(single.clusterCIDRs).toEqual(["10.244.0.0/16"]);
    expect(single.nodes[0]?.podCIDRs).toEqual(["10.244.1.0/24"]);
    const dns = single.services.find((svc) => svc.name === "kube-dns")!;
    expect([dns.ipFamilyPolicy, dns.ipFamilies, dns.clusterIPs]).toEqual(["SingleStack", ["IPv4"], ["10.96.0.10"]]);
    const externalName = valid(
      dualStackSeedless((input) => {
        input.services.push({ namespace: "app", name: "db", type: "ExternalName", externalName: "db.example.com" });
      }),
    ).services.find((svc) => svc.name === "db")!;
    expect([externalName.ipFamilyPolicy, externalName.ipFamilies, externalName.clusterIPs]).toEqual([null, [], []]);
  });

  it("accepts a dual-stack pod with its IPv6 address in its node's IPv6 pod CIDR", () => {
    const s = valid(
      dualStackSeed((input) => {
        input.pods[0]!.podIPs = ["10.244.1.10", "fd00:10:244:1::a"];
      }),
    );
    expect(s.pods[0]?.podIPs).toEqual(["10.244.1.10", "fd00:10:244:1::a"]);
  });
});

/** The seed scenario unchanged (IPv4 single-stack). */
function dualStackSeedless(change: (input: ScenarioInput) => void): ScenarioInput {
  const input = structuredClone(SEED_SCENARIO);
  change(input);
  return input;
}

describe("Service ipFamilies, ipFamilyPolicy and clusterIPs: errors by field path", () => {
  const cases: {
    name: string;
    dual: boolean;
    change: (input: ScenarioInput) => void;
    path: string;
    message: string;
  }[] = [
    {
      name: "RequireDualStack on a single-stack cluster",
      dual: false,
      change: (s) => (s.services[0]!.ipFamilyPolicy = "RequireDualStack"),
      path: "services.0.ipFamilyPolicy",
      message: "this cluster is not configured for dual-stack services (serviceCIDRs lists IPv4 only)",
    },
    {
      name: "an IPv6 family on a single-stack cluster",
      dual: false,
      change: (s) => Object.assign(s.services[0]!, { clusterIP: null, ipFamilies: ["IPv6"] }),
      path: "services.0.ipFamilies.0",
      message: "IPv6 is not configured on this cluster",
    },
    {
      name: "clusterIPs[0] of another family than ipFamilies[0]",
      dual: true,
      change: (s) =>
        Object.assign(s.services[0]!, { ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv6", "IPv4"] }),
      path: "services.0.clusterIP",
      message: "expected an IPv6 value as indicated by `ipFamilies[0]`",
    },
    {
      name: "clusterIPs[1] of another family than ipFamilies[1]",
      dual: true,
      change: (s) =>
        Object.assign(s.services[0]!, { clusterIPs: ["10.96.12.34", "fd00:10:96::5"], ipFamilies: ["IPv4", "IPv4"] }),
      path: "services.0.ipFamilies.1",
      message: 'Duplicate value: "IPv4"',
    },
    {
      name: "two addresses of one family",
      dual: true,
      change: (s) =>
        Object.assign(s.services[0]!, {
          clusterIPs: ["10.96.12.34", "10.96.12.35"],
          ipFamilyPolicy: "RequireDualStack",
        }),
      path: "services.0.clusterIPs",
      message: "may specify no more than one IP for each IP family",
    },
    {
      name: "SingleStack with two families",
      dual: true,
      change: (s) => Object.assign(s.services[0]!, { ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4", "IPv6"] }),
      path: "services.0.ipFamilyPolicy",
      message: "must be 'RequireDualStack' or 'PreferDualStack' when multiple 'ipFamilies' are specified",
    },
    {
      name: "SingleStack with two addresses",
      dual: true,
      change: (s) =>
        Object.assign(s.services[0]!, { ipFamilyPolicy: "SingleStack", clusterIPs: ["10.96.12.34", "fd00:10:96::5"] }),
      path: "services.0.ipFamilyPolicy",
      message: "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP addresses are specified",
    },
    {
      name: "clusterIPs not starting with clusterIP",
      dual: true,
      change: (s) => (s.services[0]!.clusterIPs = ["10.96.12.35"]),
      path: "services.0.clusterIPs",
      message: "first value must match `clusterIP`",
    },
    {
      name: "None after an address",
      dual: true,
      change: (s) => Object.assign(s.services[0]!, { clusterIP: null, clusterIPs: ["None", "fd00:10:96::5"] }),
      path: "services.0.clusterIPs",
      message: "'None' must be the first and only value",
    },
    {
      name: "an IPv6 address not in canonical form",
      dual: true,
      change: (s) => Object.assign(s.services[0]!, { clusterIPs: ["10.96.12.34", "fd00:10:96:0::5"] }),
      path: "services.0.clusterIPs.1",
      message: "must be written in canonical form (RFC 5952)",
    },
    {
      name: "an IPv6 address outside the IPv6 service range",
      dual: true,
      change: (s) => Object.assign(s.services[0]!, { clusterIPs: ["10.96.12.34", "fd00:10:97::5"] }),
      path: "services.0.clusterIPs.1",
      message: "fd00:10:97::5 is outside serviceCIDR fd00:10:96::/112",
    },
    {
      name: "an IPv6 address used by two Services",
      dual: true,
      change: (s) => {
        s.services[0]!.clusterIPs = ["10.96.12.34", "fd00:10:96::5"];
        s.services.push({ namespace: "app", name: "baz", clusterIPs: ["fd00:10:96::5"], ports: [{ port: 80 }] });
      },
      path: "services.1.clusterIPs.0",
      message: "ClusterIP fd00:10:96::5 is already used by service app/bar",
    },
    {
      name: "an ExternalName Service with families",
      dual: true,
      change: (s) =>
        s.services.push({
          namespace: "app",
          name: "db",
          type: "ExternalName",
          externalName: "db.example.com",
          ipFamilies: ["IPv4"],
        }),
      path: "services.1.ipFamilies",
      message: "must be empty for ExternalName services",
    },
    {
      name: "podIPs not starting with the pod's ip",
      dual: true,
      change: (s) => (s.pods[0]!.podIPs = ["10.244.1.11", "fd00:10:244:1::a"]),
      path: "pods.0.podIPs.0",
      message: "first value must match `ip` (status.podIP)",
    },
    {
      name: "a pod's IPv6 address outside its node's IPv6 pod CIDR",
      dual: true,
      change: (s) => (s.pods[0]!.podIPs = ["10.244.1.10", "fd00:10:244:2::a"]),
      path: "pods.0.podIPs.1",
      message: "fd00:10:244:2::a is outside the IPv6 pod CIDR fd00:10:244:1::/64 of node node-1",
    },
    {
      name: "two IPv4 pod addresses",
      dual: true,
      change: (s) => (s.pods[0]!.podIPs = ["10.244.1.10", "10.244.1.11"]),
      path: "pods.0.podIPs.1",
      message: "must be an IPv6 address: a pod has at most one address per family",
    },
    {
      name: "a pod IPv6 address on a node without an IPv6 pod CIDR",
      dual: false,
      change: (s) => (s.pods[0]!.podIPs = ["10.244.1.10", "fd00:10:244:1::a"]),
      path: "pods.0.podIPs.1",
      message: "node node-1 has no IPv6 pod CIDR (podCIDRs)",
    },
    {
      name: "a node IPv6 pod CIDR outside the cluster's",
      dual: true,
      change: (s) => (s.nodes[0]!.podCIDRs = ["10.244.1.0/24", "fd00:10:245:1::/64"]),
      path: "nodes.0.podCIDRs.1",
      message: "fd00:10:245:1::/64 is not inside clusterCIDRs.1 fd00:10:244::/56",
    },
    {
      name: "a node IPv6 pod CIDR on an IPv4-only cluster",
      dual: false,
      change: (s) => (s.nodes[0]!.podCIDRs = ["10.244.1.0/24", "fd00:10:244:1::/64"]),
      path: "nodes.0.podCIDRs.1",
      message: "the cluster has no IPv6 pod range (clusterCIDRs lists IPv4 only)",
    },
    {
      name: "an IPv4 second service range",
      dual: false,
      change: (s) => (s.serviceCIDRs = ["10.96.0.0/12", "172.20.0.0/16"]),
      path: "serviceCIDRs.1",
      message: "must be an IPv6 CIDR such as fd00:10:244::/56 (IPv4 is the primary family, serviceCIDR)",
    },
    {
      name: "a range list not starting with the single field",
      dual: false,
      change: (s) => (s.clusterCIDRs = ["10.245.0.0/16", "fd00:10:244::/56"]),
      path: "clusterCIDRs.0",
      message: "first value must match `clusterCIDR` (10.244.0.0/16)",
    },
  ];
  it.each(cases)("$name → $path", ({ dual, change, path, message }) => {
    const errors = errorsOf(dual ? dualStackSeed(change) : dualStackSeedless(change));
    expect(errors).toContainEqual({ path, message });
  });

  it("an IPv6 service range too small for the Services' IPv6 addresses", () => {
    const errors = errorsOf(
      dualStackSeed((s) => {
        s.serviceCIDRs = ["10.96.0.0/12", "fd00:10:96::/127"];
        s.services[0]!.ipFamilyPolicy = "PreferDualStack";
        s.services.push({ namespace: "app", name: "baz", ipFamilyPolicy: "PreferDualStack", ports: [{ port: 80 }] });
      }),
    );
    expect(errors).toEqual([{ path: "serviceCIDRs.1", message: "too small for the Services' IPv6 addresses" }]);
  });

  it("an unknown family or policy is a shape error at its path", () => {
    const errors = errorsOf(
      dualStackSeed((s) => {
        Object.assign(s.services[0]!, { ipFamilies: ["IPv5"], ipFamilyPolicy: "DualStack" });
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(["services.0.ipFamilies.0", "services.0.ipFamilyPolicy"]);
  });
});
