import { describe, expect, it } from "vitest";
import {
  fromItemRow,
  hopSteps,
  placementOf,
  scenarioAnswer,
  scenarioProse,
  scenarioVariant,
  SEED_SET,
  serviceKindOf,
  toItemRow,
} from "../../../lib/content";
import { generatorOptionsSchema, questionSetSchema, scenarioTemplates } from "../../../lib/schemas/question-set";
import {
  generateScenario,
  publicAddress,
  seedScenario,
  SEED_SCENARIO,
  traceScenario,
  validateScenario,
  withCorednsAutopath,
  type ScenarioInput,
} from "../../../lib/sim/index";

const options = (input: Record<string, unknown>) => generatorOptionsSchema.parse(input);

describe("scenario variants", () => {
  it("are reproducible from their seed", () => {
    const a = scenarioVariant(1234, options({ difficulty: "medium" }));
    const b = scenarioVariant(1234, options({ difficulty: "medium" }));
    expect(a?.trace).toEqual(b?.trace);
  });

  it("vary from seed to seed", () => {
    const urls = new Set(
      Array.from(
        { length: 12 },
        (_, seed) => scenarioVariant(seed, options({ difficulty: "medium" }))?.scenario.request.url,
      ),
    );
    expect(urls.size).toBeGreaterThan(3);
  });

  it("honour proxy modes and resolvers exactly, and service kinds and placement when the generator can make them", () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const v = scenarioVariant(
        seed * 7919,
        options({
          difficulty: "easy",
          proxyModes: ["ipvs"],
          resolvers: ["musl"],
          serviceKinds: ["ClusterIP"],
          placement: "cross-node",
        }),
      );
      expect(v).not.toBeNull();
      expect(v!.scenario.kubeProxy.mode).toBe("ipvs");
      expect(v!.trace.proxy?.mode).toBe("ipvs");
      const client = v!.scenario.pods.find((p) => `${p.namespace}/${p.name}` === v!.scenario.request.from);
      expect(client?.resolver).toBe("musl");
      expect(v!.matchesOptions).toBe(true);
      expect(serviceKindOf(v!.trace)).toBe("ClusterIP");
      expect(placementOf(v!.trace)).toBe("cross-node");
    }
  });

  it("fall back to a valid variant, flagged, when no seed matches", () => {
    // difficulty easy never generates an ExternalName Service (lib/sim/generate.ts target table)
    const v = scenarioVariant(5, options({ difficulty: "easy", serviceKinds: ["ExternalName"] }));
    expect(v).not.toBeNull();
    expect(v!.matchesOptions).toBe(false);
  });
});

