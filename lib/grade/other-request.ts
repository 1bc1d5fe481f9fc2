import type { AnalysedAnswer } from "./analyse";
import { dnsExchangeClauses } from "./claims";
import type { ScenarioFacts } from "./scenario-facts";
import { parseAddress } from "./values";

/**
 * The request an answer tells, when it is not the one asked: another client, Service or direction (`other`), or
 * the DNS query packet's own trip through the cluster DNS Service (`dns-packet`). Such an answer is graded on the
 * mechanism it shows for THAT request (`mechanism`), with bounded credit: partial at best, never strong (the
 * verdict rule in score.ts), and the feedback names both requests (feedback.ts).
 */
export interface OtherRequest {
  readonly kind: "other" | "dns-packet";
  /** the request the answer tells, in the scenario's names and the answer's own */
  readonly described: string;
  /** the answer shows that request's mechanism: the Service round trip (the rules' DNAT and the reply's reverse
   * translation), across namespaces too when the asked request crosses them */
  readonly mechanism: boolean;
}

/** What the grade found stated (full or partial credit, not bare mentions) that tells which request it is about. */
export interface StepsShown {
  /** the DNS packet's DNAT to a CoreDNS pod (dns-service-nat) is stated in full */
  readonly dnsServiceNat: boolean;
  /** a required step from the DNS answer on is stated: the answer gets to the asked request itself */
  readonly pastLookup: boolean;
  /** the asked rubric's DNAT and reverse translation are stated (on whatever request the answer tells) */
  readonly serviceRoundTrip: boolean;
}

export function otherRequest(text: AnalysedAnswer, f: ScenarioFacts, shown: StepsShown): OtherRequest | null {
  const names = foreignNames(text, f);
  if (names.foreign.length >= 2 && names.foreign.length > names.own) {
    return {
      kind: "other",
      described: names.foreign.slice(0, 2).join(", "),
      mechanism: shown.serviceRoundTrip && (!f.crossNamespace || names.crossesNamespaces),
    };
  }
  // only the DNS packet's own trip: its DNAT to a CoreDNS pod told, and nothing of what the lookup returns or of
  // the connection after it
  if (shown.dnsServiceNat && !shown.pastLookup) {
    const dns = f.clusterDNS === null ? "the cluster DNS Service" : `${f.clusterDNS}:53`;
    const pods = f.podNames.filter((n) => n.toLowerCase().startsWith("coredns"));
    const to = pods.length > 0 ? ` and on to a CoreDNS pod (${pods.join(" or ")})` : "";
    return {
      kind: "dns-packet",
      described: `${f.clientName}'s DNS query to ${dns}${to}`,
      mechanism: dnsReplyUnNat(text, f),
    };
  }
  return null;
}

/**
 * Whether the answer tells the DNS reply's reverse translation (conntrack puts the cluster DNS address back as
 * its source): a clause about the DNS packet's own trip (claims.ts dnsExchangeClauses) that has conntrack, an
 * un-NAT or a reverse NAT in it.
 */
function dnsReplyUnNat(text: AnalysedAnswer, f: ScenarioFacts): boolean {
  const about = dnsExchangeClauses(text, f);
  const tokens = text.tokens;
  return tokens.some((t, i) => {
    if (about[t.clause] !== true) return false;
    if (t.key === "conntrack" || t.key === "undnat" || t.key === "unnat") return true;
    const next = tokens[i + 1];
    return (
      (t.key === "un" || t.key === "revers") && next?.clause === t.clause && (next.key === "nat" || next.key === "dnat")
    );
  });
}

/**
 * The names and addresses of other Services and pods the answer quotes (another Service's cluster name, its
 * ClusterIP, pods the Service does not select), how many of this request's target it quotes (its name and FQDN,
 * counted once; its ClusterIP; the pods it selects; the addresses DNS returned), and whether a foreign name
 * walks the search list with a namespace of its own ("foo.app.billing.svc.cluster.local": the other request
 * crosses namespaces too). What every request shares (the client, the cluster DNS and its pods, the nodes)
 * counts for neither. Ordinary words are never counted: only cluster FQDNs, names and IPv4 addresses in the
 * scenario's ranges. The answer is about another request when it quotes at least two foreign ones, and more
 * than of its own.
 */
function foreignNames(
  text: AnalysedAnswer,
  f: ScenarioFacts,
): { foreign: string[]; own: number; crossesNamespaces: boolean } {
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
  let crossesNamespaces = false;
  for (const token of text.tokens) {
    if (token.long) continue;
    const surface = token.surface.endsWith(".") ? token.surface.slice(0, -1) : token.surface;
    if (surface.endsWith(suffix)) {
      const labels = surface.slice(0, -suffix.length).split(".");
      // "bar.app.svc.cluster.local", "payments.billing.app.svc.cluster.local" (a search candidate): this Service;
      // "app.svc.cluster.local" is the search list's own entry
      if (labels.length >= 2 && labels[0] === service) own.add("name");
      else if (labels.length >= 2) {
        foreign.add(surface);
        // service.namespace + a search domain's namespace
        if (labels.length >= 3) crossesNamespaces = true;
      }
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
  return { foreign: [...foreign], own: own.size, crossesNamespaces };
}
