import type { ScenarioTemplate } from "../../schemas/question-set";

/**
 * What each scenario template asks. `label` names it in the editor; `interviewLead` follows the author's
 * question in a mock interview, where every answer is graded as an explanation of the whole request path, so
 * the lead says which part of that path the question is about (the full path needs none). `asks` recognises
 * a question that already asks about that part ("Which DNS names does the resolver query?"): the lead then
 * only asks for the path (interviewLead below), so the prompt does not say the same thing twice. The flashcard
 * reviewer shows the author's question as written and the template's computed answer (./answer.ts).
 */
export const SCENARIO_TEMPLATES: Readonly<
  Record<
    ScenarioTemplate,
    { readonly label: string; readonly interviewLead: string | null; readonly asks: RegExp | null }
  >
> = {
  "full-path": { label: "Full path (every hop, in order)", interviewLead: null, asks: null },
  "dns-names": {
    label: "DNS names queried, in order",
    interviewLead: "Explain the path, starting with which DNS names the resolver queries and in what order.",
    asks: /\b(names?|search (list|domains?))\b[^.?!]*\b(quer|tr(y|ie)|look)|\b(quer\w*|tr(y|ie)\w*|look\w* up)\b[^.?!]*\bnames?\b/i,
  },
  "returned-ip": {
    label: "Address DNS returns",
    interviewLead: "Explain the path, including which address DNS returns and why.",
    asks: /\b(address(es)?|ips?)\b[^.?!]*\breturn|\breturn\w*\b[^.?!]*\b(address(es)?|ips?)\b/i,
  },
  "chain-path": {
    label: "kube-proxy chain path",
    interviewLead: "Explain the path, including which kube-proxy rules (chains) the connection walks.",
    asks: /\b(chains?|iptables|nftables|ipvs|kube-proxy rules?)\b/i,
  },
  outcome: {
    label: "Connection outcome",
    interviewLead: "Explain the path and how the request ends (response, refused or timeout).",
    asks: /\b(outcome|refused|time[sd]? ?out|how (does )?(the )?(request|connection|call) (end|finish))/i,
  },
  "client-source": {
    label: "Source address the backend pod sees",
    interviewLead: "Explain the path, including which source address the backend pod sees and why.",
    asks: /\bsource (address|ip)\b|\b(client'?s?|caller'?s?) (address|ip)\b/i,
  },
  "dns-queries": {
    label: "DNS queries sent and who answers them (with and without CoreDNS autopath)",
    interviewLead: "Explain the path, including how many DNS queries the resolver sends and which server answers each.",
    asks: /\bhow many\b[^.?!]*\b(dns )?quer(y|ies)\b|\bautopath\b/i,
  },
};

/** The lead after a question that already asks about the template's part: only the path is left to ask. */
export const PATH_ONLY_LEAD = "Answer it as part of the whole path, hop by hop.";

/** A question that already asks for the path itself needs no lead about it. */
const ASKS_FOR_PATH = /\b(path|hop by hop|every hop|each hop)\b/i;

/**
 * What follows the author's `question` in a mock interview (null: nothing): the template's lead, or only the
 * request for the path when the question already asks what the lead would, and nothing when it asks both.
 */
export function interviewLead(template: ScenarioTemplate, question: string): string | null {
  const { interviewLead: lead, asks } = SCENARIO_TEMPLATES[template];
  if (lead === null || asks === null || !asks.test(question)) return lead;
  return ASKS_FOR_PATH.test(question) ? null : PATH_ONLY_LEAD;
}
