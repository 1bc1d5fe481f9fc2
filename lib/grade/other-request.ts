import type { AnalysedAnswer } from "./analyse";
import type { ScenarioFacts } from "./scenario-facts";
import { parseAddress } from "./values";

/**
 * Whether the answer is about another request: it quotes more names and addresses of other Services and pods
 * (another Service's cluster name, its ClusterIP, pods the Service does not select) than of this request's
 * target (its name and FQDN, counted once; its ClusterIP; the pods it selects; the addresses DNS returned), and
 * at least two. What every request shares (the client, the cluster DNS and its pods, the nodes) counts for
 * neither. Ordinary words are never counted: only cluster FQDNs, names and IPv4 addresses in the scenario's ranges.
 */
export function otherRequest(text: AnalysedAnswer, f: ScenarioFacts): boolean {
  const suffix = `.svc.${f.clusterDomain}`;
  const service = (f.service?.name ?? f.host.split(".")[0] ?? f.host).toLowerCase();
  const targetIPs = new Set<string>([
    ...(f.clusterIP !== null ? [f.clusterIP] : []),
    ...f.backendIPs,
    ...f.addresses,
    ...f.selectedPods.map((p) => p.ip),
  ]);
  const targetPods = new Set([...f.backendPods, ...f.selectedPods.map((p) => p.name)].map((n) => n.toLowerCase()));
  const dnsPods = new Set(f.podNames.filter((n) => n.toLowerCase().startsWith("coredns")).map((n) => n.toLowerCase()));
  const shared = new Set<string>([
    ...f.nodeIPs,
    ...(f.clientIP !== null ? [f.clientIP] : []),
    ...(f.clusterDNS !== null ? [f.clusterDNS] : []),
    ...(f.nodeLocalDNS !== null ? [f.nodeLocalDNS] : []),
  ]);
  const podByIP = new Map(f.podIPs.map((ip, i) => [ip, (f.podNames[i] ?? "").toLowerCase()]));
  const known = new Set<string>([...targetIPs, ...shared, ...f.podIPs]);
  const prefixes = new Set([...known].map((ip) => ip.split(".").slice(0, 2).join(".")));
  const services = new Set(f.serviceNames.map((s) => s.toLowerCase()));
  const foreign = new Set<string>();
  const own = new Set<string>();
  for (const token of text.tokens) {
    if (token.long) continue;
    const surface = token.surface.endsWith(".") ? token.surface.slice(0, -1) : token.surface;
    if (surface.endsWith(suffix)) {
      const labels = surface.slice(0, -suffix.length).split(".");
      // "bar.app.svc.cluster.local", "payments.billing.app.svc.cluster.local" (a search candidate): this Service;
      // "app.svc.cluster.local" is the search list's own entry
      if (labels.length >= 2 && labels[0] === service) own.add("name");
      else if (labels.length >= 2) foreign.add(surface);
      continue;
    }
    const address = parseAddress(surface);
    if (address === null) {
      if (surface === service || f.host.toLowerCase() === surface || targetPods.has(surface)) own.add("name");
      else if (services.has(surface) && surface !== f.clientName.toLowerCase()) foreign.add(surface);
      continue;
    }
    const ip = address.ip;
    if (targetIPs.has(ip)) own.add(ip);
    else if (shared.has(ip) || dnsPods.has(podByIP.get(ip) ?? "")) continue;
    else if (prefixes.has(ip.split(".").slice(0, 2).join("."))) foreign.add(ip);
  }
  return foreign.size >= 2 && foreign.size > own.size;
}
