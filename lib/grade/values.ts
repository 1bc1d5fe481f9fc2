import type { AnalysedAnswer, Clause, Token } from "./analyse";
import type { ScenarioFacts } from "./scenario-facts";
import { ipv6ToBigInt } from "../sim/cidr";
import { joinHostPort, splitHostPort } from "../sim/index";

/**
 * Scenario values in a claim, checked against the trace: a claim of the right step that quotes a wrong name,
 * address, port, namespace, ndots, chain or node gets a value correction naming the right one. Only values of
 * the kinds the concept cares about are checked, and only inside the clause that matched.
 *
 * - `fqdn`: a cluster name (`*.svc.<domain>`) other than the one that answered, or a wrong namespace in it
 * - `ndots`: `ndots:N` other than the pod's resolv.conf option
 * - `nameserver`: an address quoted as the nameserver that is not the pod's nameserver
 * - `clusterip`: an address quoted as the DNS answer that is neither the ClusterIP nor a pod IP (pod IPs are
 *   the misconception dns-returns-pod-ip, not a slip)
 * - `service-port`: `ClusterIP:port` with the wrong port
 * - `dnat-target`: `podIP:port` with the wrong port (the DNAT keeps 443), or an address that is no endpoint
 * - `backend-node` / `client-node`: a node name other than the backend's (routing) or the client's (the reverse
 *   translation happens where the connection started)
 * - `rewrite-node`: the node where the claim puts the node's rules, other than the client's ("on node-2 the rules
 *   DNAT it", "routed to node-2, and there the rules DNAT it"): the DNAT happens before the packet leaves
 * - `chain`: a KUBE-SVC/KUBE-SEP chain name not on this path (a slip of trivia: corrected, no credit lost)
 * - `target-port`: the port the backend receives on
 * - `external-port`: the port dialled on an address reached without a Service port mapping (the URL's port)
 * - `hosts-address`: an address quoted for the /etc/hosts lookup that the file does not give for the name
 */
export type ValueKind =
  | "fqdn"
  | "ndots"
  | "nameserver"
  | "clusterip"
  | "service-port"
  | "dnat-target"
  | "backend-node"
  | "client-node"
  | "rewrite-node"
  | "chain"
  | "target-port"
  | "external-port"
  /** a client outside the cluster: the address and port it dials (ingress IP or node IP, NodePort) */
  | "outside-address"
  /** a client outside the cluster: its own address, as the pod sees it under externalTrafficPolicy Local */
  | "client-address"
  /** the address the pod's /etc/hosts gives for the name (a hostAliases entry) */
  | "hosts-address";

export interface ValueFinding {
  readonly said: string;
  readonly right: string;
  readonly start: number;
  readonly end: number;
  readonly explanation: string;
  /** trivia (a chain hash): corrected, but the step keeps its credit */
  readonly minor: boolean;
}

/** "10.96.12.34" or "10.96.12.34:443" → parts, without a regular expression (tokens are bounded anyway). */
export function parseAddress(surface: string): { ip: string; port: string | null } | null {
  if (surface.length > 21 || surface.length < 7) return null;
  const c = surface.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const [ip = "", port, extra] = surface.split(":");
  if (extra !== undefined) return null;
  const octets = ip.split(".");
  if (octets.length !== 4) return null;
  for (const o of octets) {
    if (o.length === 0 || o.length > 3) return null;
    for (const ch of o) if (ch < "0" || ch > "9") return null;
    if (Number(o) > 255) return null;
  }
  if (port !== undefined) {
    if (port.length === 0 || port.length > 5) return null;
    for (const ch of port) if (ch < "0" || ch > "9") return null;
  }
  return { ip, port: port ?? null };
}

/** An address as the tokeniser keeps it: IPv4 ("10.96.12.34:443") or IPv6 ("fd00:10:96::1", "[fd00:10:96::1]:443"). */
export function parseAnyAddress(surface: string): { ip: string; port: string | null } | null {
  const v4 = parseAddress(surface);
  if (v4 !== null || surface.length > 47 || !surface.includes(":")) return v4;
  let ip = surface;
  let port: string | null = null;
  if (surface.startsWith("[")) {
    const close = surface.indexOf("]");
    if (close === -1) return null;
    ip = surface.slice(1, close);
    const rest = surface.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":") || rest.length < 2 || rest.length > 6) return null;
      for (const ch of rest.slice(1)) if (ch < "0" || ch > "9") return null;
      port = rest.slice(1);
    }
  }
  return ipv6ToBigInt(ip) === null ? null : { ip, port };
}

