import type { ScenarioTemplate } from "../../schemas/question-set";
import {
  splitHostPort,
  traceScenario,
  validateScenario,
  withCorednsAutopath,
  type DnsQuery,
  type Hop,
  type Trace,
} from "../../sim";
import { plural } from "../plural";
import { code } from "./prose";

/**
 * The trace's hops as a numbered Markdown list, each hop's summary as lib/sim wrote it for this cluster;
 * `withKinds` puts the hop kind and where it happens in front (the flashcard's full-path answer).
 */
export function hopSteps(trace: Trace, { withKinds = false }: { withKinds?: boolean } = {}): string {
  return trace.hops
    .map((hop, i) => `${i + 1}. ${withKinds ? `**${hop.kind}** (${hop.at}): ` : ""}${hop.summary}`)
    .join("\n");
}

/**
 * The answer the simulation computes for a template's question (Markdown): the flashcard's back and the admin
 * sample's "computed answer".
 */
export function scenarioAnswer(trace: Trace, template: ScenarioTemplate): string {
  const dns = trace.dns;
  switch (template) {
    case "dns-names": {
      const names = dns.queries.map((q) => {
        const answers = q.answers.map((a) => `${a.type} ${a.value}`).join(", ");
        return `1. ${code(q.name)} → ${q.rcode}${answers ? ` (${answers})` : ""}`;
      });
      const result =
        dns.result.error === null
          ? `The resolver returns ${dns.result.addresses.map(code).join(", ")} after ${dns.queries.length} name(s), ${dns.packets} query packets.`
          : `The lookup fails with ${code(dns.result.error)} after ${dns.queries.length} name(s).`;
      return [
        `**Names queried, in order** (nameserver ${code(trace.resolvConf.nameservers[0] ?? "")}):`,
        "",
        ...names,
        "",
        result,
      ].join("\n");
    }
    case "returned-ip":
      return dns.result.error === null
        ? `**${dns.result.addresses.map(code).join(", ")}**: the answer to ${code(dns.queries.find((q) => q.answers.length > 0)?.name ?? "")}.`
        : `**No address**: the lookup fails with ${code(dns.result.error)}.`;
    case "chain-path": {
      if (trace.proxy === null)
        return "**kube-proxy is not involved**: the connection goes straight to the address DNS returned.";
      const chains =
        trace.proxy.chains.length > 0
          ? trace.proxy.chains.map((c) => code(c)).join(" → ")
          : `no per-Service chains (${trace.proxy.mode} virtual server)`;
      const candidates = trace.proxy.candidates
        .map((c) => `${code(c.endpoint)} (${Math.round(c.probability * 100)}%)`)
        .join(", ");
      return [
        `**${trace.proxy.mode}** path: ${chains}.`,
        "",
        candidates ? `Candidate endpoints: ${candidates}.` : "No usable endpoint.",
        trace.connection?.backend
          ? `This time: ${code(trace.connection.backend)} (${trace.connection.backendPod ?? "?"}).`
          : "",
      ].join("\n");
    }
    case "outcome": {
      const c = trace.connection;
      if (c === null)
        return `**No connection**: ${dns.result.error ? `DNS fails with ${code(dns.result.error)}` : "nothing to connect to"}.`;
      return (
        `**${c.outcome}** to ${code(c.dst)}` +
        (c.backend ? `, served by ${code(c.backend)} (${c.backendPod ?? "?"} on ${c.backendNode ?? "?"})` : "") +
        (c.snat ? ", with SNAT (masquerade)" : "") +
        "."
      );
    }
    case "client-source":
      return clientSourceAnswer(trace);
    case "dns-queries":
      return dnsQueriesAnswer(trace);
    case "full-path":
      return ["**The full path, hop by hop:**", "", hopSteps(trace, { withKinds: true })].join("\n");
  }
}

const addressOf = (endpoint: string): string => splitHostPort(endpoint).ip;

/** Which source address the backend sees, and the hop that made it so (read from the trace). */
function clientSourceAnswer(trace: Trace): string {
  const c = trace.connection;
  if (c === null || c.seenSource === null) {
    const why =
      c === null
        ? "no connection is opened"
        : `the connection ends ${c.outcome === "refused" ? "refused" : "in a timeout"} first`;
    return `**No pod sees the connection**: ${why}.`;
  }
  const seen = addressOf(c.seenSource);
  const sent = trace.hops.find((hop) => hop.kind === "app.connect")?.packet?.src;
  const client = sent === undefined ? null : addressOf(sent);
  const rewrites = trace.hops.filter((hop) => hop.kind === "proxy.masquerade" || hop.kind === "net.masquerade");
  if (client === null || seen === client) {
    return (
      `**${code(seen)}**, the client's own address: no hop on this path rewrites the source` +
      `${trace.proxy !== null ? " (kube-proxy rewrites only the destination here)" : ""}.`
    );
  }
  const because = rewrites.map((hop) => hop.summary).join(" ");
  return `**${code(seen)}**, not the client's ${code(client)}${because ? `: ${because}` : "."}`;
}

