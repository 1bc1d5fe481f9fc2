import { describe, expect, it } from "vitest";
import { SEED_SCENARIO, parseScenarioText, seedScenario, validateScenario, type ScenarioInput } from "../../../lib/sim";

function variant(change: (input: ScenarioInput) => void): ReturnType<typeof validateScenario> {
  const input = structuredClone(SEED_SCENARIO);
  change(input);
  return validateScenario(input);
}

function paths(result: ReturnType<typeof validateScenario>): string[] {
  return result.ok ? [] : result.errors.map((e) => e.path);
}

describe("validateScenario", () => {
  it("accepts the seed scenario", () => {
    expect(validateScenario(SEED_SCENARIO).ok).toBe(true);
  });

  it("reports shape errors by dotted field path", () => {
    const result = validateScenario({ nodes: [{ name: "n", ip: "300.1.1.1", podCIDR: "x" }], pods: [], services: [] });
    expect(paths(result)).toEqual(expect.arrayContaining(["nodes.0.ip", "nodes.0.podCIDR", "request"]));
  });

  it("reports every semantic error at once", () => {
    const result = variant((s) => {
      s.pods[1]!.node = "node-9"; // unknown node
      s.pods[2]!.ip = "10.244.9.7"; // outside node-2's pod CIDR
      s.services[0]!.clusterIP = "10.200.0.1"; // outside serviceCIDR
      s.request.from = "app/nobody";
      s.request.url = "not a url";
    });
    expect(result.ok).toBe(false);
    expect(paths(result).sort()).toEqual([
      "pods.1.node",
      "pods.2.ip",
      "request.from",
      "request.url",
      "services.0.clusterIP",
    ]);
    if (!result.ok) for (const e of result.errors) expect(e.message.length).toBeGreaterThan(5);
  });

  it("rejects duplicate pod IPs, node IPs and ClusterIPs", () => {
    const result = variant((s) => {
      s.pods[2]!.node = "node-1";
      s.pods[2]!.ip = "10.244.1.5";
      s.nodes[1]!.ip = "192.168.0.11";
      s.services.push({
        namespace: "app",
        name: "baz",
        clusterIP: "10.96.12.34",
        selector: { app: "baz" },
        ports: [{ port: 80 }],
      });
    });
    expect(paths(result).sort()).toEqual(["nodes.1.ip", "pods.2.ip", "services.1.clusterIP"]);
  });

  it("requires a hostNetwork pod to have its node's IP", () => {
    const bad = variant((s) => {
      s.pods[0]!.hostNetwork = true;
    });
    expect(paths(bad)).toEqual(["pods.0.ip"]);
    const good = variant((s) => {
      s.pods[0]!.hostNetwork = true;
      s.pods[0]!.ip = "192.168.0.11";
    });
    expect(good.ok).toBe(true);
  });

  it("requires externalName for an ExternalName Service", () => {
    const result = variant((s) => {
      s.services.push({ namespace: "app", name: "db", type: "ExternalName" });
    });
    expect(paths(result)).toEqual(["services.1.externalName"]);
  });

  it("requires dnsConfig nameservers for dnsPolicy None", () => {
    const result = variant((s) => {
      s.pods[0]!.dnsPolicy = "None";
    });
    expect(paths(result)).toEqual(["pods.0.dnsConfig"]);
  });

  it("adds the kube-dns Service and two CoreDNS pods when absent", () => {
    const scenario = seedScenario();
    const kubeDns = scenario.services.find((s) => s.namespace === "kube-system" && s.name === "kube-dns");
    expect(kubeDns?.clusterIP).toBe("10.96.0.10");
    expect(kubeDns?.selector).toEqual({ "k8s-app": "kube-dns" });
    expect(kubeDns?.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual([
      "dns 53/UDP",
      "dns-tcp 53/TCP",
      "metrics 9153/TCP",
    ]);
    const coredns = scenario.pods.filter((p) => p.labels["k8s-app"] === "kube-dns");
    expect(coredns).toHaveLength(2);
    expect(coredns.map((p) => p.node)).toEqual(["node-1", "node-2"]);
    expect(coredns[0]!.ip.startsWith("10.244.1.")).toBe(true);
    expect(coredns[1]!.ip.startsWith("10.244.2.")).toBe(true);
    const ips = scenario.pods.map((p) => p.ip);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it("keeps existing CoreDNS pods and an existing kube-dns Service", () => {
    const result = variant((s) => {
      s.services.push({
        namespace: "kube-system",
        name: "kube-dns",
        clusterIP: "10.96.0.10",
        selector: { "k8s-app": "kube-dns" },
        ports: [{ name: "dns", port: 53, protocol: "UDP" }],
      });
      s.pods.push({
        namespace: "kube-system",
        name: "coredns-abc",
        node: "node-2",
        ip: "10.244.2.50",
        labels: { "k8s-app": "kube-dns" },
      });
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.services.filter((s) => s.name === "kube-dns")).toHaveLength(1);
    expect(result.value.pods.filter((p) => p.labels["k8s-app"] === "kube-dns").map((p) => p.name)).toEqual([
      "coredns-abc",
    ]);
  });

  it("adds the namespaces of pods and services", () => {
    const result = variant((s) => {
      s.namespaces = ["default"];
    });
    expect(result.ok && [...result.value.namespaces].sort()).toEqual(["app", "default", "kube-system"]);
  });

  it("rejects a clusterDNS outside serviceCIDR when it must become the kube-dns ClusterIP", () => {
    const result = variant((s) => {
      s.dns = { clusterDNS: "10.200.0.10" };
    });
    expect(paths(result)).toEqual(["dns.clusterDNS"]);
  });
});

describe("parseScenarioText", () => {
  it("reads JSON", () => {
    const parsed = parseScenarioText(JSON.stringify(SEED_SCENARIO));
    expect(parsed.ok && validateScenario(parsed.value).ok).toBe(true);
  });

  it("reads YAML", () => {
    const yaml = `nodes:\n  - { name: node-1, ip: 192.168.0.11, podCIDR: 10.244.1.0/24 }\npods:\n  - namespace: app\n    name: foo\n    node: node-1\n    ip: 10.244.1.10\nservices: []\nrequest:\n  from: app/foo\n  url: http://10.244.1.10:8080/\n`;
    const parsed = parseScenarioText(yaml);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && validateScenario(parsed.value).ok).toBe(true);
  });

  it("reports unparsable text as a value, not a throw", () => {
    const parsed = parseScenarioText("{ nodes: [");
    expect(parsed.ok).toBe(false);
  });
});