const isIPv6Text = (ip: string): boolean => ip.includes(":");
/** the top 64 bits of an IPv6 address: a Service's IPv6 range is far narrower than a /64 in every scenario */
const prefix64 = (ip: string): bigint | null => {
  const value = ipv6ToBigInt(ip);
  return value === null ? null : value >> 64n;
};

function inServiceRange(ip: string, f: ScenarioFacts): boolean {
  if (isIPv6Text(ip)) {
    const mine = prefix64(ip);
    return mine !== null && f.clusterIPs.some((c) => isIPv6Text(c) && prefix64(c) === mine);
  }
  // ClusterIPs of the scenario share its first two octets (service CIDR /12 or narrower in every scenario)
  const ref = f.clusterIP ?? f.clusterDNS;
  if (ref === null) return false;
  return ip.split(".").slice(0, 2).join(".") === ref.split(".").slice(0, 2).join(".");
}

const withoutDot = (s: string): string => (s.endsWith(".") ? s.slice(0, -1) : s);
const ANSWER_WORDS = new Set(["resolv", "answer", "return", "succeed", "work", "match", "hit", "found", "find", "get"]);
const FAIL_WORDS = new Set(["nxdomain", "fail", "miss", "not", "no", "never", "n't", "error", "servfail", "nodata"]);

/**
 * Whether a clause says its name (at token `at`) is the one that answers ("… resolves", "CoreDNS returns
 * 10.96.40.20 for it"). "get" right before the name is the server receiving it ("CoreDNS gets …app.svc.cluster.local").
 */
function claimsAnswer(text: AnalysedAnswer, clause: Clause, f: ScenarioFacts, at: number): boolean {
  let answers = false;
  // "the first candidate, payments.billing.app.svc.cluster.local, already resolves …": the name closes its clause
  // (or only a verbless phrase follows it: "sends … to CoreDNS") and the next one is its predicate
  const next = namesLast(text, clause, at) ? predicateOf(text, clause) : null;
  const last = next?.last ?? clause.last;
  for (let i = clause.first; i <= last; i++) {
    const t = text.tokens[i];
    if (t === undefined) continue;
    if (FAIL_WORDS.has(t.key) || t.negation || t.key.startsWith("fail")) return false;
    if (t.key === "get" && i === at - 1) continue;
    if (ANSWER_WORDS.has(t.key) || (f.clusterIP !== null && t.surface === f.clusterIP)) answers = true;
  }
  return answers;
}

/** Whether the name at `at` is the last thing its clause names: no verb and no other dotted name follows it. */
function namesLast(text: AnalysedAnswer, clause: Clause, at: number): boolean {
  for (let i = at + 1; i <= clause.last; i++) {
    const t = text.tokens[i];
    if (t === undefined) continue;
    if (t.pos === "VERB" || t.pos === "AUX" || t.surface.includes(".")) return false;
  }
  return true;
}

const PREDICATE_LEADS = new Set(["and", "which", "then", "so"]);
/** A DNS server as the subject of a clause that answers the name just quoted ("…, and CoreDNS answers it"). */
const DNS_SERVERS = new Set(["coredns", "dns", "kube-dns", "server", "nameserver"]);
const ANAPHORS = new Set(["it", "this", "that", "which"]);
const NAME_NOUNS = new Set(["name", "one", "candidate", "query", "lookup", "fqdn"]);

/**
 * The next clause of the sentence when it opens with its verb (after at most one adverb): no subject of its own,
 * or one standing for the name just quoted ("…, and that name resolves right away", "…, which answers").
 */
function predicateOf(text: AnalysedAnswer, clause: Clause): Clause | null {
  const next = text.clauses[clause.index + 1];
  if (next === undefined || next.sentence !== clause.sentence) return null;
  let lead = next.first;
  // "…, which answers", "…, and resolves": the lead word alone, the verb right after it
  if (PREDICATE_LEADS.has(text.tokens[lead]?.surface ?? "") && lead < next.last) lead++;
  const afterLead = lead;
  if (ANAPHORS.has(text.tokens[lead]?.surface ?? "") && lead < next.last) {
    lead++;
    if (NAME_NOUNS.has(text.tokens[lead]?.key ?? "") && lead < next.last) lead++;
  } else if (DNS_SERVERS.has(text.tokens[lead]?.key ?? "") && lead < next.last) {
    // "…, and CoreDNS answers that name with …": the server's verb takes the quoted name back as its object
    const verb = text.tokens[lead + 1];
    const object = text.tokens[lead + 2];
    const anaphor =
      object !== undefined &&
      ANAPHORS.has(object.surface) &&
      (object.surface === "it" || NAME_NOUNS.has(text.tokens[lead + 3]?.key ?? ""));
    return verb?.pos === "VERB" && anaphor && lead + 2 <= next.last ? next : null;
  } else lead = afterLead;
  const head = text.tokens[lead];
  const verbAt = head?.pos === "ADV" ? lead + 1 : lead;
  const pos = text.tokens[verbAt]?.pos;
  return verbAt <= next.last && (pos === "VERB" || pos === "AUX") ? next : null;
}

