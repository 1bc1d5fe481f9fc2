import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  endpointsOf,
  generateScenario,
  hostsFileFor,
  iptablesRestore,
  splitHostPort,
  traceScenario,
  tracePaths,
  usableEndpoints,
  validateScenario,
  type Difficulty,
  type Scenario,
  type Trace,
} from "../../../lib/sim";
import { podOf } from "./seed-variants";

const difficulty = fc.constantFrom<Difficulty>("easy", "medium", "hard");
const seed = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

function generated(s: number, d: Difficulty): Scenario {
  const result = validateScenario(generateScenario(s, d));
  if (!result.ok) throw new Error(`generated scenario ${s}/${d} is invalid: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** with the variants added after seeds were first stored (named ports, zones) */
function extendedGenerated(s: number, d: Difficulty): Scenario {
  const result = validateScenario(generateScenario(s, d, { extended: true }));
  if (!result.ok) throw new Error(`generated scenario ${s}/${d} is invalid: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** The extended scenarios of seeds 0 … count-1 at `d` that `has` a variant, with their seeds. */
function extendedSeedsWhere(
  d: Difficulty,
  count: number,
  has: (scenario: Scenario) => boolean,
): { s: number; scenario: Scenario }[] {
  const found: { s: number; scenario: Scenario }[] = [];
  for (let s = 0; s < count; s++) {
    const scenario = extendedGenerated(s, d);
    if (has(scenario)) found.push({ s, scenario });
  }
  return found;
}

/** The pod the request is from. */
const clientOf = (scenario: Scenario) => podOf(scenario, scenario.request.from);

function hostOf(scenario: Scenario): string {
  return /^[a-z]+:\/\/([^/:]+)/i.exec(scenario.request.url)?.[1] ?? "";
}

describe("generateScenario", () => {
  it("gives the same scenario for the same seed and difficulty", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        expect(generateScenario(s, d)).toEqual(generateScenario(s, d));
      }),
      { numRuns: 100 },
    );
  });

  it("varies: different seeds give different scenarios", () => {
    const urls = new Set<string>();
    for (let s = 0; s < 50; s++) urls.add(JSON.stringify(generateScenario(s, "hard")));
    expect(urls.size).toBeGreaterThan(45);
  });

  it("easy scenarios stay close to the seed: iptables, a Service by its short name from app", () => {
    for (let s = 0; s < 30; s++) {
      const scenario = generated(s, "easy");
      expect(scenario.kubeProxy.mode).toBe("iptables");
      expect(scenario.request.from.startsWith("app/")).toBe(true);
      expect(hostOf(scenario)).not.toContain(".");
    }
  });

  it("covers the variants over many seeds", () => {
    const seen = new Set<string>();
    for (let s = 0; s < 400; s++) {
      const scenario = extendedGenerated(s, "hard");
      const client = scenario.pods.find((p) => `${p.namespace}/${p.name}` === scenario.request.from);
      const host = hostOf(scenario);
      seen.add(`mode:${scenario.kubeProxy.mode}`);
      seen.add(`cni:${scenario.cni.mode}`);
      if (client?.hostNetwork) seen.add("hostNetwork");
      if (client?.resolver === "musl") seen.add("musl");
      if (client?.dnsConfig?.options?.some((o) => o.name === "ndots")) seen.add("ndots");
      if (scenario.dns.nodeLocalDNS !== null) seen.add("nodelocal");
      if (host.endsWith(".")) seen.add("trailing-dot");
      if (scenario.services.some((x) => x.type === "ExternalName")) seen.add("externalname");
      if (scenario.services.some((x) => x.clusterIP === "None")) seen.add("headless");
      if (scenario.request.from.split("/")[0] !== scenario.services[0]?.namespace) seen.add("cross-namespace");
      if (scenario.services.some((x) => x.ports.some((p) => typeof p.targetPort === "string"))) seen.add("named-port");
      if (scenario.services.some((x) => x.trafficDistribution === "PreferClose")) seen.add("prefer-close");
      if (scenario.serviceCIDRs.length === 2) seen.add("dual-stack");
      if (client?.hostAliases.length) seen.add("hostAliases");
      if (client?.setHostnameAsFQDN) seen.add("setHostnameAsFQDN");
    }
    expect([...seen].sort()).toEqual(
      [
        "cni:bgp",
        "cni:cloud-routes",
        "cni:host-gw",
        "cni:vxlan",
        "cross-namespace",
        "dual-stack",
        "externalname",
        "headless",
        "hostAliases",
        "hostNetwork",
        "mode:ipvs",
        "mode:iptables",
        "mode:nftables",
        "musl",
        "named-port",
        "ndots",
        "nodelocal",
        "prefer-close",
        "setHostnameAsFQDN",
        "trailing-dot",
      ].sort(),
    );
  });
});

