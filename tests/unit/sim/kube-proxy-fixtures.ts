// Scenario builders for the kube-proxy and routing tests (not a test file itself).
import { scenarioSchema, type ScenarioInput } from "../../../lib/schemas/scenario";
import type { ConnectionAttempt } from "../../../lib/sim/kube-proxy";
import type { Scenario } from "../../../lib/sim/types";

export type PodInput = ScenarioInput["pods"][number];
export type ServiceInput = ScenarioInput["services"][number];

export const NODE_1 = { name: "node-1", ip: "192.168.0.11", podCIDR: "10.244.1.0/24" };
export const NODE_2 = { name: "node-2", ip: "192.168.0.12", podCIDR: "10.244.2.0/24" };

/** The seed question's cluster (lib/sim/seed-scenario.ts): foo → app/bar (2 endpoints on 2 nodes). */
export function seedLike(overrides: Partial<ScenarioInput> = {}): Scenario {
  return scenarioSchema.parse({
    nodes: [NODE_1, NODE_2],
    pods: [
      { namespace: "app", name: "foo", node: "node-1", ip: "10.244.1.10", labels: { app: "foo" } },
      { namespace: "app", name: "bar-1", node: "node-1", ip: "10.244.1.5", labels: { app: "bar" } },
      { namespace: "app", name: "bar-2", node: "node-2", ip: "10.244.2.7", labels: { app: "bar" } },
      {
        namespace: "kube-system",
        name: "coredns-0",
        node: "node-1",
        ip: "10.244.1.2",
        labels: { "k8s-app": "kube-dns" },
      },
      {
        namespace: "kube-system",
        name: "coredns-1",
        node: "node-2",
        ip: "10.244.2.2",
        labels: { "k8s-app": "kube-dns" },
      },
      { namespace: "kube-system", name: "node-agent", node: "node-1", ip: "192.168.0.11", hostNetwork: true },
    ],
    services: [
      {
        namespace: "app",
        name: "bar",
        clusterIP: "10.96.12.34",
        selector: { app: "bar" },
        ports: [{ name: "https", port: 443, targetPort: 8443 }],
      },
      {
        namespace: "kube-system",
        name: "kube-dns",
        clusterIP: "10.96.0.10",
        selector: { "k8s-app": "kube-dns" },
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
          { name: "metrics", port: 9153, protocol: "TCP" },
        ],
      },
    ],
    request: { from: "app/foo", url: "https://bar/" },
    ...overrides,
  });
}

/** A scenario with one Service `ns/svc` and the given endpoint pods (all on node-1 unless said). */
export function oneService(
  service: Partial<ServiceInput>,
  pods: readonly PodInput[],
  extra: Partial<ScenarioInput> = {},
) {
  return scenarioSchema.parse({
    nodes: [NODE_1, NODE_2],
    pods: [
      { namespace: "app", name: "client", node: "node-1", ip: "10.244.1.100", labels: { role: "client" } },
      ...pods,
    ],
    services: [
      {
        namespace: "app",
        name: "svc",
        clusterIP: "10.96.0.50",
        selector: { app: "svc" },
        ports: [{ name: "http", port: 80, targetPort: 8080 }],
        ...service,
      },
    ],
    request: { from: "app/client", url: "http://svc/" },
    ...extra,
  });
}

export function fromPod(
  ip: string,
  node: string,
  dstIP: string,
  dstPort: number,
  protocol: "tcp" | "udp" = "tcp",
): ConnectionAttempt {
  return { client: { ip, node, pod: "app/client", hostNetwork: false }, srcPort: 40000, dstIP, dstPort, protocol };
}

export function fromHost(node: { name: string; ip: string }, dstIP: string, dstPort: number): ConnectionAttempt {
  return {
    client: { ip: node.ip, node: node.name, pod: "kube-system/node-agent", hostNetwork: true },
    srcPort: 40000,
    dstIP,
    dstPort,
    protocol: "tcp",
  };
}
