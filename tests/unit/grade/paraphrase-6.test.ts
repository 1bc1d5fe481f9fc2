import { describe, expect, it } from "vitest";
import { analyseAnswer, createLexicon } from "../../../lib/grade";
import { corpusTrace } from "./corpus-scenarios";
import { flagged, found, grade } from "./graded";

/**
 * Known answers for the wordings the seventh held-out batch (tests/fixtures/answers/paraphrase-held-out-6.yaml)
 * brought in, and for the true statements in nearby words that must stay unflagged. (The comparison-yardstick
 * scope cases are in scope.test.ts.)
 */
describe("a clause that points back at the sentence before", () => {
  it("takes the DNS referent from that sentence: pod addresses coming back from the query", () => {
    const g = grade(
      "foo sends the query to CoreDNS at 10.96.0.10. What comes back are the real addresses of the bar pods.",
    );
    expect(flagged(g)).toContain("dns-returns-pod-ip");
  });

  it("takes nothing from a sentence that is not about DNS", () => {
    const g = grade("foo opens a connection to bar. What comes back are the real addresses of the bar pods.");
    expect(flagged(g)).not.toContain("dns-returns-pod-ip");
  });

  it("lends only a pattern's referent, not a cue word: a pod IP after 'to' in the sentence before is no DNAT", () => {
    const g = grade(
      "foo sends the query to CoreDNS. What comes back is 10.244.2.7, and foo opens its connection to that pod.",
    );
    expect(found(g).has("dnat")).toBe(false);
  });

  it("marks the clause that opens its sentence with a back-reference, and not the first sentence", () => {
    const a = analyseAnswer("foo asks CoreDNS. What comes back is an address.", createLexicon([]));
    expect(a.clauses.map((c) => c.refersBack)).toEqual([false, true]);
  });
});

describe("pod addresses from DNS for a ClusterIP Service", () => {
  it.each([
    "The DNS reply carries one A record per bar pod: 10.244.1.5 and 10.244.2.7.",
    "CoreDNS answers with an A record for each backend.",
  ])("flags %j", (answer) => {
    expect(flagged(grade(answer))).toContain("dns-returns-pod-ip");
  });

  it("does not flag one A record per pod for a headless Service (true there)", () => {
    expect(flagged(grade("The DNS reply carries one A record per bar pod.", corpusTrace("headless")))).toEqual([]);
  });

  it("a connection opened to a pod address is no DNAT; a rewrite to it is", () => {
    expect(found(grade("foo connects to 10.244.1.5:8443 over the cni0 bridge.")).has("dnat")).toBe(false);
    expect(found(grade("The KUBE-SEP chain rewrites the destination to 10.244.1.5:8443.")).has("dnat")).toBe(true);
  });
});

describe("denials of the reverse translation", () => {
  it.each([
    "bar-2's reply arrives as it is, and the connection tracking table plays no part in the response.",
    "On the return trip conntrack isn't involved at all.",
    "Responses don't go through any NAT: bar-2 answers foo from its own address.",
    "There is no conntrack lookup on the return path.",
    "bar-2's reply reaches foo and nothing has to rewrite it on the way back.",
  ])("flags %j as no-reverse-nat and does not credit the step", (answer) => {
    const g = grade(answer);
    expect(flagged(g)).toContain("no-reverse-nat");
    expect(found(g).has("conntrack-reverse")).toBe(false);
  });

  it.each([
    "The reply comes back from 10.244.2.7 and conntrack on node-1 rewrites its source to 10.96.12.34:443.",
    "conntrack plays the key part on the way back: it restores the source 10.96.12.34:443.",
    "The DNS reply needs no conntrack lookup of its own here, CoreDNS answers 10.96.12.34.",
  ])("does not flag %j", (answer) => {
    expect(flagged(grade(answer))).not.toContain("no-reverse-nat");
  });

  it("a denial that is true for a headless Service is no misconception", () => {
    expect(flagged(grade("On the return trip conntrack isn't involved at all.", corpusTrace("headless")))).toEqual([]);
  });
});

describe("CoreDNS carrying an ExternalName connection", () => {
  const extn = () => corpusTrace("external-name");
  it.each([
    "CoreDNS sits in the middle of the conversation and streams the partner's response back to foo.",
    "foo's HTTPS request goes to CoreDNS, which passes it on to api.partner.example.com.",
    "foo opens its TLS connection to CoreDNS, and CoreDNS relays the bytes to api.partner.example.com.",
    "CoreDNS works like a reverse proxy here: the GET / from foo lands on CoreDNS.",
  ])("flags %j", (answer) => {
    expect(flagged(grade(answer, extn()))).toContain("coredns-proxies-traffic");
  });

  it.each([
    "foo's DNS query goes to CoreDNS, which forwards only the query for api.partner.example.com upstream.",
    "foo connects straight to 203.0.113.7:443 itself; CoreDNS is not in the data path.",
    "CoreDNS acts as a DNS forwarder for names outside the cluster zone.",
  ])("does not flag %j", (answer) => {
    expect(flagged(grade(answer, extn()))).not.toContain("coredns-proxies-traffic");
  });

  it("a name the request is passed on to is a destination, not a CNAME", () => {
    const g = grade("foo's HTTPS request goes to CoreDNS, which passes it on to api.partner.example.com.", extn());
    expect(found(g).has("dns-cname")).toBe(false);
  });
});