function proxyHops(trace: Trace): number {
  return trace.hops.filter((h) => h.kind.startsWith("proxy.")).length;
}

describe("properties of traces of generated scenarios", () => {
  it("every generated scenario validates and traces", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const trace = traceScenario(generated(s, d), { seed: s });
        expect(trace.hops[0]?.kind).toBe("app.request");
        for (const hop of trace.hops) expect(hop.summary.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("every extended scenario (dual-stack, /etc/hosts and the other later variants) validates and traces", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const scenario = extendedGenerated(s, d);
        const trace = traceScenario(scenario, { seed: s });
        expect(trace.hops[0]?.kind).toBe("app.request");
        for (const hop of trace.hops) expect(hop.summary.length).toBeGreaterThan(0);
        expect(traceScenario(scenario, { seed: s })).toEqual(trace);
        // an IPv6 connection is written [addr]:port, and only on a dual-stack cluster
        if (trace.connection?.dst.startsWith("[")) expect(scenario.serviceCIDRs).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  });

  it("tracing is deterministic for a seed", () => {
    fc.assert(
      fc.property(seed, difficulty, fc.integer(), (s, d, traceSeed) => {
        const scenario = generated(s, d);
        expect(traceScenario(scenario, { seed: traceSeed })).toEqual(traceScenario(scenario, { seed: traceSeed }));
      }),
      { numRuns: 100 },
    );
  });

  it("a name with a trailing dot is queried exactly once", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const scenario = generated(s, d);
        const host = hostOf(scenario);
        if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return;
        const fqdn = host.endsWith(".") ? host : `${host}.`;
        const url = scenario.request.url.replace(`://${host}`, `://${fqdn}`);
        const trace = traceScenario({ ...scenario, request: { ...scenario.request, url } }, { seed: s });
        const servers = new Set(trace.dns.queries.map((q) => q.server));
        expect(new Set(trace.dns.queries.map((q) => q.name))).toEqual(new Set([fqdn]));
        // one query per nameserver tried (a second server only after the first gave no answer)
        expect(trace.dns.queries).toHaveLength(servers.size);
      }),
      { numRuns: 200 },
    );
  });

  it("no kube-proxy hop when the address is not a Service IP (headless, ExternalName, pod IP, external)", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const scenario = generated(s, d);
        const trace = traceScenario(scenario, { seed: s });
        const ip = trace.connection?.dst.split(":")[0];
        if (ip === undefined) return;
        const service = scenario.services.find((x) => x.clusterIP === ip);
        if (service === undefined) {
          expect(trace.proxy).toBeNull();
          expect(proxyHops(trace)).toBe(0);
        }
        for (const query of trace.dns.queries) {
          const target = scenario.services.find(
            (x) => query.name === `${x.name}.${x.namespace}.svc.${scenario.clusterDomain}.`,
          );
          // an ExternalName may alias another Service's cluster name: then its ClusterIP is proxied, rightly
          if (service !== undefined) continue;
          if (
            target !== undefined &&
            query.rcode === "NOERROR" &&
            (target.type === "ExternalName" || target.clusterIP === "None")
          ) {
            expect(trace.proxy).toBeNull();
            expect(proxyHops(trace)).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the chosen backend is a usable endpoint of the Service, and endpoint probabilities sum to 1", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const scenario = generated(s, d);
        const trace = traceScenario(scenario, { seed: s });
        if (trace.proxy !== null && trace.proxy.candidates.length > 0) {
          const sum = trace.proxy.candidates.reduce((n, c) => n + c.probability, 0);
          expect(sum).toBeCloseTo(1, 9);
        }
        const connection = trace.connection;
        if (connection === null || connection.outcome !== "established" || trace.proxy === null) return;
        const [ip, port] = connection.dst.split(":");
        const service = scenario.services.find((x) => x.clusterIP === ip);
        expect(service).toBeDefined();
        if (service === undefined) return;
        const usable = usableEndpoints(endpointsOf(scenario, service));
        const servicePort = service.ports.find((p) => p.port === Number(port));
        const target = servicePort?.targetPort ?? servicePort?.port;
        // a named targetPort is the endpoint pod's container port of that name
        const targets = usable.map((e) =>
          typeof target === "string"
            ? `${e.ip}:${e.pod.containerPorts.find((c) => c.name === target)?.containerPort}`
            : `${e.ip}:${target}`,
        );
        expect(targets).toContain(connection.backend);
      }),
      { numRuns: 300 },
    );
  });

  it("extended: the backend is a usable endpoint's address of the connection's family (dual-stack included)", () => {
    let v6 = 0;
    fc.assert(
      fc.property(seed, fc.constantFrom<Difficulty>("medium", "hard"), (s, d) => {
        const scenario = extendedGenerated(s, d);
        const trace = traceScenario(scenario, { seed: s });
        const connection = trace.connection;
        if (connection === null || connection.outcome !== "established" || trace.proxy === null) return;
        if (connection.backend === null) return;
        const dst = splitHostPort(connection.dst);
        const service = scenario.services.find((x) => x.clusterIPs.includes(dst.ip));
        if (service === undefined) return; // a load balancer or node address: covered by the outside tests
        const family = dst.ip.includes(":") ? 1 : 0;
        if (family === 1) v6++;
        const port = service.ports.find((p) => p.port === dst.port);
        const target = port?.targetPort ?? port?.port;
        const backends = usableEndpoints(endpointsOf(scenario, service)).flatMap((e) => {
          const ip = e.pod.podIPs[family];
          const number =
            typeof target === "string" ? e.pod.containerPorts.find((c) => c.name === target)?.containerPort : target;
          return ip === undefined || number === undefined
            ? []
            : [family === 1 ? `[${ip}]:${number}` : `${ip}:${number}`];
        });
        expect(backends).toContain(connection.backend);
      }),
      { numRuns: 300 },
    );
    expect(v6).toBeGreaterThan(0);
  });

  it("DNS packets are counted: two per candidate and nameserver tried (A + AAAA) when every query got an answer", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const trace = traceScenario(generated(s, d), { seed: s });
        const answered = trace.dns.queries.every((q) => q.rcode !== "TIMEOUT");
        if (answered) expect(trace.dns.packets).toBe(2 * trace.dns.queries.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the named-port variant", () => {
  it("sends only to pods that name the port, each on its own number", () => {
    let checked = 0;
    for (let s = 0; s < 400 && checked < 5; s++) {
      const scenario = extendedGenerated(s, "hard");
      const service = scenario.services[0];
      const named = service?.ports[0]?.targetPort;
      // zone hints would narrow the candidates further (the zoned variant below)
      if (service === undefined || typeof named !== "string" || service.trafficDistribution !== null) continue;
      checked++;
      const pods = scenario.pods.filter((p) => p.namespace === service.namespace && p.labels["app"] === service.name);
      const expected = pods.flatMap((p) => {
        const c = p.containerPorts.find((x) => x.name === named);
        return c === undefined ? [] : [`${p.ip}:${c.containerPort}`];
      });
      // one pod names the port differently; the others split over two numbers
      expect(expected.length).toBe(pods.length - 1);
      expect(new Set(expected.map((e) => e.split(":")[1])).size).toBe(2);
      const endpoints = tracePaths(scenario, { seed: s }).map((t) => t.connection?.backend);
      if (endpoints.every((e) => e !== null && e !== undefined)) {
        expect([...endpoints].sort()).toEqual([...expected].sort());
      }
    }
    expect(checked).toBe(5);
  });
});

