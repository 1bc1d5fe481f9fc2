import type { ScenarioTemplate } from "../../schemas/question-set";

/**
 * What each scenario template asks. `label` names it in the editor; `interviewLead` follows the author's
 * question in a mock interview, where every answer is graded as an explanation of the whole request path, so
 * the lead says which part of that path the question is about (the full path needs none). The flashcard
 * reviewer shows the author's question as written and the template's computed answer (./answer.ts).
 */
export const SCENARIO_TEMPLATES: Readonly<
  Record<ScenarioTemplate, { readonly label: string; readonly interviewLead: string | null }>
> = {
  "full-path": { label: "Full path (every hop, in order)", interviewLead: null },
  "dns-names": {
    label: "DNS names queried, in order",
    interviewLead: "Explain the path, starting with which DNS names the resolver queries and in what order.",
  },
  "returned-ip": {
    label: "Address DNS returns",
    interviewLead: "Explain the path, including which address DNS returns and why.",
  },
  "chain-path": {
    label: "kube-proxy chain path",
    interviewLead: "Explain the path, including which kube-proxy rules (chains) the connection walks.",
  },
  outcome: {
    label: "Connection outcome",
    interviewLead: "Explain the path and how the request ends (response, refused or timeout).",
  },
};