/** Who answered a query, read from its `dns.lookup` hop (lib/sim/dns-exchange.ts writes `at`). */
function answererOf(lookup: Hop | undefined): string {
  if (lookup === undefined) return "no server answers";
  const [where = "", ...rest] = lookup.at.split(" ");
  const name = rest.join(" ");
  const server =
    where === "coredns"
      ? `CoreDNS pod ${code(name)}`
      : where === "node-local-dns"
        ? `NodeLocal DNSCache on ${code(name.replace(/^node /, ""))}`
        : `the nameserver ${code(name)}`;
  const detail = lookup.detail as {
    source?: string;
    forwardedTo?: string | null;
    cache?: string;
    corefile?: { autopath?: { tried: readonly string[]; answeredBy: string | null } | null };
  };
  const autopath = detail.corefile?.autopath ?? null;
  const walked =
    autopath === null
      ? ""
      : autopath.answeredBy === null
        ? `; autopath tried ${plural(autopath.tried.length, "name")}, none resolved, so the client searches on`
        : autopath.answeredBy === lookup.detail.name
          ? "; autopath: the name asked answers itself"
          : `; autopath tried ${plural(autopath.tried.length, "name")} and ${code(autopath.answeredBy)} answered`;
  const via =
    where === "node-local-dns" && detail.cache
      ? ` (${detail.cache})`
      : where === "coredns" && detail.source === "upstream" && detail.forwardedTo
        ? `, forwarded to ${code(detail.forwardedTo)}`
        : "";
  return `${server}${via}${walked}`;
}

function queryOutcome(query: DnsQuery): string {
  const answers = query.answers.map((a) => `${a.type} ${a.value}`).join(", ");
  return `${query.rcode}${answers ? ` (${answers})` : ""}`;
}

const countOf = (trace: Trace): string =>
  `${plural(trace.dns.queries.length, "query", "queries")} (${plural(trace.dns.packets, "packet")})`;

/** The same scenario with CoreDNS's autopath the other way round; null when that scenario is not valid. */
function autopathFlipped(trace: Trace): { readonly on: boolean; readonly trace: Trace } | null {
  const on = trace.scenario.dns.coredns.corefile?.autopath !== true;
  const valid = validateScenario(withCorednsAutopath(trace.scenario, on));
  // query names and answers do not depend on the seed (it picks ports, CoreDNS pods and record rotation)
  return valid.ok ? { on, trace: traceScenario(valid.value, { seed: 0 }) } : null;
}

/**
 * How many queries the resolver sends, in order, with each one's outcome and the server that answered (its
 * `dns.lookup` hop), then the same count with CoreDNS's autopath the other way round (plugin/autopath README:
 * one query instead of the whole search list when the pod's first search domain is asked).
 */
function dnsQueriesAnswer(trace: Trace): string {
  const lookups = trace.hops.filter((hop) => hop.kind === "dns.lookup");
  const seen = new Map<string, number>();
  const lines = trace.dns.queries.map((query) => {
    const nth = seen.get(query.name) ?? 0;
    seen.set(query.name, nth + 1);
    const lookup = lookups.filter((hop) => hop.detail.name === query.name)[nth];
    return `1. ${code(query.name)} → ${queryOutcome(query)}, answered by ${answererOf(lookup)}`;
  });
  const autopath = trace.scenario.dns.coredns.corefile?.autopath === true;
  const head =
    trace.dns.queries.length === 0
      ? "**No DNS query**: the name is answered without DNS (/etc/hosts, or an IP address)."
      : `**${countOf(trace)}** to ${code(trace.dns.queries[0]?.server ?? "")}, CoreDNS autopath ${autopath ? "on" : "off"}:`;
  const flipped = trace.dns.queries.length === 0 ? null : autopathFlipped(trace);
  const other =
    flipped === null
      ? []
      : [
          "",
          `**${flipped.on ? "With" : "Without"} autopath** (${flipped.on ? "`autopath @kubernetes`, pods verified" : "the same Corefile without it"}): ` +
            (flipped.trace.dns.queries.map((q) => `${q.name} ${q.rcode}`).join() ===
            trace.dns.queries.map((q) => `${q.name} ${q.rcode}`).join()
              ? `the same ${countOf(flipped.trace)}.`
              : `${countOf(flipped.trace)}: ${flipped.trace.dns.queries.map((q) => `${code(q.name)} ${q.rcode}`).join(", ")}.`),
        ];
  const result =
    trace.dns.result.error === null
      ? `The resolver returns ${trace.dns.result.addresses.map(code).join(", ")}.`
      : `The lookup fails with ${code(trace.dns.result.error)}.`;
  return [head, ...(lines.length > 0 ? ["", ...lines] : []), "", result, ...other].join("\n");
}