describe("the zoned variant", () => {
  it("kube-proxy keeps only same-zone candidates whenever one is in the client's zone", () => {
    let narrowed = 0;
    for (let s = 0; s < 400; s++) {
      const scenario = extendedGenerated(s, "hard");
      const service = scenario.services[0];
      if (service?.trafficDistribution !== "PreferClose") continue;
      const trace = traceScenario(scenario, { seed: s });
      const topology = trace.hops.find((h) => h.kind === "proxy.endpoint")?.detail["topology"] as
        { filtered: boolean; zone: string } | null | undefined;
      if (topology?.filtered !== true) continue;
      narrowed++;
      const zoneOf = new Map(scenario.nodes.map((n) => [n.name, n.labels["topology.kubernetes.io/zone"]]));
      const podByIp = new Map(scenario.pods.flatMap((p) => p.podIPs.map((ip) => [ip, p] as const)));
      for (const c of trace.proxy?.candidates ?? []) {
        // "[v6]:port" on a dual-stack cluster
        const pod = podByIp.get(splitHostPort(c.endpoint).ip);
        expect(zoneOf.get(pod?.node ?? "")).toBe(topology.zone);
      }
    }
    expect(narrowed).toBeGreaterThan(0);
  });
});

describe("the autopath variant", () => {
  it("is valid (pods verified), and a name CoreDNS autopaths to an answer costs the client one query", () => {
    let autopathed = 0;
    let variants = 0;
    for (let s = 0; s < 300; s++) {
      const scenario = extendedGenerated(s, "hard");
      if (scenario.dns.coredns.corefile?.autopath !== true) continue;
      variants++;
      expect(scenario.dns.coredns.pods).toBe("verified");
      const trace = traceScenario(scenario, { seed: s });
      const first = trace.hops.find((h) => h.kind === "dns.lookup");
      const note = first?.detail["corefile"] as { autopath: { answeredBy: string | null } | null } | undefined;
      if (note?.autopath?.answeredBy == null || trace.dns.queries[0]?.rcode !== "NOERROR") continue;
      if (trace.dns.queries[0].answers.length === 0) continue;
      autopathed++;
      expect(trace.dns.queries).toHaveLength(1);
    }
    expect(variants).toBeGreaterThan(10);
    expect(autopathed).toBeGreaterThan(0);
  });
});