const FAILED_LOOKUP = new Set(["nxdomain", "servfail", "nodata"]);

/** Whether the clause's sentence says the names it lists fail ("… tries a, b and c, and all of them are NXDOMAIN"). */
function sentenceFails(text: AnalysedAnswer, clause: Clause): boolean {
  for (const c of text.clauses) {
    if (c.sentence !== clause.sentence) continue;
    for (let i = c.first; i <= c.last; i++) {
      const key = text.tokens[i]?.key ?? "";
      if (FAILED_LOOKUP.has(key) || key.startsWith("fail")) return true;
    }
  }
  return false;
}

/** A port named after an address: "… on port 8443", "… port 80" (within three tokens of the clause). */
function portAfter(text: AnalysedAnswer, clause: Clause, at: number): string | null {
  // a rule's options are split at their dashes: "-d 10.96.12.34 --dport 8443" reads on into the next option
  let last = clause.last;
  while (last < at + 3 && text.tokens[last + 1]?.gap === "dash" && text.tokens[last + 1]?.sentence === clause.sentence)
    last = Math.min(at + 3, last + 2);
  for (let k = at + 1; k <= Math.min(last, at + 3); k++) {
    // "10.96.12.34 port 80", "-d 10.96.12.34 --dport 8443"
    const word = text.tokens[k]?.surface;
    if (word !== "port" && word !== "dport") continue;
    const n = text.tokens[k + 1]?.surface ?? "";
    return /^\d{1,5}$/.test(n) ? n : null;
  }
  return null;
}

const AT_NODE = new Set(["on", "at"]);

/**
 * The node where a clause puts its action: "on node-2" / "at node-2" before any backend value in the clause, or a
 * "there" earlier in its sentence standing for the node the packet was sent to before it ("routed to node-2, and
 * there the rules … DNAT it").
 */
function actingNode(text: AnalysedAnswer, clause: Clause, f: ScenarioFacts): { node: string; at: number } | null {
  const nodes = new Map(f.nodeNames.map((n) => [n.toLowerCase(), n]));
  const backend = new Set([...f.backendIPs, ...f.backendEndpoints, ...f.backendPods].map((v) => v.toLowerCase()));
  let first = clause.first;
  while (first > 0 && text.tokens[first - 1]?.sentence === clause.sentence) first--;
  let target: string | null = null;
  let acting: { node: string; at: number } | null = null;
  for (let i = first; i <= clause.last; i++) {
    const t = text.tokens[i];
    if (t === undefined) break;
    if (i >= clause.first && backend.has(t.surface)) break;
    const node = nodes.get(t.surface);
    const within = text.clauses[t.clause];
    if (node !== undefined && within !== undefined && towards(text, within, i)) target = node;
    else if (node !== undefined && i >= clause.first && AT_NODE.has(text.tokens[i - 1]?.surface ?? ""))
      acting = { node, at: i };
    else if (t.surface === "there" && target !== null) acting = { node: target, at: i };
  }
  return acting;
}

/** The value findings of one clause for the concept's value kinds. */
/** A value correction for the token: what it says, and the right value. */
function addFinding(
  out: ValueFinding[],
  text: AnalysedAnswer,
  token: Token,
  right: string,
  explanation: string,
  minor = false,
): void {
  out.push({
    said: text.answer.slice(token.start, token.end),
    right,
    start: token.start,
    end: token.end,
    explanation,
    minor,
  });
}

// the scenario's node names by their lower-case spelling (the first of equal spellings, as a search would find)
const nodeNameMemo = new WeakMap<ScenarioFacts, ReadonlyMap<string, string>>();
function nodeNames(f: ScenarioFacts): ReadonlyMap<string, string> {
  let known = nodeNameMemo.get(f);
  if (known === undefined) {
    const byName = new Map<string, string>();
    for (const n of f.nodeNames) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), n);
    known = byName;
    nodeNameMemo.set(f, known);
  }
  return known;
}

