import { describe, expect, it } from "vitest";
import { HOP_KINDS, seedScenario, traceScenario, type HopKind, type Scenario, type Trace } from "../../../lib/sim";
import { podIn, seedVariant, serviceIn } from "./seed-variants";

const kinds = (trace: Trace): HopKind[] => trace.hops.map((h) => h.kind);
const names = (trace: Trace): string[] => trace.dns.queries.map((q) => q.name);
const rcodes = (trace: Trace): string[] => trace.dns.queries.map((q) => q.rcode);
const count = (trace: Trace, kind: HopKind): number => trace.hops.filter((h) => h.kind === kind).length;
const withUrl = (url: string, change: Parameters<typeof seedVariant>[0] = () => {}): Scenario =>
  seedVariant((s) => {
    s.request.url = url;
    s.externalDNS = { "google.com": ["142.250.1.1"], "db.example.com": ["203.0.113.10"] };
    change(s);
  });

// The seed question (lib/sim/seed-scenario.ts) and the stub resolver's worked examples
describe("the seed trace (foo → https://bar/)", () => {
  const trace = traceScenario(seedScenario(), { seed: 1 });

  it("resolves bar with 1 candidate and 2 packets to the ClusterIP", () => {
    expect(trace.resolvConf).toEqual({
      nameservers: ["10.96.0.10"],
      search: ["app.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      options: ["ndots:5"],
    });
    expect(trace.dns.queries).toEqual([
      {
        name: "bar.app.svc.cluster.local.",
        types: ["A", "AAAA"],
        server: "10.96.0.10",
        rcode: "NOERROR",
        answers: [{ type: "A", value: "10.96.12.34" }],
      },
    ]);
    expect(trace.dns.packets).toBe(2);
    expect(trace.dns.result).toEqual({ addresses: ["10.96.12.34"], error: null });
  });

  it("sends the DNS query itself through the kube-dns Service (KUBE-SVC-TCOU7JCQXEZGVUNU) to a CoreDNS pod", () => {
    const nat = trace.hops.find((h) => h.kind === "dns.service-nat");
    expect(nat?.packet?.dst).toMatch(/^10\.244\.[12]\.\d+:53$/);
    expect(nat?.detail.chains).toContain("KUBE-SVC-TCOU7JCQXEZGVUNU");
    const reply = trace.hops.find((h) => h.kind === "dns.reply");
    expect(reply?.packet?.src).toBe("10.96.0.10:53");
  });

  it("connects through kube-proxy to one of bar's two endpoints with probability 1/2 each", () => {
    expect(trace.connection?.dst).toBe("10.96.12.34:443");
    expect(trace.connection?.outcome).toBe("established");
    expect(["10.244.1.5:8443", "10.244.2.7:8443"]).toContain(trace.connection?.backend);
    expect(trace.connection?.snat).toBe(false);
    expect(trace.proxy?.mode).toBe("iptables");
    expect(trace.proxy?.chains[0]).toBe("KUBE-SERVICES");
    expect(trace.proxy?.chains[1]).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
    expect(trace.proxy?.candidates).toEqual([
      { endpoint: "10.244.1.5:8443", probability: 0.5 },
      { endpoint: "10.244.2.7:8443", probability: 0.5 },
    ]);
  });

  it("has the hop kinds in contract order", () => {
    expect(kinds(trace)).toEqual([
      "app.request",
      "resolver.config",
      "resolver.candidates",
      "dns.query",
      "dns.service-nat",
      "dns.lookup",
      "dns.reply",
      "resolver.result",
      "app.connect",
      "proxy.service",
      "proxy.endpoint",
      "proxy.dnat",
      ...kinds(trace).slice(12),
    ]);
    expect(kinds(trace).at(-1)).toBe("app.response");
    expect(kinds(trace)).toContain("net.route");
    expect(kinds(trace)).toContain("pod.receive");
    for (const hop of trace.hops) {
      expect(HOP_KINDS).toContain(hop.kind);
      expect(hop.summary.length).toBeGreaterThan(10);
    }
  });

  it("puts a packet on every hop where a packet exists", () => {
    for (const hop of trace.hops) {
      if (["app.request", "resolver.config", "resolver.candidates", "resolver.result"].includes(hop.kind)) continue;
      expect(hop.packet, hop.kind).not.toBeNull();
    }
  });

  it("lists the context facts", () => {
    expect(trace.context.map((c) => c.kind)).toEqual(
      expect.arrayContaining(["kubelet.resolv-conf", "endpointslice.ready", "kube-proxy.sync", "coredns.watch"]),
    );
  });

  it("picks the backend with the seed, deterministically", () => {
    const backends = new Set<string | null | undefined>();
    for (let seed = 0; seed < 40; seed++) backends.add(traceScenario(seedScenario(), { seed }).connection?.backend);
    expect(backends).toEqual(new Set(["10.244.1.5:8443", "10.244.2.7:8443"]));
    expect(traceScenario(seedScenario(), { seed: 7 })).toEqual(traceScenario(seedScenario(), { seed: 7 }));
  });
});

describe("worked examples and variants", () => {
  it("google.com → 4 candidates, 8 packets, answered upstream", () => {
    const trace = traceScenario(withUrl("https://google.com/"), { seed: 1 });
    expect(names(trace)).toEqual([
      "google.com.app.svc.cluster.local.",
      "google.com.svc.cluster.local.",
      "google.com.cluster.local.",
      "google.com.",
    ]);
    expect(rcodes(trace)).toEqual(["NXDOMAIN", "NXDOMAIN", "NXDOMAIN", "NOERROR"]);
    expect(trace.dns.packets).toBe(8);
    expect(trace.dns.result.addresses).toEqual(["142.250.1.1"]);
    expect(trace.proxy).toBeNull();
    expect(trace.connection?.outcome).toBe("established");
    expect(count(trace, "dns.service-nat")).toBe(4);
  });

  it("google.com with a node search domain → one more NX candidate, 10 packets", () => {
    const trace = traceScenario(
      withUrl("https://google.com/", (s) => {
        for (const node of s.nodes) node.searchDomains = ["us-east-2.compute.internal"];
      }),
      { seed: 1 },
    );
    expect(names(trace)).toHaveLength(5);
    expect(names(trace)[3]).toBe("google.com.us-east-2.compute.internal.");
    expect(rcodes(trace)).toEqual(["NXDOMAIN", "NXDOMAIN", "NXDOMAIN", "NXDOMAIN", "NOERROR"]);
    expect(trace.dns.packets).toBe(10);
  });

  it("trailing dot → that name once, never searched", () => {
    const trace = traceScenario(withUrl("https://bar.app.svc.cluster.local./"), { seed: 1 });
    expect(names(trace)).toEqual(["bar.app.svc.cluster.local."]);
    expect(trace.dns.packets).toBe(2);
    expect(trace.connection?.outcome).toBe("established");
  });

  it("the full name without the trailing dot is still searched first under ndots:5 (4 candidates)", () => {
    const trace = traceScenario(withUrl("https://bar.app.svc.cluster.local/"), { seed: 1 });
    expect(names(trace)).toEqual([
      "bar.app.svc.cluster.local.app.svc.cluster.local.",
      "bar.app.svc.cluster.local.svc.cluster.local.",
      "bar.app.svc.cluster.local.cluster.local.",
      "bar.app.svc.cluster.local.",
    ]);
    expect(trace.dns.packets).toBe(8);
  });

  it("cross-namespace bar.other → 2 candidates (bar.other.app… is endpoint bar of a Service other: NXDOMAIN)", () => {
    const scenario = withUrl("https://bar.other/", (s) => {
      s.services.push({
        namespace: "other",
        name: "bar",
        clusterIP: "10.96.50.5",
        selector: { app: "bar" },
        ports: [{ name: "https", port: 443, targetPort: 8443 }],
      });
      s.pods.push({ namespace: "other", name: "bar-x", node: "node-2", ip: "10.244.2.30", labels: { app: "bar" } });
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(names(trace)).toEqual(["bar.other.app.svc.cluster.local.", "bar.other.svc.cluster.local."]);
    expect(rcodes(trace)).toEqual(["NXDOMAIN", "NOERROR"]);
    expect(trace.dns.packets).toBe(4);
    expect(trace.dns.result.addresses).toEqual(["10.96.50.5"]);
    expect(trace.connection?.backend).toBe("10.244.2.30:8443");
  });

  it("headless Service → pod IPs from DNS, no kube-proxy", () => {
    const scenario = withUrl("https://bar:8443/", (s) => {
      const bar = serviceIn(s, "bar");
      bar.clusterIP = "None";
      bar.ports = [{ name: "https", port: 8443 }];
    });
    const trace = traceScenario(scenario, { seed: 3 });
    expect(trace.dns.queries[0]?.answers.map((a) => a.value).sort()).toEqual(["10.244.1.5", "10.244.2.7"]);
    expect(trace.proxy).toBeNull();
    expect(kinds(trace).some((k) => k.startsWith("proxy."))).toBe(false);
    expect(trace.connection?.outcome).toBe("established");
    expect(["app/bar-1", "app/bar-2"]).toContain(trace.connection?.backendPod);
    expect(trace.connection?.dst).toBe(trace.connection?.backend);
  });

  it("headless with no ready endpoint → NXDOMAIN for the Service name, lookup fails", () => {
    const scenario = withUrl("https://bar/", (s) => {
      serviceIn(s, "bar").clusterIP = "None";
      podIn(s, "bar-1").ready = false;
      podIn(s, "bar-2").ready = false;
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(rcodes(trace)[0]).toBe("NXDOMAIN");
    expect(trace.dns.result.error).toBe("EAI_NONAME");
    expect(trace.connection).toBeNull();
  });

  it("ExternalName → CNAME + A, connection outside the cluster, no kube-proxy", () => {
    const scenario = withUrl("https://bar/", (s) => {
      s.services = [{ namespace: "app", name: "bar", type: "ExternalName", externalName: "db.example.com" }];
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.dns.queries[0]?.answers).toEqual([
      { type: "CNAME", value: "db.example.com." },
      { type: "A", value: "203.0.113.10" },
    ]);
    expect(trace.dns.packets).toBe(2);
    expect(trace.proxy).toBeNull();
    expect(trace.connection?.dst).toBe("203.0.113.10:443");
    expect(trace.connection?.outcome).toBe("established");
  });

  it("no endpoints → DNS still gives the ClusterIP, the connect is refused at once", () => {
    const scenario = withUrl("https://bar/", (s) => {
      s.pods = s.pods.filter((p) => p.labels?.app !== "bar");
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34"]);
    expect(trace.connection?.outcome).toBe("refused");
    expect(kinds(trace)).toContain("proxy.reject");
    expect(kinds(trace).at(-1)).toBe("proxy.reject");
  });

  it("internalTrafficPolicy Local with no endpoint on the client's node → timeout", () => {
    const scenario = withUrl("https://bar/", (s) => {
      serviceIn(s, "bar").internalTrafficPolicy = "Local";
      const bar1 = podIn(s, "bar-1");
      bar1.node = "node-2";
      bar1.ip = "10.244.2.5";
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.connection?.outcome).toBe("timeout");
    expect(kinds(trace)).toContain("proxy.drop");
  });

  it("a name that does not exist → 4 NXDOMAIN candidates, EAI_NONAME, no connection", () => {
    const trace = traceScenario(withUrl("https://baz/"), { seed: 1 });
    expect(rcodes(trace)).toEqual(["NXDOMAIN", "NXDOMAIN", "NXDOMAIN", "NXDOMAIN"]);
    expect(trace.dns.packets).toBe(8);
    expect(trace.dns.result).toEqual({ addresses: [], error: "EAI_NONAME" });
    expect(trace.connection).toBeNull();
    expect(kinds(trace).at(-1)).toBe("resolver.result");
  });

  it("a name equal to an existing namespace → NODATA for <ns>.svc.<domain> instead of NXDOMAIN", () => {
    const trace = traceScenario(
      withUrl("https://other/", (s) => {
        s.namespaces = ["default", "kube-system", "app", "other"];
      }),
      { seed: 1 },
    );
    expect(names(trace)[1]).toBe("other.svc.cluster.local.");
    expect(trace.dns.queries[1]).toMatchObject({ rcode: "NOERROR", answers: [] });
    expect(rcodes(trace)).toEqual(["NXDOMAIN", "NOERROR", "NXDOMAIN", "NXDOMAIN"]);
    expect(trace.dns.result.error).toBe("EAI_NONAME");
  });

  it("musl stops at that NODATA; glibc goes on", () => {
    const trace = traceScenario(
      withUrl("https://other/", (s) => {
        s.namespaces = ["default", "kube-system", "app", "other"];
        podIn(s, "foo").resolver = "musl";
      }),
      { seed: 1 },
    );
    expect(names(trace)).toEqual(["other.app.svc.cluster.local.", "other.svc.cluster.local."]);
    expect(trace.dns.packets).toBe(4);
  });

  it("bar.app with ndots:1: .app is a public TLD, so the absolute name answers from the internet and nobody searches", () => {
    for (const resolver of ["glibc", "musl"] as const) {
      const trace = traceScenario(
        withUrl("https://bar.app/", (s) => {
          const foo = podIn(s, "foo");
          foo.resolver = resolver;
          foo.dnsConfig = { options: [{ name: "ndots", value: "1" }] };
        }),
        { seed: 1 },
      );
      expect(names(trace)).toEqual(["bar.app."]);
      expect(trace.dns.result.addresses).toEqual(["203.0.113.52"]); // first bytes of SHA-256("bar.app"), see public-dns.test.ts
      expect(trace.dns.queries[0]?.rcode).toBe("NOERROR");
    }
  });

  it("bar.app with ndots:1 and externalDNS null (NXDOMAIN): glibc searches on and finds the Service, musl stops", () => {
    const setup = (resolver: "glibc" | "musl") =>
      withUrl("https://bar.app/", (s) => {
        const foo = podIn(s, "foo");
        foo.resolver = resolver;
        foo.dnsConfig = { options: [{ name: "ndots", value: "1" }] };
        s.externalDNS = { "bar.app": null };
      });
    const musl = traceScenario(setup("musl"), { seed: 1 });
    expect(names(musl)).toEqual(["bar.app."]);
    expect(musl.dns.result.error).toBe("EAI_NONAME");
    const glibc = traceScenario(setup("glibc"), { seed: 1 });
    expect(names(glibc)).toEqual(["bar.app.", "bar.app.app.svc.cluster.local.", "bar.app.svc.cluster.local."]);
    expect(glibc.dns.result.addresses).toEqual(["10.96.12.34"]);
  });

  it("ndots:2 override: google.com is tried as is first", () => {
    const trace = traceScenario(
      withUrl("https://google.com/", (s) => {
        podIn(s, "foo").dnsConfig = { options: [{ name: "ndots", value: "1" }] };
      }),
      { seed: 1 },
    );
    expect(trace.resolvConf.options).toEqual(["ndots:1"]);
    expect(names(trace)).toEqual(["google.com."]);
    expect(trace.dns.packets).toBe(2);
  });

  it("hostNetwork + ClusterFirst → the node's resolv.conf, so bar does not resolve", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        const foo = podIn(s, "foo");
        foo.hostNetwork = true;
        foo.ip = "192.168.0.11";
      }),
      { seed: 1 },
    );
    expect(trace.resolvConf.nameservers).toEqual(["169.254.169.253"]);
    expect(names(trace)).toEqual(["bar."]);
    expect(trace.dns.result.error).toBe("EAI_NONAME");
    expect(count(trace, "dns.service-nat")).toBe(0);
    expect(trace.connection).toBeNull();
  });

  it("hostNetwork + ClusterFirstWithHostNet → resolves; the connection is local traffic and masqueraded", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        const foo = podIn(s, "foo");
        foo.hostNetwork = true;
        foo.ip = "192.168.0.11";
        foo.dnsPolicy = "ClusterFirstWithHostNet";
      }),
      { seed: 1 },
    );
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34"]);
    expect(trace.connection?.outcome).toBe("established");
    expect(trace.connection?.snat).toBe(true);
    expect(kinds(trace)).toContain("proxy.masquerade");
    expect(trace.hops.find((h) => h.kind === "proxy.service")?.summary).toMatch(/OUTPUT/);
  });

  it("NodeLocal DNSCache (iptables mode): same nameserver, answered on the node without DNAT", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        s.dns = { nodeLocalDNS: "169.254.20.10" };
      }),
      { seed: 1 },
    );
    expect(trace.resolvConf.nameservers).toEqual(["10.96.0.10"]);
    expect(count(trace, "dns.service-nat")).toBe(0);
    expect(trace.hops.find((h) => h.kind === "dns.lookup")?.at).toMatch(/node-local-dns/);
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34"]);
  });

  it("NodeLocal DNSCache with no ready CoreDNS: cluster names SERVFAIL, the search goes on, EAI_AGAIN", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        s.dns = { nodeLocalDNS: "169.254.20.10" };
        s.pods.push({
          namespace: "kube-system",
          name: "coredns-a",
          node: "node-1",
          ip: "10.244.1.2",
          labels: { "k8s-app": "kube-dns" },
          ready: false,
        });
      }),
      { seed: 1 },
    );
    expect(rcodes(trace)).toEqual(["SERVFAIL", "SERVFAIL", "SERVFAIL", "NXDOMAIN"]);
    expect(trace.dns.result.error).toBe("EAI_AGAIN");
  });

  it("NodeLocal DNSCache (IPVS mode): kubelet points pods at the link-local address", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        s.dns = { nodeLocalDNS: "169.254.20.10" };
        s.kubeProxy = { mode: "ipvs" };
      }),
      { seed: 1 },
    );
    expect(trace.resolvConf.nameservers).toEqual(["169.254.20.10"]);
    expect(count(trace, "dns.service-nat")).toBe(0);
    expect(trace.proxy?.chains).toEqual([]);
  });

  it("CoreDNS not synced: glibc tries every candidate (SERVFAIL continues) and fails with EAI_AGAIN; musl stops at once", () => {
    const glibc = traceScenario(
      withUrl("https://bar/", (s) => (s.dns = { coredns: { synced: false } })),
      { seed: 1 },
    );
    expect(rcodes(glibc)).toEqual(["SERVFAIL", "SERVFAIL", "SERVFAIL", "NXDOMAIN"]);
    expect(glibc.dns.result.error).toBe("EAI_AGAIN");
    const musl = traceScenario(
      withUrl("https://bar/", (s) => {
        s.dns = { coredns: { synced: false } };
        podIn(s, "foo").resolver = "musl";
      }),
      { seed: 1 },
    );
    expect(rcodes(musl)).toEqual(["SERVFAIL"]);
    expect(musl.dns.result.error).toBe("EAI_AGAIN");
  });

  it("no ready CoreDNS pod → the DNS packet is rejected and the lookup is aborted", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        s.pods.push({
          namespace: "kube-system",
          name: "coredns-a",
          node: "node-1",
          ip: "10.244.1.2",
          labels: { "k8s-app": "kube-dns" },
          ready: false,
        });
      }),
      { seed: 1 },
    );
    expect(rcodes(trace)).toEqual(["UNREACHABLE"]);
    expect(trace.dns.result.error).toBe("EAI_AGAIN");
    expect(trace.connection).toBeNull();
  });

  it("an IP literal needs no DNS", () => {
    const trace = traceScenario(withUrl("http://10.244.2.7:8443/"), { seed: 1 });
    expect(trace.dns.queries).toEqual([]);
    expect(trace.dns.packets).toBe(0);
    expect(trace.proxy).toBeNull();
    expect(trace.connection).toMatchObject({
      outcome: "established",
      backendPod: "app/bar-2",
      backend: "10.244.2.7:8443",
    });
  });

  it("IPVS and nftables modes: the same DNS, a different proxy path", () => {
    const ipvs = traceScenario(
      withUrl("https://bar/", (s) => (s.kubeProxy = { mode: "ipvs" })),
      { seed: 1 },
    );
    expect(ipvs.proxy?.mode).toBe("ipvs");
    expect(ipvs.proxy?.chains).toEqual([]);
    expect(ipvs.connection?.outcome).toBe("established");
    const nft = traceScenario(
      withUrl("https://bar/", (s) => (s.kubeProxy = { mode: "nftables" })),
      { seed: 1 },
    );
    expect(nft.proxy?.mode).toBe("nftables");
    expect(nft.proxy?.chains.some((c) => c.startsWith("service-"))).toBe(true);
    expect(nft.proxy?.candidates.map((c) => c.probability)).toEqual([0.5, 0.5]);
  });
});

