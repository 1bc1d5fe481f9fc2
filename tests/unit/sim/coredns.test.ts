import { describe, expect, it } from "vitest";
import { corednsAnswer, type QueryType, type Scenario } from "../../../lib/sim";
import { podIn, seedVariant, serviceIn } from "./seed-variants";

const UPSTREAM = "169.254.169.253";
const ask = (scenario: Scenario, name: string, type: QueryType = "A") => corednsAnswer(scenario, name, type, UPSTREAM);
const values = (scenario: Scenario, name: string, type: QueryType = "A") =>
  ask(scenario, name, type).answers.map((a) => `${a.type} ${a.value}`);

// lib/sim/README.md "What cluster DNS answers" (kubernetes/dns docs/specification.md; CoreDNS plugin/kubernetes)
describe("CoreDNS answers", () => {
  const seed = seedVariant((s) => {
    s.namespaces = ["default", "kube-system", "app", "other"];
    s.externalDNS = { "google.com": ["142.250.1.1"], "db.example.com": ["203.0.113.10"] };
    s.services.push(
      { namespace: "app", name: "db", type: "ExternalName", externalName: "db.example.com" },
      { namespace: "app", name: "cache", clusterIP: "10.96.20.1", selector: { app: "cache" }, ports: [{ port: 6379 }] },
      {
        namespace: "app",
        name: "web",
        clusterIP: "None",
        selector: { app: "web" },
        ports: [{ name: "http", port: 8080 }],
      },
      {
        namespace: "app",
        name: "empty",
        clusterIP: "None",
        selector: { app: "nobody" },
        ports: [{ name: "http", port: 80 }],
      },
    );
    s.pods.push(
      {
        namespace: "app",
        name: "web-0",
        node: "node-1",
        ip: "10.244.1.20",
        labels: { app: "web" },
        hostname: "web-0",
        subdomain: "web",
      },
      { namespace: "app", name: "web-1", node: "node-2", ip: "10.244.2.20", labels: { app: "web" } },
      { namespace: "app", name: "web-2", node: "node-2", ip: "10.244.2.21", labels: { app: "web" }, ready: false },
    );
  });

  const table: { what: string; name: string; type?: QueryType; rcode: string; answers: string[] }[] = [
    {
      what: "ClusterIP Service → its ClusterIP, never pod IPs",
      name: "bar.app.svc.cluster.local.",
      rcode: "NOERROR",
      answers: ["A 10.96.12.34"],
    },
    {
      what: "AAAA for an IPv4-only Service → NODATA",
      name: "bar.app.svc.cluster.local.",
      type: "AAAA",
      rcode: "NOERROR",
      answers: [],
    },
    {
      what: "headless → one A per ready endpoint",
      name: "web.app.svc.cluster.local.",
      rcode: "NOERROR",
      answers: ["A 10.244.1.20", "A 10.244.2.20"],
    },
    {
      what: "headless with no ready endpoint → NXDOMAIN",
      name: "empty.app.svc.cluster.local.",
      rcode: "NXDOMAIN",
      answers: [],
    },
    {
      what: "hostname record of a headless endpoint",
      name: "web-0.web.app.svc.cluster.local.",
      rcode: "NOERROR",
      answers: ["A 10.244.1.20"],
    },
    {
      what: "dashed-IP record of an endpoint without hostname",
      name: "10-244-2-20.web.app.svc.cluster.local.",
      rcode: "NOERROR",
      answers: ["A 10.244.2.20"],
    },
    {
      what: "no record for a not-ready endpoint",
      name: "10-244-2-21.web.app.svc.cluster.local.",
      rcode: "NXDOMAIN",
      answers: [],
    },
    {
      what: "ExternalName → CNAME plus the target's A",
      name: "db.app.svc.cluster.local.",
      rcode: "NOERROR",
      answers: ["CNAME db.example.com.", "A 203.0.113.10"],
    },
    {
      what: "SRV for a named port",
      name: "_https._tcp.bar.app.svc.cluster.local.",
      type: "SRV",
      rcode: "NOERROR",
      answers: ["SRV 0 100 443 bar.app.svc.cluster.local."],
    },
    {
      what: "no SRV for an unnamed port",
      name: "_6379._tcp.cache.app.svc.cluster.local.",
      type: "SRV",
      rcode: "NXDOMAIN",
      answers: [],
    },
    {
      what: "SRV of a headless Service names each endpoint",
      name: "_http._tcp.web.app.svc.cluster.local.",
      type: "SRV",
      rcode: "NOERROR",
      answers: [
        "SRV 0 50 8080 web-0.web.app.svc.cluster.local.",
        "SRV 0 50 8080 10-244-2-20.web.app.svc.cluster.local.",
      ],
    },
    {
      what: "pod record (pods insecure)",
      name: "10-244-1-5.app.pod.cluster.local.",
      rcode: "NOERROR",
      answers: ["A 10.244.1.5"],
    },
    { what: "no such Service → NXDOMAIN", name: "baz.app.svc.cluster.local.", rcode: "NXDOMAIN", answers: [] },
    { what: "no such namespace → NXDOMAIN", name: "bar.nope.svc.cluster.local.", rcode: "NXDOMAIN", answers: [] },
    { what: "an existing namespace → NODATA", name: "other.svc.cluster.local.", rcode: "NOERROR", answers: [] },
    { what: "a missing namespace label → NXDOMAIN", name: "nope.svc.cluster.local.", rcode: "NXDOMAIN", answers: [] },
    {
      what: "bar.other.app… reads as endpoint bar of Service other in app → NXDOMAIN",
      name: "bar.other.app.svc.cluster.local.",
      rcode: "NXDOMAIN",
      answers: [],
    },
    { what: "too many labels → NXDOMAIN", name: "a.b.c.bar.app.svc.cluster.local.", rcode: "NXDOMAIN", answers: [] },
    { what: "neither svc nor pod → NXDOMAIN", name: "bar.cluster.local.", rcode: "NXDOMAIN", answers: [] },
    { what: "out-of-zone name forwarded upstream", name: "google.com.", rcode: "NOERROR", answers: ["A 142.250.1.1"] },
    {
      what: "out-of-zone name unknown upstream → NXDOMAIN",
      name: "google.com.us-east-2.compute.internal.",
      rcode: "NXDOMAIN",
      answers: [],
    },
  ];
  for (const row of table) {
    it(row.what, () => {
      const answer = ask(seed, row.name, row.type ?? "A");
      expect(answer.rcode).toBe(row.rcode);
      expect(values(seed, row.name, row.type ?? "A")).toEqual(row.answers);
    });
  }

  it("forwards out-of-zone names to the given upstream", () => {
    const answer = ask(seed, "google.com.");
    expect(answer.source).toBe("upstream");
    expect(answer.forwardedTo).toBe(UPSTREAM);
  });

  it("a ClusterIP Service with no endpoints still resolves to its ClusterIP", () => {
    const scenario = seedVariant((s) => {
      s.pods = s.pods.filter((p) => p.labels?.app !== "bar");
    });
    expect(values(scenario, "bar.app.svc.cluster.local.")).toEqual(["A 10.96.12.34"]);
  });

  it("… unless CoreDNS runs ignore empty_service → NXDOMAIN", () => {
    const scenario = seedVariant((s) => {
      s.pods = s.pods.filter((p) => p.labels?.app !== "bar");
      s.dns = { coredns: { ignoreEmptyService: true } };
    });
    expect(ask(scenario, "bar.app.svc.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("pods disabled → no pod records", () => {
    const scenario = seedVariant((s) => {
      s.dns = { coredns: { pods: "disabled" } };
    });
    expect(ask(scenario, "10-244-1-5.app.pod.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("pods verified → only for a pod with that IP in that namespace", () => {
    const scenario = seedVariant((s) => {
      s.dns = { coredns: { pods: "verified" } };
    });
    expect(values(scenario, "10-244-1-5.app.pod.cluster.local.")).toEqual(["A 10.244.1.5"]);
    expect(ask(scenario, "10-244-1-99.app.pod.cluster.local.").rcode).toBe("NXDOMAIN");
    expect(ask(scenario, "10-244-1-5.default.pod.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("pods insecure → any dashed IP in an existing namespace", () => {
    expect(values(seed, "10-244-1-99.app.pod.cluster.local.")).toEqual(["A 10.244.1.99"]);
  });

  it("answers SERVFAIL for cluster names before it has synced, but still forwards others", () => {
    const scenario = seedVariant((s) => {
      s.dns = { coredns: { synced: false } };
      s.externalDNS = { "google.com": ["142.250.1.1"] };
    });
    expect(ask(scenario, "bar.app.svc.cluster.local.").rcode).toBe("SERVFAIL");
    expect(ask(scenario, "google.com.").rcode).toBe("NOERROR");
  });

  it("an ExternalName pointing at a cluster name resolves that name itself", () => {
    const scenario = seedVariant((s) => {
      s.services.push({
        namespace: "app",
        name: "alias",
        type: "ExternalName",
        externalName: "bar.app.svc.cluster.local",
      });
    });
    expect(values(scenario, "alias.app.svc.cluster.local.")).toEqual([
      "CNAME bar.app.svc.cluster.local.",
      "A 10.96.12.34",
    ]);
  });

  it("an ExternalName aliasing a cluster name that does not exist → NODATA, no dangling CNAME", () => {
    const scenario = seedVariant((s) => {
      s.services.push({
        namespace: "app",
        name: "alias",
        type: "ExternalName",
        externalName: "gone.app.svc.cluster.local",
      });
    });
    const answer = ask(scenario, "alias.app.svc.cluster.local.");
    expect(answer.rcode).toBe("NOERROR");
    expect(answer.answers).toEqual([]);
  });

  it("publishNotReadyAddresses publishes not-ready headless endpoints", () => {
    const scenario = seedVariant((s) => {
      const bar = serviceIn(s, "bar");
      bar.clusterIP = "None";
      bar.publishNotReadyAddresses = true;
      podIn(s, "bar-1").ready = false;
    });
    expect(values(scenario, "bar.app.svc.cluster.local.")).toEqual(["A 10.244.1.5", "A 10.244.2.7"]);
  });
});