export function valueFindings(
  text: AnalysedAnswer,
  clause: Clause,
  kinds: readonly ValueKind[],
  f: ScenarioFacts,
): ValueFinding[] {
  if (kinds.length === 0) return [];
  const out: ValueFinding[] = [];
  const wants = new Set(kinds);
  if (wants.has("rewrite-node") && f.clientNode !== null) {
    const acting = actingNode(text, clause, f);
    const token = acting === null ? undefined : text.tokens[acting.at];
    if (acting !== null && token !== undefined && acting.node !== f.clientNode) {
      out.push({
        said: text.answer.slice(token.start, token.end),
        right: f.clientNode,
        start: token.start,
        end: token.end,
        explanation: `The rules rewrite the destination on ${f.clientNode}, ${f.clientName}'s node, before the packet is routed anywhere; not on ${acting.node}.`,
        minor: false,
      });
    }
  }
  const suffix = `.svc.${f.clusterDomain}`;
  const nodeByName = nodeNames(f);
  const reachable = f.kind === "headless" ? f.addressNodes : f.backendNode !== null ? [f.backendNode] : [];
  for (let i = clause.first; i <= clause.last; i++) {
    const token = text.tokens[i];
    if (token === undefined || token.long) continue;
    const surface = withoutDot(token.surface);
    const cnameTarget = f.externalName !== null && surface === withoutDot(f.externalName.toLowerCase());
    if (wants.has("fqdn") && f.fqdn !== null && surface.endsWith(suffix) && surface !== f.fqdn && !cnameTarget) {
      const labels = surface.slice(0, -suffix.length).split(".");
      const search = f.search.map((s) => s.toLowerCase());
      // the search list's own entries ("app.svc.cluster.local") and candidates tried before the answer are right
      // (under CoreDNS's autopath the first candidate's query is itself answered, with a CNAME and the address)
      const tried =
        f.search.some((s) => surface === `${f.host}.${s}`) && (f.autopath || !claimsAnswer(text, clause, f, i));
      // the bare Service name's own candidates, said to fail, are the true reason the namespace is needed
      // ("from app, `payments` alone tries payments.app.svc.cluster.local, … and all of them are NXDOMAIN")
      const bare = f.service?.name.toLowerCase();
      const bareFails =
        bare !== undefined &&
        bare !== f.host &&
        search.some((s) => surface === `${bare}.${s}`) &&
        sentenceFails(text, clause);
      if (labels.length >= 2 && !search.includes(surface) && !tried && !bareFails) {
        const [name = "", ns = ""] = labels;
        const rightNs = f.service?.namespace ?? "";
        addFinding(
          out,
          text,
          token,
          f.fqdn,
          ns !== rightNs && name === (f.service?.name ?? name)
            ? `${f.service?.name ?? name} lives in namespace ${rightNs}, so its name is ${f.fqdn}, not ${surface}.`
            : `The name that answers in this scenario is ${f.fqdn}.`,
        );
      }
    }
    if (wants.has("ndots") && token.surface.startsWith("ndots:") && f.ndots !== null) {
      const said = token.surface.slice(6);
      if (said !== f.ndots)
        addFinding(
          out,
          text,
          token,
          `ndots:${f.ndots}`,
          `The pod's resolv.conf sets ndots:${f.ndots} (${f.ndots === "5" ? "kubelet's default for ClusterFirst" : "from the pod's dnsConfig options"}), not ndots:${said}.`,
        );
    }
    const address = parseAnyAddress(token.surface);
    if (address === null) {
      if (wants.has("chain") && /^kube-(?:svc|sep)-[a-z0-9]{16}$/.test(token.surface)) {
        const prefix = token.surface.slice(0, 9);
        const chains = f.chains.map((c) => c.toLowerCase());
        if (!chains.includes(token.surface)) {
          const right = f.chains.find((c) => c.toLowerCase().startsWith(prefix)) ?? f.chains.join(" → ");
          if (right !== "") addFinding(out, text, token, right, `On this path the chain is ${right}.`, true);
        }
      }
      const node = nodeByName.get(token.surface);
      if (
        node !== undefined &&
        wants.has("backend-node") &&
        f.backendNode !== null &&
        !reachable.includes(node) &&
        towards(text, clause, i)
      ) {
        addFinding(
          out,
          text,
          token,
          f.backendNode,
          `On this path the backend runs on ${f.backendNode}, so the packet goes there, not to ${node}.`,
        );
      }
      if (wants.has("outside-address") && f.outside?.nodePort != null && /^3[0-2]\d{3}$/.test(token.surface)) {
        const n = Number(token.surface);
        const { nodePort, healthCheckNodePort } = f.outside;
        if (n >= 30000 && n <= 32767 && token.surface !== nodePort && token.surface !== healthCheckNodePort)
          addFinding(
            out,
            text,
            token,
            nodePort,
            `${f.service?.name ?? "The Service"}'s NodePort is ${nodePort}, not ${token.surface}.`,
          );
      }
      if (
        node !== undefined &&
        wants.has("client-node") &&
        f.clientNode !== null &&
        node !== f.clientNode &&
        !fromNode(text, clause, i)
      ) {
        addFinding(
          out,
          text,
          token,
          f.clientNode,
          `The reverse translation happens on ${f.clientNode}, ${f.clientName}'s node, where conntrack recorded the DNAT; not on ${node}.`,
        );
      }
      continue;
    }
    const { ip } = address;
    // "203.0.113.7 on port 8443", "10.96.12.34 port 80": the port said after the address
    const port = address.port ?? portAfter(text, clause, i);
    // a dual-stack Service has a ClusterIP per family: an address is checked against its own family's
    const ownClusterIP = isIPv6Text(ip) ? (f.clusterIPs.find(isIPv6Text) ?? null) : f.clusterIP;
    const isClusterIP = f.clusterIPs.includes(ip) || ip === f.clusterIP;
    if (
      wants.has("hosts-address") &&
      f.hostsFile !== null &&
      !f.hostsFile.addresses.includes(ip) &&
      ip !== f.clientIP &&
      !ip.startsWith("127.")
    ) {
      const right = f.hostsFile.addresses.join(", ");
      addFinding(
        out,
        text,
        token,
        right,
        `/etc/hosts gives ${right} for ${f.host}: ${f.clientName}'s hostAliases entry.`,
      );
    }
    if (
      wants.has("nameserver") &&
      f.clusterDNS !== null &&
      inServiceRange(ip, f) &&
      ip !== f.clusterDNS &&
      !isClusterIP &&
      !isIPv6Text(ip)
    ) {
      addFinding(
        out,
        text,
        token,
        f.clusterDNS,
        `The pod's nameserver is ${f.clusterDNS}, the kube-dns Service's ClusterIP.`,
      );
    }
    if (
      wants.has("clusterip") &&
      ownClusterIP !== null &&
      !isClusterIP &&
      !f.podIPs.includes(ip) &&
      !f.backendIPs.includes(ip) &&
      inServiceRange(ip, f) &&
      // "CoreDNS at 10.96.0.10 answers A 10.96.12.34": the server's own address beside the right answer
      !(ip === f.clusterDNS && quotes(text, clause, ownClusterIP))
    ) {
      addFinding(
        out,
        text,
        token,
        ownClusterIP,
        ip === f.clusterDNS
          ? `${ip} is the kube-dns Service's address; CoreDNS answers with ${f.service?.name ?? "the Service"}'s ClusterIP ${ownClusterIP}.`
          : `${f.service?.name ?? "The Service"}'s ${isIPv6Text(ip) ? "IPv6 " : ""}ClusterIP is ${ownClusterIP}.`,
      );
    }
    if (wants.has("service-port") && isClusterIP && port !== null && f.port !== null && port !== f.port) {
      const right = joinHostPort(ip, Number(f.port));
      addFinding(out, text, token, right, `The connection goes to the Service port ${f.port}; ${port} is not it.`);
    }
    if (
      wants.has("external-port") &&
      f.clusterIP === null &&
      f.addresses.includes(ip) &&
      port !== null &&
      f.port !== null &&
      port !== f.port
    ) {
      addFinding(
        out,
        text,
        token,
        `${ip}:${f.port}`,
        `With no Service port mapping the client dials the port of its URL, ${f.port}; ${port} is not it.`,
      );
    }
    if ((wants.has("outside-address") || wants.has("client-address")) && f.outside !== null) {
      const inCluster = (a: string) =>
        f.podIPs.some((p) => p.split(".").slice(0, 2).join(".") === a.split(".").slice(0, 2).join("."));
      const known =
        [f.host, f.clientIP, f.outside.seenSourceIP, f.clusterIP, ...f.nodeIPs].includes(ip) ||
        inCluster(ip) ||
        inServiceRange(ip, f);
      const dialled = `${f.host}:${f.port ?? ""}`;
      if (
        wants.has("outside-address") &&
        ip === f.host &&
        port !== null &&
        port !== f.port &&
        port !== f.outside.nodePort
      )
        addFinding(out, text, token, dialled, `The client dials ${dialled}; ${port} is not the port it connects to.`);
      else if (wants.has("outside-address") && !known)
        addFinding(
          out,
          text,
          token,
          dialled,
          `${f.clientName} dials ${dialled}, ${f.outside.lbIP !== null ? "the load balancer's ingress IP" : `${f.outside.entryNode ?? "the node"}'s address`}; ${ip} is no address of this path.`,
        );
      else if (wants.has("client-address") && !known)
        addFinding(
          out,
          text,
          token,
          f.clientName,
          `The client's address, which the pod sees under the Local policy, is ${f.clientName}.`,
        );
    }
    if (wants.has("dnat-target")) {
      const endpoint = f.backendEndpoints.find((e) => splitHostPort(e).ip === ip);
      if (endpoint !== undefined && port !== null && !f.backendEndpoints.includes(joinHostPort(ip, Number(port)))) {
        addFinding(
          out,
          text,
          token,
          endpoint,
          `The DNAT rewrites the port too: ${f.port ?? "the Service port"} becomes the targetPort, so the destination is ${endpoint}.`,
        );
      } else if (
        endpoint === undefined &&
        port !== null &&
        !isClusterIP &&
        !inServiceRange(ip, f) &&
        ip !== "0.0.0.0" &&
        // from outside: the address dialled (what the DNAT rewrites), the client's and the nodes' own addresses
        !(f.kind === "outside" && (ip === f.host || ip === f.clientIP || f.nodeIPs.includes(ip)))
      ) {
        const podIP = f.podIPs.includes(ip);
        if (!podIP || !f.backendIPs.includes(ip)) {
          addFinding(
            out,
            text,
            token,
            f.backendEndpoints.join(" or "),
            `${token.surface} is no endpoint of this Service; its endpoints are ${f.backendEndpoints.join(" and ")}.`,
          );
        }
      }
    }
    if (
      wants.has("target-port") &&
      port !== null &&
      f.backendIPs.includes(ip) &&
      f.targetPort !== null &&
      port !== f.targetPort
    ) {
      addFinding(
        out,
        text,
        token,
        joinHostPort(ip, Number(f.targetPort)),
        `The backend listens on its targetPort ${f.targetPort}.`,
      );
    }
  }
  return out;
}