describe("variants on the proxy side", () => {
  it("no ready endpoints but serving-terminating ones → traffic goes to those", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        podIn(s, "bar-1").terminating = true;
        podIn(s, "bar-2").terminating = true;
      }),
      { seed: 1 },
    );
    expect(trace.connection?.outcome).toBe("established");
    expect(["10.244.1.5:8443", "10.244.2.7:8443"]).toContain(trace.connection?.backend);
  });

  it("no ready and no serving endpoint → DNS still answers, the connect is refused", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        podIn(s, "bar-1").ready = false;
        podIn(s, "bar-2").ready = false;
      }),
      { seed: 1 },
    );
    expect(trace.dns.result.addresses).toEqual(["10.96.12.34"]);
    expect(trace.connection?.outcome).toBe("refused");
  });

  it("an endpoint on the same node: the only candidate, delivered on node-1", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        s.pods = s.pods.filter((p) => p.name !== "bar-2");
      }),
      { seed: 1 },
    );
    expect(trace.proxy?.candidates).toEqual([{ endpoint: "10.244.1.5:8443", probability: 1 }]);
    expect(trace.connection).toMatchObject({ backendNode: "node-1", backendPod: "app/bar-1", outcome: "established" });
    expect(trace.hops.filter((h) => h.kind === "net.route").every((h) => h.at.includes("node-1"))).toBe(true);
  });

  it("hairpin: a pod reaching itself through its own Service is masqueraded", () => {
    const trace = traceScenario(
      withUrl("http://self/", (s) => {
        s.services.push({
          namespace: "app",
          name: "self",
          clusterIP: "10.96.12.40",
          selector: { app: "foo" },
          ports: [{ name: "http", port: 80, targetPort: 8080 }],
        });
      }),
      { seed: 1 },
    );
    expect(trace.connection).toMatchObject({ outcome: "established", backendPod: "app/foo", snat: true });
    expect(kinds(trace)).toContain("proxy.masquerade");
  });

  it("ClientIP session affinity still reaches a ready endpoint", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        serviceIn(s, "bar").sessionAffinity = "ClientIP";
      }),
      { seed: 4 },
    );
    expect(trace.connection?.outcome).toBe("established");
    expect(["10.244.1.5:8443", "10.244.2.7:8443"]).toContain(trace.connection?.backend);
  });

  it("NodePort with externalTrafficPolicy Local: pod traffic to the ClusterIP still uses every endpoint", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        const bar = serviceIn(s, "bar");
        bar.type = "NodePort";
        bar.externalTrafficPolicy = "Local";
        bar.ports = [{ name: "https", port: 443, targetPort: 8443, nodePort: 30443 }];
      }),
      { seed: 1 },
    );
    expect(trace.connection?.outcome).toBe("established");
    expect(trace.proxy?.candidates.map((c) => c.endpoint)).toEqual(["10.244.1.5:8443", "10.244.2.7:8443"]);
  });
});

