// /etc/hosts: known answers from kubelet (pkg/kubelet/kubelet_pods_test.go TestManagedHostsFileContent and the
// kubernetes.io "Adding entries to Pod /etc/hosts with HostAliases" page) and the lookup glibc and musl make.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hostsFileFor,
  lookupHosts,
  renderHostsFile,
  SEED_SCENARIO,
  traceScenario,
  validateScenario,
  type Scenario,
  type ScenarioInput,
} from "../../../lib/sim";
import { dualStackInput } from "./seed-variants";

function scenarioOf(change: (s: ScenarioInput) => void): Scenario {
  const input = structuredClone(SEED_SCENARIO);
  change(input);
  const valid = validateScenario(input);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return valid.value;
}

function fooOf(s: ScenarioInput) {
  const pod = s.pods.find((p) => p.name === "foo");
  if (pod === undefined) throw new Error("seed has foo");
  return pod;
}

const BOILERPLATE = [
  "# Kubernetes-managed hosts file.",
  "127.0.0.1\tlocalhost",
  "::1\tlocalhost ip6-localhost ip6-loopback",
  "fe00::0\tip6-localnet",
  "fe00::0\tip6-mcastprefix",
  "fe00::1\tip6-allnodes",
  "fe00::2\tip6-allrouters",
];

describe("the /etc/hosts kubelet writes", () => {
  it("a pod without subdomain: boilerplate and its IP with its hostname (kubernetes.io nginx example)", () => {
    const s = scenarioOf(() => {});
    const foo = s.pods.find((p) => p.name === "foo");
    if (foo === undefined) throw new Error("seed has foo");
    expect(renderHostsFile(hostsFileFor(s, foo))).toBe([...BOILERPLATE, "10.244.1.10\tfoo", ""].join("\n"));
  });

  it("hostname and subdomain: IP, FQDN, short name; hostAliases under their own header (kubelet test vector)", () => {
    const s = scenarioOf((input) => {
      const foo = fooOf(input);
      foo.hostname = "hostname";
      foo.subdomain = "subdomain";
      foo.hostAliases = [
        { ip: "123.45.67.89", hostnames: ["foo", "bar", "baz"] },
        { ip: "45.78.90.12", hostnames: ["park", "doo", "boo"] },
      ];
    });
    const foo = s.pods.find((p) => p.name === "foo");
    if (foo === undefined) throw new Error("seed has foo");
    expect(renderHostsFile(hostsFileFor(s, foo))).toBe(
      [
        ...BOILERPLATE,
        "10.244.1.10\thostname.subdomain.app.svc.cluster.local\thostname",
        "",
        "# Entries added by HostAliases.",
        "123.45.67.89\tfoo\tbar\tbaz",
        "45.78.90.12\tpark\tdoo\tboo",
        "",
      ].join("\n"),
    );
  });

  it("setHostnameAsFQDN: the kernel hostname is the FQDN; the file is unchanged", () => {
    const s = scenarioOf((input) => {
      Object.assign(fooOf(input), { hostname: "foo", subdomain: "web", setHostnameAsFQDN: true });
    });
    const foo = s.pods.find((p) => p.name === "foo");
    if (foo === undefined) throw new Error("seed has foo");
    const file = hostsFileFor(s, foo);
    expect(file.kernelHostname).toBe("foo.web.app.svc.cluster.local");
    expect(file.lines.find((l) => l.origin === "pod")?.names).toEqual(["foo.web.app.svc.cluster.local", "foo"]);
  });

  it("setHostnameAsFQDN without a subdomain keeps the short name", () => {
    const s = scenarioOf((input) => {
      fooOf(input).setHostnameAsFQDN = true;
    });
    const foo = s.pods.find((p) => p.name === "foo");
    if (foo === undefined) throw new Error("seed has foo");
    expect(hostsFileFor(s, foo).kernelHostname).toBe("foo");
  });

  it("an FQDN over 64 characters with setHostnameAsFQDN is an error at the field", () => {
    const input = structuredClone(SEED_SCENARIO);
    Object.assign(fooOf(input), {
      hostname: "a-rather-long-hostname-for-this-pod",
      subdomain: "and-a-long-subdomain",
      setHostnameAsFQDN: true,
    });
    const valid = validateScenario(input);
    expect(valid.ok).toBe(false);
    if (valid.ok) return;
    expect(valid.errors.map((e) => e.path)).toContain("pods.0.setHostnameAsFQDN");
    expect(valid.errors.find((e) => e.path === "pods.0.setHostnameAsFQDN")?.message).toMatch(/at most 64/);
  });

  it("a hostNetwork pod gets the node's file plus its hostAliases, without the pod line", () => {
    const s = scenarioOf((input) => {
      const foo = fooOf(input);
      foo.hostNetwork = true;
      foo.ip = input.nodes[0]?.ip ?? "";
      foo.hostAliases = [{ ip: "10.1.2.3", hostnames: ["db.remote"] }];
    });
    const foo = s.pods.find((p) => p.name === "foo");
    if (foo === undefined) throw new Error("seed has foo");
    const text = renderHostsFile(hostsFileFor(s, foo));
    expect(text).not.toContain("Kubernetes-managed");
    expect(text).toContain("# Entries added by HostAliases.\n10.1.2.3\tdb.remote\n");
  });
});

