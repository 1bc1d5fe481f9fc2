import type { ScenarioInput } from "../schemas/scenario";

/**
 * The built-in seed scenario (`--scenario seed`): the series' first question, pod `foo` in namespace `app`
 * runs `http.get("https://bar/")` (lib/sim/README.md, "Public entry").
 *
 * Decisions:
 * - The nodes have no search domain of their own, so the pod's search list is exactly the three cluster
 *   domains of the blog post's resolv.conf and the resolver's worked examples hold as written (`bar` → 1 candidate,
 *   `google.com` → 4 candidates). The `us-east-2.compute.internal` variant is a test case, not the seed.
 * - bar's two ready endpoints sit on different nodes (bar-1 next to foo on node-1, bar-2 on node-2), so the
 *   seed picks between a same-node and a cross-node path.
 * - kube-dns and CoreDNS are left out on purpose: validation adds them as a kubeadm cluster has them
 *   (Service 10.96.0.10, pods coredns-0 on node-1 and coredns-1 on node-2).
 */
export const SEED_SCENARIO: ScenarioInput = {
  clusterDomain: "cluster.local",
  clusterCIDR: "10.244.0.0/16",
  serviceCIDR: "10.96.0.0/12",
  kubeProxy: { mode: "iptables" },
  dns: {
    clusterDNS: "10.96.0.10",
    nodeLocalDNS: null,
    coredns: { pods: "insecure", ttl: 30, ignoreEmptyService: false },
  },
  cni: { mode: "vxlan" },
  nodes: [
    { name: "node-1", ip: "192.168.0.11", podCIDR: "10.244.1.0/24", searchDomains: [] },
    { name: "node-2", ip: "192.168.0.12", podCIDR: "10.244.2.0/24", searchDomains: [] },
  ],
  namespaces: ["default", "kube-system", "app"],
  pods: [
    { namespace: "app", name: "foo", node: "node-1", ip: "10.244.1.10", labels: { app: "foo" } },
    { namespace: "app", name: "bar-1", node: "node-1", ip: "10.244.1.5", labels: { app: "bar" } },
    { namespace: "app", name: "bar-2", node: "node-2", ip: "10.244.2.7", labels: { app: "bar" } },
  ],
  services: [
    {
      namespace: "app",
      name: "bar",
      type: "ClusterIP",
      clusterIP: "10.96.12.34",
      selector: { app: "bar" },
      ports: [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP" }],
    },
  ],
  request: { from: "app/foo", url: "https://bar/" },
};
