import { SEED_SCENARIO, traceScenario, validateScenario, withCorednsAutopath, type Trace } from "../../../lib/sim";
import type { ScenarioInput } from "../../../lib/sim";

/**
 * The corpus's scenarios, built from the seed scenario input: `headless` sets bar's clusterIP to None,
 * `no-endpoints` marks both bar pods not ready (kubernetes/dns docs/specification.md; kube-proxy
 * pkg/proxy/iptables/proxier.go). Traces come from lib/sim.
 *
 * `cross-namespace`: foo calls `http://payments.billing:8080/`, a ClusterIP Service in namespace `billing`
 * (10.96.40.20, port 8080 → targetPort 9090, ready pods on both nodes). With ndots:5 the first candidate,
 * `payments.billing.app.svc.cluster.local`, is NXDOMAIN (CoreDNS reads it as endpoint `payments` of a Service
 * `billing` in `app`); the second, `payments.billing.svc.cluster.local`, answers the ClusterIP
 * (kubernetes/dns docs/specification.md; glibc res_query.c search order).
 *
 * `external-name`: bar becomes an ExternalName Service for `api.partner.example.com` (203.0.113.7 upstream):
 * CoreDNS answers a CNAME plus the target's A record, and no ClusterIP or kube-proxy rule exists for it.
 *
 * `outside-cluster` / `outside-local`: bar becomes a LoadBalancer (ingress 198.51.100.20, nodePort 30443) with
 * externalTrafficPolicy Cluster / Local, called by `external/203.0.113.50` at `https://198.51.100.20/` (no DNS).
 * The load balancer picks node-1; Cluster masquerades the source to node-1's address, Local keeps it and uses
 * node-1's own endpoint only (kube-proxy pkg/proxy/iptables/proxier.go: KUBE-EXT, KUBE-SVL, KUBE-MARK-MASQ).
 *
 * `hosts-alias`: the seed with a `hostAliases` entry on foo, `10.96.12.34 bar` (bar's own ClusterIP). kubelet
 * appends it to foo's /etc/hosts (pkg/kubelet/kubelet_pods.go hostsEntriesFromHostAliases) and getaddrinfo reads
 * the file before DNS (nsswitch `hosts: files dns`; musl always), so no DNS query is sent; the connection to
 * 10.96.12.34:443 then takes the seed's path (KUBE-SVC-5ZJGYN7BN7Z5DHZA, bar-1 or bar-2, reverse NAT on node-1).
 *
 * `cross-namespace-autopath`: cross-namespace with CoreDNS's `autopath @kubernetes` (and `pods verified`): the
 * first candidate's query, payments.billing.app.svc.cluster.local, is answered with a CNAME to
 * payments.billing.svc.cluster.local plus its A record, so the resolver sends one candidate (2 packets) instead
 * of two (CoreDNS plugin/autopath README and autopath.go).
 *
 * `dual-stack`: the seed with IPv6 ranges next to the IPv4 ones (pods fd00:10:244:N::X, Services fd00:10:96::/112),
 * bar `PreferDualStack` (ClusterIPs 10.96.12.34 and fd00:10:96::1) and dual-stack pods. CoreDNS answers A and
 * AAAA, glibc sorts the ULA IPv6 address first (RFC 6724) and foo connects to [fd00:10:96::1]:443, which
 * ip6tables' KUBE-SVC-5ZJGYN7BN7Z5DHZA DNATs to bar-1 [fd00:10:244:1::5]:8443 or bar-2 [fd00:10:244:2::7]:8443.
 */
export type CorpusScenario =
  | "seed"
  | "headless"
  | "no-endpoints"
  | "cross-namespace"
  | "external-name"
  | "outside-cluster"
  | "outside-local"
  | "hosts-alias"
  | "cross-namespace-autopath"
  | "dual-stack";