describe("resolver options and nameserver failures", () => {
  it("no-aaaa sends only A queries: 1 packet per candidate", () => {
    const trace = traceScenario(
      withUrl("https://google.com/", (s) => {
        podIn(s, "foo").dnsConfig = { options: [{ name: "no-aaaa" }] };
      }),
      { seed: 1 },
    );
    expect(trace.dns.queries.map((q) => q.types)).toEqual([["A"], ["A"], ["A"], ["A"]]);
    expect(trace.dns.packets).toBe(4);
  });

  it("single-request still sends A and AAAA (one after the other): 2 packets per candidate", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        podIn(s, "foo").dnsConfig = { options: [{ name: "single-request" }] };
      }),
      { seed: 1 },
    );
    expect(trace.dns.packets).toBe(2);
  });

  it("use-vc sends the DNS query over TCP, through the kube-dns dns-tcp port", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        podIn(s, "foo").dnsConfig = { options: [{ name: "use-vc" }] };
      }),
      { seed: 1 },
    );
    const nat = trace.hops.find((h) => h.kind === "dns.service-nat");
    expect(nat?.packet?.protocol).toBe("tcp");
    expect(nat?.detail.service).toMatchObject({ namespace: "kube-system", name: "kube-dns", portName: "dns-tcp" });
  });

  // kube-dns with internalTrafficPolicy Local and no CoreDNS on the client's node: the DNS packet is dropped
  const dnsDropped = (change: Parameters<typeof seedVariant>[0] = () => {}): Scenario =>
    withUrl("https://google.com/", (s) => {
      s.services.push({
        namespace: "kube-system",
        name: "kube-dns",
        clusterIP: "10.96.0.10",
        selector: { "k8s-app": "kube-dns" },
        internalTrafficPolicy: "Local",
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
        ],
      });
      s.pods.push({
        namespace: "kube-system",
        name: "coredns-x",
        node: "node-2",
        ip: "10.244.2.53",
        labels: { "k8s-app": "kube-dns" },
        dnsPolicy: "Default",
      });
      change(s);
    });

  it("a dropped DNS packet: the resolver retries (attempts:2) and gives up with EAI_AGAIN", () => {
    const trace = traceScenario(dnsDropped(), { seed: 1 });
    expect(rcodes(trace)).toEqual(["TIMEOUT"]);
    expect(trace.dns.packets).toBe(4);
    expect(trace.dns.result.error).toBe("EAI_AGAIN");
    expect(trace.connection).toBeNull();
  });

  it("after a timeout the next nameserver is asked", () => {
    const trace = traceScenario(
      dnsDropped((s) => {
        podIn(s, "foo").dnsConfig = { nameservers: ["8.8.8.8"], options: [{ name: "attempts", value: "1" }] };
      }),
      { seed: 1 },
    );
    expect(trace.dns.queries.slice(0, 2).map((q) => `${q.server} ${q.rcode}`)).toEqual([
      "10.96.0.10 TIMEOUT",
      "8.8.8.8 NXDOMAIN",
    ]);
    expect(trace.dns.result.addresses).toEqual(["142.250.1.1"]);
  });

  it("dnsPolicy None with an outside nameserver: cluster names do not resolve", () => {
    const trace = traceScenario(
      withUrl("https://bar/", (s) => {
        const foo = podIn(s, "foo");
        foo.dnsPolicy = "None";
        foo.dnsConfig = { nameservers: ["8.8.8.8"] };
      }),
      { seed: 1 },
    );
    expect(trace.resolvConf).toEqual({ nameservers: ["8.8.8.8"], search: [], options: [] });
    expect(names(trace)).toEqual(["bar."]);
    expect(trace.dns.result.error).toBe("EAI_NONAME");
  });
});
