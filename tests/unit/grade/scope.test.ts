import { describe, expect, it } from "vitest";
import { analyseAnswer, createLexicon } from "../../../lib/grade";

const lexicon = createLexicon(["kube-proxy", "conntrack", "iptables"]);
/** the scope of the clause holding `word` */
function scopeOf(answer: string, word: string): string | undefined {
  const a = analyseAnswer(answer, lexicon);
  const at = a.tokens.findIndex((t) => t.surface === word);
  return a.clauses.find((c) => c.first <= at && at <= c.last)?.scope;
}

describe("clause scope", () => {
  it.each([
    ["Back in the userspace-proxy days kube-proxy accepted the connection itself.", "accepted", "historical"],
    ["In the early days kube-proxy copied the bytes.", "copied", "historical"],
    ["In those days kube-proxy relayed every packet.", "relayed", "historical"],
    ["The reply comes back in the same connection.", "comes", "asserted"],
    ["kube-proxy writes the rules in the nat table.", "writes", "asserted"],
    // a belief used as a comparison's yardstick is the speaker's own claim
    ["The way back is simpler than people think: the reply arrives as it is.", "arrives", "asserted"],
    ["It is faster than most people think, the rules sit in the kernel.", "sit", "asserted"],
    ["Some people think the reply arrives as it is.", "arrives", "reported"],
    ["A common myth is that CoreDNS balances the traffic.", "balances", "reported"],
    // a belief told in the progressive ("I was thinking"), and a take-back said as "this is not correct"
    ["Firstly I was thinking CoreDNS hands out the pod address.", "hands", "retracted"],
    ["At first I was thinking kube-proxy relays the bytes, but it only writes rules.", "relays", "retracted"],
    ["CoreDNS hands out the pod address — no, this is not correct, it gives the ClusterIP.", "hands", "retracted"],
    ["kube-proxy relays the bytes. That is not correct: it only writes rules.", "relays", "retracted"],
  ])("%j: the clause with %j is %s", (answer, word, scope) => {
    expect(scopeOf(answer, word)).toBe(scope);
  });
});
