import type { AnalysedAnswer } from "./analyse";
import type { ScenarioFacts } from "./scenario-facts";
import { parseAddress } from "./values";

/**
 * Whether the answer is about another request: it quotes more names and addresses that this scenario does not
 * have (another Service's cluster name, cluster addresses no pod or Service here owns) than ones it does, and at
 * least two. Ordinary words are never counted: only cluster FQDNs and IPv4 addresses in the scenario's ranges.
 */
export function otherRequest(text: AnalysedAnswer, f: ScenarioFacts): boolean {
  const suffix = `.svc.${f.clusterDomain}`;
  const known = new Set<string>([
    ...f.podIPs,
    ...f.nodeIPs,
    ...(f.clusterIP !== null ? [f.clusterIP] : []),
    ...(f.clusterDNS !== null ? [f.clusterDNS] : []),
    ...(f.nodeLocalDNS !== null ? [f.nodeLocalDNS] : []),
    ...f.addresses,
  ]);
  const prefixes = new Set([...known].map((ip) => ip.split(".").slice(0, 2).join(".")));
  const services = new Set(f.serviceNames.map((s) => s.toLowerCase()));
  const foreign = new Set<string>();
  const own = new Set<string>();
  for (const token of text.tokens) {
    if (token.long) continue;
    const surface = token.surface.endsWith(".") ? token.surface.slice(0, -1) : token.surface;
    if (surface.endsWith(suffix)) {
      const labels = surface.slice(0, -suffix.length).split(".");
      if (labels.length >= 2) (services.has(labels[0] ?? "") ? own : foreign).add(surface);
      continue;
    }
    const address = parseAddress(surface);
    if (address === null) {
      if (surface === f.clientName.toLowerCase() || services.has(surface) || f.backendPods.includes(surface))
        own.add(surface);
      continue;
    }
    if (known.has(address.ip)) own.add(address.ip);
    else if (prefixes.has(address.ip.split(".").slice(0, 2).join("."))) foreign.add(address.ip);
  }
  return foreign.size >= 2 && foreign.size > own.size;
}