function variantInput(name: CorpusScenario): ScenarioInput {
  if (name === "cross-namespace-autopath") return withCorednsAutopath(variantInput("cross-namespace"), true);
  const seed = structuredClone(SEED_SCENARIO);
  if (name === "headless") {
    return { ...seed, services: seed.services.map((s) => (s.name === "bar" ? { ...s, clusterIP: "None" } : s)) };
  }
  if (name === "dual-stack") {
    const input = structuredClone(SEED_SCENARIO);
    input.clusterCIDRs = ["10.244.0.0/16", "fd00:10:244::/56"];
    input.serviceCIDRs = ["10.96.0.0/12", "fd00:10:96::/112"];
    input.nodes.forEach((node, i) => (node.podCIDRs = [node.podCIDR, `fd00:10:244:${i + 1}::/64`]));
    for (const pod of input.pods) {
      const n = input.nodes.findIndex((node) => node.name === pod.node) + 1;
      pod.podIPs = [pod.ip, `fd00:10:244:${n}::${pod.ip.split(".")[3] ?? ""}`];
    }
    input.services = input.services.map((s) => (s.name === "bar" ? { ...s, ipFamilyPolicy: "PreferDualStack" } : s));
    return input;
  }
  if (name === "hosts-alias") {
    return {
      ...seed,
      pods: seed.pods.map((p) =>
        p.name === "foo" ? { ...p, hostAliases: [{ ip: "10.96.12.34", hostnames: ["bar"] }] } : p,
      ),
    };
  }
  if (name === "no-endpoints") {
    return { ...seed, pods: seed.pods.map((p) => (p.name.startsWith("bar-") ? { ...p, ready: false } : p)) };
  }
  if (name === "cross-namespace") {
    return {
      ...seed,
      namespaces: [...(seed.namespaces ?? []), "billing"],
      pods: [
        ...seed.pods,
        { namespace: "billing", name: "payments-1", node: "node-1", ip: "10.244.1.21", labels: { app: "payments" } },
        { namespace: "billing", name: "payments-2", node: "node-2", ip: "10.244.2.22", labels: { app: "payments" } },
      ],
      services: [
        ...seed.services,
        {
          namespace: "billing",
          name: "payments",
          type: "ClusterIP",
          clusterIP: "10.96.40.20",
          selector: { app: "payments" },
          ports: [{ name: "http", port: 8080, targetPort: 9090, protocol: "TCP" }],
        },
      ],
      request: { from: "app/foo", url: "http://payments.billing:8080/" },
    };
  }
  if (name === "external-name") {
    return {
      ...seed,
      pods: seed.pods.filter((p) => !p.name.startsWith("bar-")),
      services: seed.services.map((s) =>
        s.name === "bar"
          ? {
              namespace: s.namespace,
              name: s.name,
              type: "ExternalName",
              clusterIP: null,
              selector: null,
              ports: [{ name: "https", port: 443, protocol: "TCP" }],
              externalName: "api.partner.example.com",
            }
          : s,
      ),
      externalDNS: { "api.partner.example.com": ["203.0.113.7"] },
    };
  }
  if (name === "outside-cluster" || name === "outside-local") {
    return {
      ...seed,
      services: seed.services.map((s) =>
        s.name === "bar"
          ? {
              ...s,
              type: "LoadBalancer",
              ports: [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 }],
              externalTrafficPolicy: name === "outside-local" ? "Local" : "Cluster",
              status: { loadBalancer: { ingress: [{ ip: "198.51.100.20" }] } },
            }
          : s,
      ),
      request: { from: "external/203.0.113.50", url: "https://198.51.100.20/" },
    };
  }
  return seed;
}

const traces = new Map<CorpusScenario, Trace>();

export function corpusTrace(name: CorpusScenario): Trace {
  const known = traces.get(name);
  if (known !== undefined) return known;
  const validated = validateScenario(variantInput(name));
  if (!validated.ok) throw new Error(`${name}: ${JSON.stringify(validated.errors)}`);
  const trace = traceScenario(validated.value, { seed: 1 });
  traces.set(name, trace);
  return trace;
}