describe("scenario prose and answers", () => {
  const trace = traceScenario(seedScenario(), { seed: 1 });

  it("state the seed scenario's key facts (the series' first post) once, for every place that shows it", () => {
    const prose = scenarioProse(trace);
    expect(prose).toContain("`app/foo`");
    expect(prose).toContain("namespace **app**");
    expect(prose).toContain('http.get("https://bar/")');
    expect(prose).toContain("**iptables** mode");
    expect(prose).toContain("`10.96.12.34`");
    expect(prose).toContain("`10.96.0.10`");
    expect(prose).toContain("`app/bar`");
    // both backends of bar, with the node each runs on
    expect(prose).toMatch(/`bar-1` on `node-1`.*`bar-2` on `node-2`/);
    // kube-dns is the cluster DNS line, not a Service of the question
    expect(prose).not.toContain("`kube-system/kube-dns` in namespace");
  });

  it("describe what makes a client or a Service unusual", () => {
    const options = generatorOptionsSchema.parse({ difficulty: "hard" });
    const texts = Array.from({ length: 40 }, (_, seed) => scenarioVariant(seed, options))
      .filter((v) => v !== null)
      .map((v) => ({ v, text: scenarioProse(v.trace) }));
    const withHostNetwork = texts.find(({ v }) => v.scenario.pods.some((p) => p.hostNetwork));
    if (withHostNetwork) expect(withHostNetwork.text).toContain("hostNetwork: true");
    const local = texts.find(({ v }) => v.scenario.services.some((svc) => svc.internalTrafficPolicy === "Local"));
    if (local) expect(local.text).toContain("internalTrafficPolicy Local");
    expect(withHostNetwork ?? local).toBeDefined();
  });

  it("answer dns-names with every queried name in order", () => {
    const answer = scenarioAnswer(trace, "dns-names");
    const positions = trace.dns.queries.map((q) => answer.indexOf(q.name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  });

  it("answer returned-ip, chain-path, outcome and full-path from the trace", () => {
    expect(scenarioAnswer(trace, "returned-ip")).toContain(trace.dns.result.addresses[0]!);
    for (const chain of trace.proxy?.chains ?? []) expect(scenarioAnswer(trace, "chain-path")).toContain(chain);
    expect(scenarioAnswer(trace, "outcome")).toContain(trace.connection!.outcome);
    const full = scenarioAnswer(trace, "full-path");
    for (const hop of trace.hops) expect(full).toContain(hop.kind);
  });

  it("list the hops in order, with their kinds on request", () => {
    expect(hopSteps(trace).split("\n")).toEqual(trace.hops.map((hop, i) => `${i + 1}. ${hop.summary}`));
    expect(hopSteps(trace, { withKinds: true }).split("\n")[0]).toBe(
      `1. **${trace.hops[0]?.kind}** (${trace.hops[0]?.at}): ${trace.hops[0]?.summary}`,
    );
  });

  it.each([...scenarioTemplates])("answer %s for every generated difficulty", (template) => {
    for (const difficulty of ["easy", "medium", "hard"] as const) {
      const variant = scenarioVariant(11, generatorOptionsSchema.parse({ difficulty }));
      expect(scenarioAnswer(variant!.trace, template).trim()).not.toBe("");
    }
  });

  it("answer client-source with the address the backend sees, and the hop that rewrote it", () => {
    // the seed: foo (10.244.1.10) calls bar's ClusterIP; kube-proxy rewrites only the destination
    expect(scenarioAnswer(trace, "client-source")).toBe(
      "**`10.244.1.10`**, the client's own address: no hop on this path rewrites the source (kube-proxy rewrites only the destination here).",
    );
    const outside = (policy: "Cluster" | "Local") => {
      const scenario = seedScenario();
      const bar = scenario.services.find((svc) => svc.name === "bar")!;
      const lb = {
        ...scenario,
        services: scenario.services.map((svc) =>
          svc === bar
            ? {
                ...svc,
                type: "LoadBalancer" as const,
                externalTrafficPolicy: policy,
                ports: svc.ports.map((p) => ({ ...p, nodePort: 30443 })),
                status: { loadBalancer: { ingress: [{ ip: "198.51.100.10", ipMode: "VIP" as const }] } },
              }
            : svc,
        ),
        request: { from: "external/203.0.113.50", url: "https://198.51.100.10/" },
      };
      return traceScenario(lb, { seed: 1 });
    };
    expect(scenarioAnswer(outside("Local"), "client-source")).toMatch(
      /^\*\*`203\.0\.113\.50`\*\*, the client's own address: no hop on this path rewrites the source/,
    );
    const masqueraded = scenarioAnswer(outside("Cluster"), "client-source");
    expect(masqueraded).toMatch(/^\*\*`[\d.]+`\*\*, not the client's `203\.0\.113\.50`: .*MASQUERADE/);
    expect(masqueraded).not.toMatch(/^\*\*`203\.0\.113\.50`/);
  });

  describe("the description names what changes the answer", () => {
    const described = (change: (input: ScenarioInput) => void) => {
      const input = structuredClone(SEED_SCENARIO);
      change(input);
      const valid = validateScenario(input);
      if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
      return scenarioProse(traceScenario(valid.value, { seed: 1 }));
    };
    const bar = (input: ScenarioInput) => input.services.find((svc) => svc.name === "bar")!;

    it("zones and trafficDistribution PreferClose (kube-proxy topology.go keeps the node's zone's endpoints)", () => {
      const prose = described((input) => {
        input.nodes.forEach((n, i) => (n.labels = { "topology.kubernetes.io/zone": `us-east-2${"ab"[i]}` }));
        bar(input).trafficDistribution = "PreferClose";
      });
      expect(prose).toContain("`node-1` (192.168.0.11, pods 10.244.1.0/24, zone `us-east-2a`)");
      expect(prose).toContain("`node-2` (192.168.0.12, pods 10.244.2.0/24, zone `us-east-2b`)");
      expect(prose).toContain("ports 443→8443/TCP, trafficDistribution PreferClose; pods behind it");
    });

    it("a named targetPort and each pod's number for it (podutil FindPort; a pod without the name is no endpoint)", () => {
      const prose = described((input) => {
        bar(input).ports = [{ name: "https", port: 443, targetPort: "web", protocol: "TCP" }];
        const [one, two] = input.pods.filter((p) => p.labels?.app === "bar");
        one!.containerPorts = [{ name: "web", containerPort: 8443 }];
        two!.containerPorts = [{ name: "admin", containerPort: 9443 }];
      });
      expect(prose).toContain("ports 443→the container port named `web`/TCP");
      expect(prose).toContain("`bar-1` on `node-1` (10.244.1.5, `web` = 8443)");
      expect(prose).toContain("`bar-2` on `node-2` (10.244.2.7, no port named `web`)");
    });

    it("the nodes' search domains, which kubelet appends to a ClusterFirst pod's search list (dns.go)", () => {
      const same = described((input) => input.nodes.forEach((n) => (n.searchDomains = ["us-east-2.compute.internal"])));
      expect(same).toContain("The nodes' resolv.conf searches `us-east-2.compute.internal`.");
      const different = described((input) => (input.nodes[0]!.searchDomains = ["corp.example"]));
      expect(different).toContain("`node-1` (192.168.0.11, pods 10.244.1.0/24, search `corp.example`)");
      expect(described(() => {})).not.toContain("search");
    });

    it("a dual-stack cluster: both Service ranges, both pod CIDRs and addresses, the Service's family policy", () => {
      const prose = described((input) => {
        input.clusterCIDRs = ["10.244.0.0/16", "fd00:10:244::/56"];
        input.serviceCIDRs = ["10.96.0.0/12", "fd00:10:96::/112"];
        input.nodes.forEach((n, i) => (n.podCIDRs = [n.podCIDR, `fd00:10:244:${i + 1}::/64`]));
        input.pods.forEach((p) => (p.podIPs = [p.ip, `fd00:10:244:${p.node.slice(-1)}::${p.ip.split(".")[3]}`]));
        bar(input).ipFamilyPolicy = "PreferDualStack";
      });
      expect(prose).toContain("dual-stack, Service ranges `10.96.0.0/12` and `fd00:10:96::/112`");
      expect(prose).toContain("`node-1` (192.168.0.11, pods 10.244.1.0/24 and fd00:10:244:1::/64)");
      expect(prose).toContain("IP `10.244.1.10` and `fd00:10:244:1::10`");
      expect(prose).toContain("ClusterIP `10.96.12.34` and `fd00:10:96::1`, ipFamilyPolicy PreferDualStack, ports");
      expect(prose).toContain("`bar-2` on `node-2` (10.244.2.7 and fd00:10:244:2::7)");
      // a single-stack cluster says neither
      expect(scenarioProse(trace)).not.toMatch(/dual-stack|ipFamilyPolicy/);
    });

    it("every template answers on the generator's dual-stack and /etc/hosts variants, whose prose names them", () => {
      let dual = 0;
      let aliased = 0;
      for (const d of ["medium", "hard"] as const) {
        for (let s = 0; s < 150; s++) {
          const valid = validateScenario(generateScenario(s, d, { extended: true }));
          if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
          const client = valid.value.pods.find((p) => `${p.namespace}/${p.name}` === valid.value.request.from)!;
          const isDual = valid.value.serviceCIDRs.length > 1;
          if (!isDual && client.hostAliases.length === 0) continue;
          const t = traceScenario(valid.value, { seed: s });
          const prose = scenarioProse(t);
          if (isDual) {
            dual++;
            expect(prose).toContain("dual-stack, Service ranges");
            if (!client.hostNetwork) expect(prose).toContain(`\`${client.podIPs[1]}\``);
          }
          if (client.hostAliases.length > 0) {
            aliased++;
            expect(prose).toContain(`hostAliases \`${client.hostAliases[0]!.hostnames[0]}\``);
          }
          for (const template of scenarioTemplates) expect(scenarioAnswer(t, template).length).toBeGreaterThan(0);
        }
      }
      expect(dual).toBeGreaterThan(20);
      expect(aliased).toBeGreaterThan(20);
    });

    it("setHostnameAsFQDN on the client, with the hostname and subdomain that make its FQDN", () => {
      const prose = described((input) => {
        Object.assign(
          input.pods.find((p) => p.name === "foo")!,
          {
            hostname: "foo",
            subdomain: "web",
            setHostnameAsFQDN: true,
          },
        );
      });
      expect(prose).toContain("; hostname `foo`, subdomain `web`, setHostnameAsFQDN.");
      expect(scenarioProse(trace)).not.toContain("setHostnameAsFQDN");
    });

    it("CoreDNS settings beyond kubeadm's Corefile, and the client's hostAliases", () => {
      const prose = described((input) => {
        input.dns = {
          ...input.dns,
          coredns: {
            pods: "disabled",
            ignoreEmptyService: true,
            corefile: {
              forward: ["8.8.8.8"],
              stubDomains: { "example.corp": ["10.0.0.53"] },
              rewrite: [{ match: "exact", from: "db.corp", to: "db.app.svc.cluster.local" }],
            },
          },
        };
        input.pods.find((p) => p.name === "foo")!.hostAliases = [{ ip: "10.1.2.3", hostnames: ["bar.remote"] }];
      });
      expect(prose).toContain(
        "; CoreDNS: `pods disabled`, `ignore empty_service`, `forward . 8.8.8.8`, stub domain `example.corp` → `10.0.0.53`, `rewrite name exact db.corp db.app.svc.cluster.local`.",
      );
      expect(prose).toContain("; hostAliases `bar.remote` → `10.1.2.3`.");
      // kubeadm's own Corefile adds nothing
      expect(scenarioProse(trace)).toContain("Service in front of CoreDNS).\n");
    });
  });

  describe("dns-queries: how many queries the resolver sends, and who answers them", () => {
    // The seed pod app/foo (glibc, ndots:5, search app.svc / svc / cluster.local) calls https://api.github.com/.
    // Known answers from CoreDNS plugin/autopath (README: "one query instead of" the search list; autopath.go:
    // CoreDNS strips the first search domain and tries each element, replying with a CNAME to the name that
    // answered) and glibc res_query.c (fewer dots than ndots: each search domain first, the name as is last).
    const traced = (change: (input: ScenarioInput) => ScenarioInput) => {
      const valid = validateScenario(
        change({ ...SEED_SCENARIO, request: { from: "app/foo", url: "https://api.github.com/" } }),
      );
      if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
      return traceScenario(valid.value, { seed: 1 });
    };
    const ip = publicAddress("api.github.com");
    const numbered = (answer: string) => answer.split("\n").filter((line) => line.startsWith("1. "));

    it("with autopath: one query, answered by a CoreDNS pod with a CNAME; without it, four", () => {
      const answer = scenarioAnswer(
        traced((s) => withCorednsAutopath(s, true)),
        "dns-queries",
      );
      expect(answer.split("\n")[0]).toBe("**1 query (2 packets)** to `10.96.0.10`, CoreDNS autopath on:");
      expect(numbered(answer)).toHaveLength(1);
      expect(numbered(answer)[0]).toMatch(
        new RegExp(
          `^1\\. \`api\\.github\\.com\\.app\\.svc\\.cluster\\.local\\.\` → NOERROR \\(CNAME api\\.github\\.com\\., A ${ip.replaceAll(".", "\\.")}\\), ` +
            "answered by CoreDNS pod `kube-system/coredns-[01]`, forwarded to `169\\.254\\.169\\.253`; " +
            "autopath tried 4 names and `api\\.github\\.com\\.` answered$",
        ),
      );
      expect(answer).toContain(`The resolver returns \`${ip}\`.`);
      expect(answer).toContain(
        "**Without autopath** (the same Corefile without it): 4 queries (8 packets): " +
          "`api.github.com.app.svc.cluster.local.` NXDOMAIN, `api.github.com.svc.cluster.local.` NXDOMAIN, " +
          "`api.github.com.cluster.local.` NXDOMAIN, `api.github.com.` NOERROR.",
      );
    });

    it("without autopath: the whole search list, then the absolute name, forwarded upstream; with it, one", () => {
      const answer = scenarioAnswer(
        traced((s) => s),
        "dns-queries",
      );
      expect(answer.split("\n")[0]).toBe("**4 queries (8 packets)** to `10.96.0.10`, CoreDNS autopath off:");
      expect(numbered(answer).map((line) => line.split(" → ")[0])).toEqual([
        "1. `api.github.com.app.svc.cluster.local.`",
        "1. `api.github.com.svc.cluster.local.`",
        "1. `api.github.com.cluster.local.`",
        "1. `api.github.com.`",
      ]);
      expect(numbered(answer)[3]).toContain("forwarded to `169.254.169.253`");
      expect(answer).toContain(
        "**With autopath** (`autopath @kubernetes`, pods verified): 1 query (2 packets): " +
          "`api.github.com.app.svc.cluster.local.` NOERROR.",
      );
    });

    it("with NodeLocal DNSCache in front, CoreDNS sees the cache's address and autopath changes nothing", () => {
      const answer = scenarioAnswer(
        traced((s) => withCorednsAutopath({ ...s, dns: { ...s.dns, nodeLocalDNS: "169.254.20.10" } }, true)),
        "dns-queries",
      );
      expect(numbered(answer)).toHaveLength(4);
      for (const line of numbered(answer)) expect(line).toContain("answered by NodeLocal DNSCache on `node-1`");
      expect(answer).toContain("**Without autopath** (the same Corefile without it): the same 4 queries (8 packets).");
    });

    it("a name from /etc/hosts sends no query", () => {
      const answer = scenarioAnswer(
        traced((s) => ({ ...s, request: { from: "app/foo", url: "http://localhost/" } })),
        "dns-queries",
      );
      expect(answer.split("\n")[0]).toBe(
        "**No DNS query**: the name is answered without DNS (/etc/hosts, or an IP address).",
      );
    });

    it("the generator option autopath: every variant runs it with pods verified, and the description says so", () => {
      for (const seed of [1, 2, 3, 4]) {
        const v = scenarioVariant(seed, options({ difficulty: "hard", autopath: true }));
        expect(v!.scenario.dns.coredns.corefile?.autopath).toBe(true);
        expect(v!.scenario.dns.coredns.pods).toBe("verified");
        expect(scenarioProse(v!.trace)).toContain("CoreDNS: runs `autopath @kubernetes` (with `pods verified`)");
      }
      // without it, as generated: the same variant as before the option existed
      expect(scenarioVariant(1, options({ difficulty: "hard" }))?.scenario.dns.coredns.corefile).toBeUndefined();
    });
  });

  it("describe a client outside the cluster and the Service it calls: ingress, node port, traffic policy", () => {
    const variant = scenarioVariant(5, generatorOptionsSchema.parse({ difficulty: "hard", client: "outside" }));
    const prose = scenarioProse(variant!.trace);
    const client = variant!.scenario.request.from.slice("external/".length);
    expect(prose).toContain(`- **Client**: a machine outside the cluster, at \`${client}\`.`);
    expect(prose).toContain(`the client at \`${client}\` runs`);
    const target = variant!.scenario.services[0]!;
    expect(prose).toContain(`(nodePort ${target.ports[0]!.nodePort})`);
    expect(prose).toContain(`externalTrafficPolicy ${target.externalTrafficPolicy}`);
    if (target.type === "LoadBalancer") {
      expect(prose).toContain(`load balancer ingress \`${target.status.loadBalancer.ingress[0]!.ip}\``);
    }
  });

  it("the seed set's scenario items survive the stored row codec", () => {
    const items = questionSetSchema.parse(SEED_SET).items.filter((i) => i.kind === "scenario");
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) expect(fromItemRow(toItemRow(item))).toEqual(item);
    expect(fromItemRow({ ...toItemRow(items[0]!), scenario: "not json" })).toBeNull();
  });
});

describe("generator options", () => {
  const variant = (options: Record<string, unknown>, seed: number) => {
    const v = scenarioVariant(seed, generatorOptionsSchema.parse(options));
    if (v === null) throw new Error("no valid variant");
    return v;
  };
  const client = (v: ReturnType<typeof variant>) =>
    v.scenario.pods.find((p) => `${p.namespace}/${p.name}` === v.scenario.request.from);

  it.each([
    [{ proxyModes: ["ipvs"] }, (v: ReturnType<typeof variant>) => v.scenario.kubeProxy.mode === "ipvs"],
    [{ resolvers: ["musl"] }, (v: ReturnType<typeof variant>) => client(v)?.resolver === "musl"],
    [{ serviceKinds: ["headless"] }, (v: ReturnType<typeof variant>) => serviceKindOf(v.trace) === "headless"],
    [
      { serviceKinds: ["no-endpoints"], difficulty: "hard" },
      (v: ReturnType<typeof variant>) => serviceKindOf(v.trace) === "no-endpoints",
    ],
    [{ placement: "cross-node" }, (v: ReturnType<typeof variant>) => placementOf(v.trace) === "cross-node"],
    [{ placement: "same-node" }, (v: ReturnType<typeof variant>) => placementOf(v.trace) === "same-node"],
  ])("are honoured: %j", (options, holds) => {
    for (const seed of [1, 2, 3]) expect(holds(variant(options, seed))).toBe(true);
  });

  it("give the chain path kube-proxy's iptables mode walks: KUBE-SERVICES, then KUBE-SVC-…, KUBE-SEP-…", () => {
    const v = variant({ serviceKinds: ["ClusterIP"], proxyModes: ["iptables"] }, 7);
    const answer = scenarioAnswer(v.trace, "chain-path");
    expect(answer).toMatch(/`KUBE-SERVICES` → `KUBE-SVC-[A-Z0-9]+` → `KUBE-SEP-[A-Z0-9]+`/);
  });

  it("classify the seed scenario (ClusterIP Service bar) as ClusterIP", () => {
    expect(serviceKindOf(traceScenario(seedScenario(), { seed: 1 }))).toBe("ClusterIP");
  });
});