const TOWARDS = new Set(["to", "into", "onto", "towards", "toward"]);

const REPLY_KEYS = new Set(["back", "reply"]);

/**
 * Whether the node at token `i` is where the packet goes ("routed to node-1", "VXLAN to node-2"), not where it
 * starts or passes ("netfilter on node-1", "from node-1", "node-1's bridge", "into node-1's root namespace"), nor
 * where the reply returns ("the reply goes back over VXLAN to node-1").
 */
function towards(text: AnalysedAnswer, clause: Clause, i: number): boolean {
  const before = i - 1 >= clause.first ? text.tokens[i - 1] : undefined;
  const token = text.tokens[i];
  if (before === undefined || token === undefined || !TOWARDS.has(before.surface)) return false;
  // the possessive: the token's own text ends with 's ("node-1's"), or the apostrophe follows it
  const own = text.answer.slice(token.start, token.end);
  if (/['\u2019]s$/.test(own) || text.answer.charCodeAt(token.end) === 39) return false;
  for (let k = clause.first; k < i; k++) if (REPLY_KEYS.has(text.tokens[k]?.key ?? "")) return false;
  return true;
}

/** "the reply travels from node-2 back to node-1": the node it comes from is not where conntrack acts. */
function fromNode(text: AnalysedAnswer, clause: Clause, i: number): boolean {
  return i - 1 >= clause.first && text.tokens[i - 1]?.surface === "from";
}

/** Whether the clause quotes the address (with or without a port). */
function quotes(text: AnalysedAnswer, clause: Clause, ip: string): boolean {
  for (let i = clause.first; i <= clause.last; i++)
    if (parseAnyAddress(text.tokens[i]?.surface ?? "")?.ip === ip) return true;
  return false;
}
