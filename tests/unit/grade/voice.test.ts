import { describe, expect, it } from "vitest";
import { gradeAnswer } from "../../../lib/grade";
import { analyseAnswer } from "../../../lib/grade/analyse";
import { compiledRubricFor } from "../../../lib/grade/rubric";
import { activeSentences } from "../../../lib/grade/voice";
import { tracePaths } from "../../../lib/sim";
import { corpusTrace } from "./corpus-scenarios";

const seed = corpusTrace("seed");
const lexicon = compiledRubricFor(seed).lexicon;
const reworded = (answer: string) => activeSentences(analyseAnswer(answer, lexicon)).map((s) => s.text);

describe("the active reading of passive clauses", () => {
  it.each([
    [
      "The requests are spread evenly over bar-1 and bar-2 by CoreDNS.",
      ["coredns spread the requests evenly over bar-1 and bar-2"],
    ],
    [
      "The destination is rewritten to 10.244.2.22:9090 by flannel.",
      ["flannel rewritten the destination to 10.244.2.22:9090"],
    ],
    ["The requests are not spread over the pods by CoreDNS.", ["coredns not spread the requests over the pods"]],
    ["What is handed back by CoreDNS is the address of bar-2.", ["coredns handed back the address of bar-2"]],
    // a coordinated participle shares the subject; a name is an agent too
    [
      "The packet is carried to node-2 by flannel's VXLAN and received by bar-2 on port 8443.",
      ["flannel carried the packet to node-2 vxlan", "bar-2 received the packet on port 8443"],
    ],
    ["The reply is sent by bar-2 to 10.244.1.10.", ["bar-2 sent the reply to 10.244.1.10"]],
    // no component after "by", an active clause, a passive with no agent: nothing to turn round
    ["The name is resolved by default.", []],
    ["CoreDNS answers with 10.96.12.34.", []],
    ["The SYN is rejected with ICMP port unreachable.", []],
  ])("%s", (answer, expected) => {
    expect(reworded(answer)).toEqual(expected);
  });

  const flagged = (answer: string) => {
    const result = gradeAnswer(answer, tracePaths(seed.scenario, { seed: 1 }));
    if (!result.ok) throw new Error(result.message);
    return result.grade.misconceptions.map((m) => m.id);
  };

  it("flags a misconception told in the passive with the active pattern, quoting the answer's clause", () => {
    const answer = "CoreDNS answers 10.96.12.34. The requests are spread evenly over bar-1 and bar-2 by CoreDNS.";
    const result = gradeAnswer(answer, tracePaths(seed.scenario, { seed: 1 }));
    if (!result.ok) throw new Error(result.message);
    const m = result.grade.misconceptions.find((x) => x.id === "coredns-load-balances");
    expect(m?.evidence?.text).toBe("The requests are spread evenly over bar-1 and bar-2 by CoreDNS");
  });

  it("credits a step told in the passive when its agent is the one the active pattern names", () => {
    const answer =
      "CoreDNS answers 10.96.12.34. The packet is carried to node-2 by flannel's VXLAN and received by bar-2 on port 8443.";
    const result = gradeAnswer(answer, tracePaths(seed.scenario, { seed: 1 }));
    if (!result.ok) throw new Error(result.message);
    const receive = result.grade.concepts.find((c) => c.id === "pod-receive");
    expect(receive?.found).toBe(true);
    expect(receive?.evidence?.text).toBe(
      "The packet is carried to node-2 by flannel's VXLAN and received by bar-2 on port 8443",
    );
  });

  it("does not credit a choice named only as an adjective ('the chosen pod')", () => {
    const answer =
      "CoreDNS answers 10.96.12.34. The destination is then rewritten by iptables on node-1 to the chosen pod's IP on port 8443.";
    const result = gradeAnswer(answer, tracePaths(seed.scenario, { seed: 1 }));
    if (!result.ok) throw new Error(result.message);
    expect(result.grade.concepts.find((c) => c.id === "endpoint-selection")?.found).toBe(false);
    expect(result.grade.concepts.find((c) => c.id === "dnat")?.found).toBe(true);
  });

  it("keeps the passive's denial and scope", () => {
    expect(
      flagged("CoreDNS answers 10.96.12.34. The requests are never spread over bar-1 and bar-2 by CoreDNS."),
    ).not.toContain("coredns-load-balances");
    expect(
      flagged(
        "CoreDNS answers 10.96.12.34. If this were DNS round robin, requests would be spread over the pods by CoreDNS.",
      ),
    ).not.toContain("coredns-load-balances");
  });
});