describe("looking a name up in /etc/hosts", () => {
  const s = scenarioOf((input) => {
    fooOf(input).hostAliases = [
      { ip: "10.1.2.3", hostnames: ["foo.remote", "bar.remote"] },
      { ip: "10.1.2.4", hostnames: ["bar.remote"] },
    ];
  });
  const foo = s.pods.find((p) => p.name === "foo");
  if (foo === undefined) throw new Error("seed has foo");
  const file = hostsFileFor(s, foo);

  it.each([
    ["bar.remote", "glibc", ["10.1.2.3", "10.1.2.4"]],
    ["foo.remote", "musl", ["10.1.2.3"]],
    ["FOO.remote", "glibc", ["10.1.2.3"]],
    ["FOO.remote", "musl", null],
    ["bar.remote.", "glibc", null],
    ["foo", "glibc", ["10.244.1.10"]],
    ["localhost", "musl", ["127.0.0.1"]],
    ["bar", "glibc", null],
  ] as const)("%s (%s) → %j", (name, flavour, expected) => {
    expect(lookupHosts(file, name, flavour)?.addresses ?? null).toEqual(expected);
  });

  it("a name in /etc/hosts sends no DNS query and connects to the alias", () => {
    const t = traceScenario(
      scenarioOf((input) => {
        fooOf(input).hostAliases = [{ ip: "10.1.2.3", hostnames: ["bar"] }];
      }),
      { seed: 1 },
    );
    expect(t.dns.queries).toEqual([]);
    expect(t.dns.packets).toBe(0);
    expect(t.dns.result.addresses).toEqual(["10.1.2.3"]);
    expect(t.hops.map((h) => h.kind).slice(0, 3)).toEqual(["app.request", "resolver.hosts", "resolver.result"]);
    expect(t.connection?.dst).toBe("10.1.2.3:443");
  });

  it("property: a name with a trailing dot never matches; every alias name matches itself", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,10}(\.[a-z][a-z0-9]{0,10}){0,3}$/), (name) => {
        const aliased = scenarioOf((input) => {
          fooOf(input).hostAliases = [{ ip: "10.9.9.9", hostnames: [name] }];
        });
        const pod = aliased.pods.find((p) => p.name === "foo");
        if (pod === undefined) throw new Error("seed has foo");
        const f = hostsFileFor(aliased, pod);
        expect(lookupHosts(f, `${name}.`, "glibc")).toBeNull();
        expect(lookupHosts(f, name, "musl")?.addresses).toContain("10.9.9.9");
      }),
      { numRuns: 50 },
    );
  });
});

