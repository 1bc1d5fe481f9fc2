import { describe, expect, it } from "vitest";
import { analyseAnswer, createLexicon } from "../../../lib/grade";
import { corpusTrace } from "./corpus-scenarios";
import { flagged, found, grade } from "./graded";

/**
 * Known answers for the gaps the tenth held-out batch (tests/fixtures/answers/voices-held-out-10.yaml) left,
 * each in wordings other than the batch's own, with the nearby statements that must stay as they were.
 */
const clauseTexts = (answer: string) => {
  const a = analyseAnswer(answer, createLexicon([]));
  return a.clauses.map((c) => answer.slice(c.start, c.end));
};

const RULES = [
  "```",
  "-A KUBE-SVC-5ZJGYN7BN7Z5DHZA -m comment --comment app/bar:https -m statistic --mode random --probability 0.5 -j KUBE-SEP-GXCU2OJ5NOCAJG3G",
  "```",
].join("\n");

describe("a pasted iptables-save rule line is one rule, its -j a jump", () => {
  it("keeps the rule's options inside one clause with a verb", () => {
    const a = analyseAnswer(RULES, createLexicon([]));
    expect(a.clauses).toHaveLength(1);
    expect(a.clauses[0]?.verb).toBe(true);
    expect(a.tokens.map((t) => t.surface)).toContain("jump");
  });

  it("credits the endpoint choice told only by the statistic match of the rule", () => {
    const answer =
      "foo connects to 10.96.12.34:443 and node-1's nat table holds this rule:\n\n" +
      RULES +
      "\n\nso the packet is DNATed to 10.244.1.5:8443, bar-1.";
    expect(found(grade(answer))).toContain("endpoint-selection");
  });

  it("still splits prose at a spaced dash, and reads -j outside a rule line as no jump", () => {
    expect(clauseTexts("kube-proxy - the daemon on node-1 - writes the rules")).toHaveLength(3);
    const a = analyseAnswer("run it with -j 4 to build faster", createLexicon([]));
    expect(a.tokens.map((t) => t.surface)).not.toContain("jump");
  });

  it("reads a command's -t nat outside a rule line as no NAT claim (headless: no DNAT)", () => {
    const answer =
      "bar is headless, so CoreDNS returns the pod IPs. The node holds no rule for it:\n\n```\n$ iptables-save -t nat | grep app/bar\n$\n```\n\nfoo connects straight to 10.244.1.5.";
    expect(flagged(grade(answer, corpusTrace("headless")))).toEqual([]);
  });
});

describe("dig's answer lines are records", () => {
  const digLines = (...ips: string[]) =>
    ["```", ...ips.map((ip) => `bar.app.svc.cluster.local.\t5\tIN\tA ${ip}`), "```"].join("\n");

  it("keeps an answer line whole: the absolute name's dot ends no sentence, the A is a record", () => {
    const answer = digLines("10.244.2.7");
    const a = analyseAnswer(answer, createLexicon([]));
    expect(a.clauses).toHaveLength(1);
    expect(a.tokens.filter((t) => t.alts.includes("a-record")).map((t) => t.surface)).toEqual(["a"]);
  });

  it("credits the pod IPs of a headless Service told only by the answer lines", () => {
    const answer =
      "bar has no cluster IP. foo's resolver tries bar.app.svc.cluster.local first, and the reply is:\n\n" +
      digLines("10.244.2.7", "10.244.1.5") +
      "\n\nfoo then dials 10.244.2.7 itself, no kube-proxy rule in between.";
    expect(found(grade(answer, corpusTrace("headless")))).toContain("dns-answers-pod-ips");
  });

  it("credits the ClusterIP from a single answer line of a ClusterIP Service", () => {
    const answer =
      "glibc expands bar to bar.app.svc.cluster.local using the search list, and the lookup prints:\n\n" +
      digLines("10.96.12.34") +
      "\n\nthen foo connects to that address on 443.";
    const f = found(grade(answer));
    expect(f).toContain("dns-answers-clusterip");
    expect(f).not.toContain("dns-answers-pod-ips");
  });

  it("still ends a sentence at a name's final dot when no record follows", () => {
    expect(clauseTexts("foo asks for bar.app.svc.cluster.local.   30 seconds later it retries")).toHaveLength(2);
  });
});

describe("'and' before a fronted place and a new subject with its own verb starts a clause", () => {
  it("splits at 'and in <place> <subject> <verb>'", () => {
    expect(clauseTexts("bar-1 sends its reply back to foo and in the kernel conntrack rewrites the source")).toEqual([
      "bar-1 sends its reply back to foo",
      "and in the kernel conntrack rewrites the source",
    ]);
  });

  it("does not make the backend the reverse translation's actor", () => {
    const g = grade(
      "CoreDNS returns 10.96.12.34, iptables DNATs foo's SYN to 10.244.2.7:8443 and flannel routes it to node-2. " +
        "bar-2 replies to 10.244.1.10 and at node-1 conntrack is translating the source back to 10.96.12.34:443.",
    );
    expect(g.corrections.filter((c) => c.concept === "conntrack-reverse")).toEqual([]);
    expect(found(g)).toContain("conntrack-reverse");
  });

  it("keeps one clause when the place is followed by the verb itself", () => {
    expect(clauseTexts("conntrack notes the flow and on node-1 rewrites the reply")).toHaveLength(1);
  });
});