describe("stored seeds", () => {
  it("without { extended: true } no seed draws the later variants, so stored seeds regenerate what they showed", () => {
    for (const d of ["easy", "medium", "hard"] as const) {
      for (let s = 0; s < 300; s++) {
        const scenario = generated(s, d);
        expect(scenario.services.every((x) => x.trafficDistribution === null)).toBe(true);
        expect(scenario.services.every((x) => x.ports.every((p) => typeof p.targetPort !== "string"))).toBe(true);
        expect(scenario.nodes.every((n) => Object.keys(n.labels).length === 0)).toBe(true);
        expect(scenario.dns.coredns.corefile).toBeUndefined();
        expect(scenario.serviceCIDRs).toHaveLength(1);
        expect(scenario.clusterCIDRs).toHaveLength(1);
        expect(scenario.pods.every((p) => p.podIPs.length === 1)).toBe(true);
        expect(scenario.pods.every((p) => p.hostAliases.length === 0 && !p.setHostnameAsFQDN)).toBe(true);
      }
    }
  });

  it("the extended generator draws the same scenario as before for a seed whose variant existed then", () => {
    let same = 0;
    for (let s = 0; s < 200; s++) {
      const plain = generateScenario(s, "medium");
      const extended = generateScenario(s, "medium", { extended: true });
      const later = extended.serviceCIDRs !== undefined || extended.pods.some((p) => p.hostAliases !== undefined);
      if (later) continue;
      expect(extended).toEqual(plain);
      same++;
    }
    expect(same).toBeGreaterThan(100);
  });

  it("dual-stack and /etc/hosts entries are added to the scenario a seed gave before, which stays as it was", () => {
    // medium: the level whose extended draws were the plain ones before these variants (hard's differ anyway)
    let added = 0;
    for (const d of ["medium"] as const) {
      for (let s = 0; s < 300; s++) {
        const plain = generateScenario(s, d);
        const extended = generateScenario(s, d, { extended: true });
        if (extended.serviceCIDRs === undefined && extended.pods.every((p) => p.hostAliases === undefined)) continue;
        added++;
        // taking the added fields away gives back what the seed drew before (a dual-stack cluster runs flannel VXLAN)
        const { clusterCIDRs: _c, serviceCIDRs: _s, cni: _cni, ...rest } = extended;
        const back = {
          ...rest,
          cni: plain.cni,
          nodes: rest.nodes.map(({ podCIDRs: _p, labels: _l, ...n }) => n),
          pods: rest.pods.map(({ podIPs: _ip, hostAliases: _a, setHostnameAsFQDN, ...p }) => {
            if (setHostnameAsFQDN !== true) return p;
            const { hostname: _h, subdomain: _sd, ...unnamed } = p;
            return unnamed;
          }),
          services: rest.services.map(({ ipFamilyPolicy: _f, trafficDistribution: _t, ...x }) => x),
          dns: plain.dns,
        };
        const { nodes, services, dns: _d, ...plainRest } = plain;
        expect(back).toEqual({
          ...plainRest,
          dns: plain.dns,
          nodes: nodes.map(({ labels: _l, ...n }) => n),
          services: services.map(({ trafficDistribution: _t, ...x }) => x),
        });
      }
    }
    expect(added).toBeGreaterThan(50);
  });
});