// The order getaddrinfo returns /etc/hosts' addresses in (AF_UNSPEC): both libraries read the matching lines in
// file order and then sort them as they sort a DNS answer (glibc sysdeps/posix/getaddrinfo.c rfc3484_sort, musl
// src/network/lookup_name.c, which leaves an all-IPv4 list alone). Known answers observed on Debian's glibc and
// musl (musl-gcc -static) in a network namespace with the pod's addresses (tests/unit/kernel/hosts-order.test.ts
// checks them on every kernel-capable run): loopback destinations use lo's own source address, so `localhost`
// gives ::1 (precedence 50) before 127.0.0.1 (10 in RFC 3484, 35 in RFC 6724) even on an IPv4-only pod.
describe("the order of /etc/hosts answers (destination address selection)", () => {
  const aliases = [
    { ip: "fd00::5", hostnames: ["db.remote", "lo6.remote"] },
    { ip: "10.1.2.3", hostnames: ["db.remote", "mix.remote"] },
    { ip: "127.0.0.1", hostnames: ["mix.remote", "lo6.remote"] },
    { ip: "::1", hostnames: ["lo6.remote"] },
  ];
  const traced = (host: string, flavour: "glibc" | "musl", dualStack: boolean) => {
    const change = (input: ScenarioInput) => {
      fooOf(input).hostAliases = aliases;
      fooOf(input).resolver = flavour;
      input.request = { from: "app/foo", url: `http://${host}/` };
    };
    const valid = validateScenario(dualStack ? dualStackInput(change, true) : scenarioOf(change));
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    return traceScenario(valid.value, { seed: 1 });
  };

  it.each([
    // [name, library, dual-stack pod, addresses in the order returned]
    ["localhost", "glibc", false, ["::1", "127.0.0.1"]],
    ["localhost", "musl", false, ["::1", "127.0.0.1"]],
    ["localhost", "glibc", true, ["::1", "127.0.0.1"]],
    ["localhost", "musl", true, ["::1", "127.0.0.1"]],
    // IPv6 first in the file: unusable without an IPv6 address; with one, glibc prefers it (40 over 10), musl
    // does not (fc00::/7 is 3, IPv4 35)
    ["db.remote", "glibc", false, ["10.1.2.3", "fd00::5"]],
    ["db.remote", "musl", false, ["10.1.2.3", "fd00::5"]],
    ["db.remote", "glibc", true, ["fd00::5", "10.1.2.3"]],
    ["db.remote", "musl", true, ["10.1.2.3", "fd00::5"]],
    // IPv4 only: glibc puts the smaller scope (127.0.0.1, link-local) first (rule 8); musl keeps the file's order
    ["mix.remote", "glibc", false, ["127.0.0.1", "10.1.2.3"]],
    ["mix.remote", "musl", false, ["10.1.2.3", "127.0.0.1"]],
    ["lo6.remote", "glibc", false, ["::1", "127.0.0.1", "fd00::5"]],
    ["lo6.remote", "glibc", true, ["::1", "fd00::5", "127.0.0.1"]],
    ["lo6.remote", "musl", true, ["::1", "127.0.0.1", "fd00::5"]],
  ] as const)("%s on %s (dual-stack pod: %s) → %j", (host, flavour, dualStack, expected) => {
    const t = traced(host, flavour, dualStack);
    expect(t.dns.queries).toEqual([]);
    expect(t.dns.result.addresses).toEqual(expected);
  });

  it("says why the order differs from the file's, and does not follow a loopback connection", () => {
    const t = traced("localhost", "glibc", false);
    const result = t.hops.find((h) => h.kind === "resolver.result");
    expect(result?.summary).toContain("The file lists 127.0.0.1, ::1");
    expect(result?.summary).toContain("loopback ::1 has the highest precedence (50; IPv4 10)");
    expect(result?.summary).toContain("the trace ends here");
    expect(result?.detail).toMatchObject({
      fileOrder: ["127.0.0.1", "::1"],
      order: "RFC 3484 (glibc gai.conf defaults)",
    });
    expect(t.connection).toBeNull();
    expect(t.hops.at(-1)?.kind).toBe("resolver.result");
  });

  it("a reordered alias gets the note; one answered in the file's order gets none", () => {
    const t = traced("db.remote", "glibc", false);
    expect(t.hops.find((h) => h.kind === "resolver.result")?.summary).toContain("The file lists fd00::5, 10.1.2.3");
    const plain = traceScenario(
      scenarioOf((input) => (fooOf(input).hostAliases = [{ ip: "10.1.2.3", hostnames: ["bar"] }])),
      { seed: 1 },
    );
    expect(plain.hops.find((h) => h.kind === "resolver.result")?.summary).toBe(
      "getaddrinfo returns 10.1.2.3 from /etc/hosts; DNS is not consulted.",
    );
  });
});
