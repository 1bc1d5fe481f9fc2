import type { ScenarioTemplate } from "../../schemas/question-set";
import { splitHostPort, type Trace } from "../../sim";
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