describe("clients outside the cluster ({ client: 'outside' })", () => {
  const outside = (s: number, d: Difficulty): Scenario => {
    const result = validateScenario(generateScenario(s, d, { client: "outside" }));
    if (!result.ok) throw new Error(`outside scenario ${s}/${d} is invalid: ${JSON.stringify(result.errors)}`);
    return result.value;
  };
  const clientAddress = (scenario: Scenario) => scenario.request.from.slice("external/".length);

  it("call a LoadBalancer's ingress IP or a node's NodePort from an external address, and trace", () => {
    fc.assert(
      fc.property(seed, difficulty, (s, d) => {
        const scenario = outside(s, d);
        expect(scenario.request.from).toMatch(/^external\/203\.0\.113\.\d+$/);
        const target = scenario.services[0]!;
        expect(["LoadBalancer", "NodePort"]).toContain(target.type);
        const host = hostOf(scenario);
        if (target.type === "LoadBalancer") expect(target.status.loadBalancer.ingress.map((i) => i.ip)).toContain(host);
        else expect(scenario.nodes.map((n) => n.ip)).toContain(host);
        const trace = traceScenario(scenario, { seed: s });
        expect(trace.dns.queries).toEqual([]); // an address is called: no lookup
        expect(trace.connection).not.toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it("the pod sees the client's own address with externalTrafficPolicy Local, a masqueraded one with Cluster", () => {
    const seen = { Local: 0, Cluster: 0 };
    for (let s = 0; s < 300; s++) {
      const scenario = outside(s, "medium");
      const target = scenario.services[0]!;
      const trace = traceScenario(scenario, { seed: s });
      const source = trace.connection?.seenSource?.split(":")[0];
      if (trace.connection?.outcome !== "established" || source === undefined) continue;
      if (target.externalTrafficPolicy === "Local") {
        expect(source).toBe(clientAddress(scenario));
        seen.Local++;
      } else {
        // MASQUERADE takes the outgoing interface's address: the node's, or its overlay device's (x.x.x.0)
        expect(source).not.toBe(clientAddress(scenario));
        expect(trace.connection?.snat).toBe(true);
        seen.Cluster++;
      }
    }
    expect(seen.Local).toBeGreaterThan(10);
    expect(seen.Cluster).toBeGreaterThan(10);
  });

  it("hard ones add loadBalancerSourceRanges: a client outside them is dropped, one inside gets through", () => {
    const outcomes = { dropped: 0, accepted: 0 };
    for (let s = 0; s < 400; s++) {
      const scenario = outside(s, "hard");
      const ranges = scenario.services[0]!.loadBalancerSourceRanges;
      if (ranges.length === 0) continue;
      const trace = traceScenario(scenario, { seed: s });
      const inside = ranges.some((r) => clientAddress(scenario).startsWith(r.split(".").slice(0, 3).join(".") + "."));
      if (inside) {
        if (trace.connection?.outcome === "established") outcomes.accepted++;
      } else {
        expect(trace.connection?.outcome).toBe("timeout");
        expect(trace.hops.some((h) => h.kind === "proxy.drop")).toBe(true);
        outcomes.dropped++;
      }
    }
    expect(outcomes.dropped).toBeGreaterThan(0);
    expect(outcomes.accepted).toBeGreaterThan(0);
  });

  it("pod scenarios are drawn exactly as without the option (stored seeds keep their scenario)", () => {
    for (const d of ["easy", "medium", "hard"] as const) {
      for (let s = 0; s < 100; s++) expect(generateScenario(s, d, { client: "pod" })).toEqual(generateScenario(s, d));
    }
  });
});

describe("the dual-stack variant ({ extended: true }, medium and hard)", () => {
  const dualSeeds = (d: Difficulty, count: number) =>
    extendedSeedsWhere(d, count, (scenario) => scenario.serviceCIDRs.length === 2);

  it("appears at a sensible rate, never at easy, and validates and traces every time", () => {
    for (const d of ["medium", "hard"] as const) {
      const found = dualSeeds(d, 300);
      expect(found.length).toBeGreaterThan(300 * 0.1);
      expect(found.length).toBeLessThan(300 * 0.45);
      for (const { s, scenario } of found)
        expect(traceScenario(scenario, { seed: s }).hops[0]?.kind).toBe("app.request");
    }
    expect(dualSeeds("easy", 200)).toEqual([]);
  });

  it("gives each node an IPv6 /64 of fd00:10:244::/56 and each pod an address in its node's block", () => {
    for (const { scenario } of dualSeeds("hard", 150)) {
      expect(scenario.clusterCIDRs[1]).toBe("fd00:10:244::/56");
      expect(scenario.serviceCIDRs[1]).toBe("fd00:10:96::/112");
      expect(scenario.cni.mode).toBe("vxlan");
      scenario.nodes.forEach((n, i) => expect(n.podCIDRs).toEqual([n.podCIDR, `fd00:10:244:${i + 1}::/64`]));
      for (const pod of scenario.pods.filter((p) => !p.hostNetwork && !p.namespace.startsWith("kube-"))) {
        const n = scenario.nodes.findIndex((x) => x.name === pod.node) + 1;
        expect(pod.podIPs).toEqual([pod.ip, `fd00:10:244:${n}::${pod.ip.split(".")[3]}`]);
      }
      for (const svc of scenario.services.filter((x) => x.type === "ExternalName")) expect(svc.ipFamilies).toEqual([]);
    }
  });

  it("a glibc pod with an IPv6 address calls a dual-stack Service over IPv6, through the ip6tables rules", () => {
    let checked = 0;
    for (const d of ["medium", "hard"] as const) {
      for (const { s, scenario } of dualSeeds(d, 400)) {
        const trace = traceScenario(scenario, { seed: s });
        const dst = trace.connection?.dst ?? "";
        // (a Service without endpoints has no KUBE-SVC chain: the filter table REJECTs, tested elsewhere)
        if (!dst.startsWith("[") || scenario.kubeProxy.mode !== "iptables" || !trace.proxy?.candidates.length) continue;
        checked++;
        expect(dst).toMatch(/^\[fd00:10:96::[0-9a-f]+\]:\d+$/);
        expect(clientOf(scenario).resolver).toBe("glibc");
        const node = clientOf(scenario).node;
        const svcChain = trace.proxy.chains.find((c) => c.startsWith("KUBE-SVC-"));
        const sepChain = trace.proxy.chains.find((c) => c.startsWith("KUBE-SEP-"));
        expect(svcChain).toBeDefined();
        expect(sepChain).toBeDefined();
        const v6 = iptablesRestore(scenario, node, "IPv6");
        // the IPv6 proxier jumps from the IPv6 ClusterIP to the Service chain; the Service chain's name
        // hashes the port name and protocol only (the same in both families), an endpoint chain's hashes its
        // address too, so it exists only in the ip6tables rules
        const vip = splitHostPort(dst).ip;
        expect(
          v6
            .split("\n")
            .some((l) => l.startsWith("-A KUBE-SERVICES ") && l.includes(`-d ${vip} `) && l.endsWith(`-j ${svcChain}`)),
        ).toBe(true);
        expect(v6).toContain(`:${sepChain} `);
        expect(iptablesRestore(scenario, node, "IPv4")).not.toContain(`:${sepChain} `);
        for (const c of trace.proxy.candidates) expect(c.endpoint).toMatch(/^\[fd00:10:244:[0-9a-f]+::\d+\]:\d+$/);
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it("a SingleStack Service on the dual-stack cluster has no AAAA answer, so even glibc connects over IPv4", () => {
    let checked = 0;
    for (const { s, scenario } of dualSeeds("medium", 400)) {
      const target = scenario.services[0]!;
      if (target.type === "ExternalName" || target.clusterIP === "None") continue;
      if (target.ipFamilyPolicy !== "SingleStack") continue;
      const trace = traceScenario(scenario, { seed: s });
      if (trace.connection === null) continue;
      checked++;
      expect(target.clusterIPs).toHaveLength(1);
      expect(trace.dns.queries.flatMap((q) => q.answers).some((a) => a.type === "AAAA")).toBe(false);
      expect(trace.connection.dst.startsWith("[")).toBe(false);
    }
    expect(checked).toBeGreaterThan(3);
  });
});

describe("the /etc/hosts variant ({ extended: true }): hostAliases and setHostnameAsFQDN on the client", () => {
  const hostsSeeds = (d: Difficulty, count: number) =>
    extendedSeedsWhere(d, count, (scenario) => scenario.pods.some((p) => p.hostAliases.length > 0));

  it("appears at a sensible rate, only on the client, and never at easy", () => {
    for (const d of ["medium", "hard"] as const) {
      const found = hostsSeeds(d, 300);
      expect(found.length).toBeGreaterThan(300 * 0.1);
      expect(found.length).toBeLessThan(300 * 0.45);
      for (const { scenario } of found) {
        const withAliases = scenario.pods.filter((p) => p.hostAliases.length > 0);
        expect(withAliases).toEqual([clientOf(scenario)]);
      }
    }
    expect(hostsSeeds("easy", 200)).toEqual([]);
  });

  it("an alias for the called name answers from the file: no DNS query, no kube-proxy, the alias's address", () => {
    let pinned = 0;
    for (const d of ["medium", "hard"] as const) {
      for (const { s, scenario } of hostsSeeds(d, 300)) {
        const host = hostOf(scenario).replace(/\.$/, "");
        const alias = clientOf(scenario).hostAliases.find((a) => a.hostnames.includes(host));
        if (alias === undefined || hostOf(scenario).endsWith(".")) continue;
        pinned++;
        const trace = traceScenario(scenario, { seed: s });
        expect(trace.dns.queries).toEqual([]);
        expect(trace.dns.result.addresses).toEqual([alias.ip]);
        expect(trace.proxy).toBeNull();
        expect(trace.connection?.dst.split(":")[0]).toBe(alias.ip);
      }
    }
    expect(pinned).toBeGreaterThan(10);
  });

  it("an alias for another name changes neither the queries nor the connection", () => {
    let unrelated = 0;
    for (const d of ["medium", "hard"] as const) {
      for (const { s, scenario } of hostsSeeds(d, 300)) {
        const client = clientOf(scenario);
        if (client.hostAliases.some((a) => a.hostnames.includes(hostOf(scenario).replace(/\.$/, "")))) continue;
        unrelated++;
        expect(client.hostAliases.flatMap((a) => a.hostnames)).toEqual(["legacy-db.internal", "legacy-db"]);
        const without = {
          ...scenario,
          pods: scenario.pods.map((p) => (p === client ? { ...p, hostAliases: [] } : p)),
        };
        const a = traceScenario(scenario, { seed: s });
        const b = traceScenario(without, { seed: s });
        expect(a.dns.queries).toEqual(b.dns.queries);
        expect(a.connection).toEqual(b.connection);
      }
    }
    expect(unrelated).toBeGreaterThan(10);
  });

  it("setHostnameAsFQDN: the client's kernel hostname is its FQDN, which fits in 64 characters", () => {
    let named = 0;
    for (const d of ["medium", "hard"] as const) {
      for (const { scenario } of hostsSeeds(d, 300)) {
        const client = clientOf(scenario);
        if (!client.setHostnameAsFQDN) continue;
        named++;
        const fqdn = `${client.name}.client.${client.namespace}.svc.cluster.local`;
        expect(fqdn.length).toBeLessThanOrEqual(64);
        expect(hostsFileFor(scenario, client).kernelHostname).toBe(fqdn);
      }
    }
    expect(named).toBeGreaterThan(5);
  });
});
