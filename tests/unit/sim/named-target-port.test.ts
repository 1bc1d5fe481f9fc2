// Named target ports (lib/sim/README.md, "kube-proxy"): a Service port whose targetPort is a string is resolved
// per endpoint pod through its container ports (podutil FindPort, kubernetes pkg/api/v1/pod/util.go, as the
// EndpointSlice controller's getEndpointPorts uses it). Known answers from upstream's TestFindPort
// (pkg/api/v1/pod/util_test.go) and the controller's behaviour: a pod without the name is published without
// that port, so kube-proxy has no endpoint there.
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../../lib/schemas/scenario";
import {
  corednsAnswer,
  findPort,
  iptablesRestore,
  ipvsRules,
  nftablesRuleset,
  traceScenario,
  tracePaths,
  validateScenario,
  type Scenario,
} from "../../../lib/sim";
import { scenarioSchema, servicePortSchema } from "../../../lib/schemas/scenario";

type PodInput = ScenarioInput["pods"][number];
type ContainerPort = { name?: string; containerPort: number; protocol?: "TCP" | "UDP" | "SCTP" };

const pod = (containerPorts: ContainerPort[]) =>
  scenarioSchema.shape.pods.element.parse({
    namespace: "app",
    name: "p",
    node: "node-1",
    ip: "10.244.1.9",
    containerPorts,
  });
const servicePort = (targetPort: number | string | undefined, protocol: "TCP" | "UDP" = "TCP") =>
  servicePortSchema.parse({ name: "p", port: 93, targetPort, protocol });

describe("findPort: upstream TestFindPort", () => {
  const ports: ContainerPort[] = [
    { name: "", containerPort: 11, protocol: "UDP" },
    { name: "p", containerPort: 22 },
    { name: "q", containerPort: 33 },
  ];
  it.each<[string, ContainerPort[], number | string | undefined, "TCP" | "UDP", number | null]>([
    ["valid int, no ports", [], 93, "TCP", 93],
    ["valid int, with ports", [{ name: "", containerPort: 11 }], 93, "TCP", 93],
    ["targetPort left out defaults to port", ports, undefined, "TCP", 93],
    ["valid str, no ports", [], "p", "TCP", null],
    ["valid str, one ctr with ports", ports, "q", "TCP", 33],
    ["valid str, the name is found by name, not position", ports, "p", "TCP", 22],
    ["valid str, wrong protocol", ports, "q", "UDP", null],
    ["valid str, unnamed port never matches", ports, "r", "TCP", null],
  ])("%s", (_what, containerPorts, targetPort, protocol, expected) => {
    expect(findPort(pod(containerPorts), servicePort(targetPort, protocol))).toBe(expected);
  });
});

const endpointPod = (name: string, node: string, ip: string, containerPorts: ContainerPort[]): PodInput => ({
  namespace: "app",
  name,
  node,
  ip,
  labels: { app: "bar" },
  containerPorts,
});

/** bar's targetPort "web" is 8080 on bar-1, 9090 on bar-2; bar-3 names its port "http" and is no endpoint. */
function namedPortScenario(overrides: Partial<ScenarioInput> = {}, clusterIP = "10.96.12.34"): Scenario {
  const result = validateScenario({
    nodes: [
      { name: "node-1", ip: "192.168.0.11", podCIDR: "10.244.1.0/24" },
      { name: "node-2", ip: "192.168.0.12", podCIDR: "10.244.2.0/24" },
    ],
    pods: [
      { namespace: "app", name: "foo", node: "node-1", ip: "10.244.1.10", labels: { app: "foo" } },
      endpointPod("bar-1", "node-1", "10.244.1.5", [{ name: "web", containerPort: 8080 }]),
      endpointPod("bar-2", "node-2", "10.244.2.7", [{ name: "web", containerPort: 9090 }]),
      endpointPod("bar-3", "node-2", "10.244.2.8", [{ name: "http", containerPort: 8080 }]),
    ],
    services: [
      {
        namespace: "app",
        name: "bar",
        clusterIP,
        selector: { app: "bar" },
        ports: [{ name: "http", port: 80, targetPort: "web" }],
      },
    ],
    request: { from: "app/foo", url: "http://bar/" },
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe("a named targetPort through kube-proxy", () => {
  const scenario = namedPortScenario();

  it("offers the two pods that name the port, each on its own number, with equal chances", () => {
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.proxy?.candidates).toEqual([
      { endpoint: "10.244.1.5:8080", probability: 0.5 },
      { endpoint: "10.244.2.7:9090", probability: 0.5 },
    ]);
  });

  it.each([
    ["10.244.1.5:8080", "app/bar-1", 8080],
    ["10.244.2.7:9090", "app/bar-2", 9090],
  ])("the path to %s DNATs to that pod's container port and says so", (endpoint, backendPod, containerPort) => {
    const result = traceScenario(scenario, { seed: 1, endpoint });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const trace = result.value;
    expect(trace.connection?.backend).toBe(endpoint);
    expect(trace.connection?.backendPod).toBe(backendPod);
    expect(trace.connection?.outcome).toBe("established");
    const dnat = trace.hops.find((h) => h.kind === "proxy.dnat");
    expect(dnat?.packet?.dst).toBe(endpoint);
    expect(dnat?.summary).toContain(`targetPort "web" is container port ${containerPort}/TCP of pod ${backendPod}`);
    expect(dnat?.detail["namedTargetPort"]).toEqual({ name: "web", containerPort });
  });

  it("never picks the pod without the name", () => {
    expect(tracePaths(scenario, { seed: 3 }).map((t) => t.connection?.backendPod)).not.toContain("app/bar-3");
    expect(traceScenario(scenario, { seed: 1, endpoint: "10.244.2.8:8080" }).ok).toBe(false);
  });

  it("the EndpointSlice context names each pod's number and the pod left out", () => {
    const fact = traceScenario(scenario, { seed: 1 }).context.find(
      (c) => c.kind === "endpointslice.ready" && c.summary.includes("app/bar"),
    );
    expect(fact?.summary).toContain(
      'Port 80/TCP targets the named port "web": container port 8080 on bar-1, 9090 on bar-2; bar-3 has no TCP container port named "web"',
    );
  });

  it("iptables: one KUBE-SEP per resolved address, none for bar-3", () => {
    const rules = iptablesRestore(scenario, "node-1").split("\n");
    const dnat = rules.filter((l) => l.includes("-j DNAT")).map((l) => l.replace(/^-A KUBE-SEP-[A-Z0-9]{16} /, ""));
    expect(dnat).toContain("-m comment --comment app/bar:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080");
    expect(dnat).toContain("-m comment --comment app/bar:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:9090");
    expect(rules.some((l) => l.includes("10.244.2.8"))).toBe(false);
    // the 1/n ladder counts the two endpoints only
    const ladder = rules
      .filter((l) => l.includes('--comment "app/bar:http -> ') && l.includes("-j KUBE-SEP-"))
      .map((l) => l.replace(/KUBE-S(VC|EP)-[A-Z0-9]{16}/g, "KUBE-S$1-…"));
    expect(ladder).toEqual([
      '-A KUBE-SVC-… -m comment --comment "app/bar:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-…',
      '-A KUBE-SVC-… -m comment --comment "app/bar:http -> 10.244.2.7:9090" -j KUBE-SEP-…',
    ]);
  });

  it("nftables: endpoint chains named after the resolved address", () => {
    const text = nftablesRuleset(scenario, "node-1");
    expect(text).toMatch(
      /endpoint-[A-Z0-9]{8}-app\/bar\/tcp\/http__10\.244\.1\.5\/8080 meta l4proto tcp dnat to 10\.244\.1\.5:8080/,
    );
    expect(text).toMatch(
      /endpoint-[A-Z0-9]{8}-app\/bar\/tcp\/http__10\.244\.2\.7\/9090 meta l4proto tcp dnat to 10\.244\.2\.7:9090/,
    );
    expect(text).not.toContain("10.244.2.8");
  });

  it("ipvs: one real server per resolved address", () => {
    const text = ipvsRules(scenario, "node-1");
    expect(text).toContain("-a -t 10.96.12.34:80 -r 10.244.1.5:8080 -m -w 1");
    expect(text).toContain("-a -t 10.96.12.34:80 -r 10.244.2.7:9090 -m -w 1");
    expect(text).not.toContain("10.244.2.8");
  });

  it("with no pod naming the port the Service has no endpoints: REJECT, refused", () => {
    const none = namedPortScenario({
      services: [
        {
          namespace: "app",
          name: "bar",
          clusterIP: "10.96.12.34",
          selector: { app: "bar" },
          ports: [{ name: "http", port: 80, targetPort: "grpc" }],
        },
      ],
    });
    const trace = traceScenario(none, { seed: 1 });
    expect(trace.connection?.outcome).toBe("refused");
    expect(trace.hops.some((h) => h.kind === "proxy.reject")).toBe(true);
  });
});

describe("a named targetPort in cluster DNS", () => {
  it("a headless Service's SRV records carry each pod's own port, and none for a pod without the name", () => {
    const headless = namedPortScenario({}, "None");
    const srv = corednsAnswer(headless, "_http._tcp.bar.app.svc.cluster.local.", "SRV", "169.254.169.253");
    expect(srv.answers.map((a) => a.value).sort()).toEqual([
      "0 50 8080 10-244-1-5.bar.app.svc.cluster.local.",
      "0 50 9090 10-244-2-7.bar.app.svc.cluster.local.",
    ]);
  });
});

describe("validation", () => {
  it("names the field of a bad named targetPort and of a duplicate container port name", () => {
    const bad = validateScenario({
      nodes: [{ name: "node-1", ip: "192.168.0.11", podCIDR: "10.244.1.0/24" }],
      pods: [
        {
          namespace: "app",
          name: "foo",
          node: "node-1",
          ip: "10.244.1.10",
          containerPorts: [
            { name: "web", containerPort: 80 },
            { name: "web", containerPort: 81 },
          ],
        },
      ],
      services: [{ namespace: "app", name: "bar", clusterIP: "10.96.1.1", ports: [{ port: 80, targetPort: "8080" }] }],
      request: { from: "app/foo", url: "http://bar/" },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path).sort()).toEqual([
      "pods.0.containerPorts.1.name",
      "services.0.ports.0.targetPort",
    ]);
  });
});
